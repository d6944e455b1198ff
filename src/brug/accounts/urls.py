from __future__ import annotations

from django.urls import path

from brug.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("organisatie/", views.choose_organisation, name="choose_organisation"),
    path("wachtwoord/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "wachtwoord/gewijzigd/",
        views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("wachtwoord-vergeten/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "wachtwoord-vergeten/verstuurd/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "herstel/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "herstel/klaar/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("uitnodiging/<str:token>/", views.accept, name="accept"),
    path("collegas/", views.my_members, name="my_members"),
    path("organisaties/<int:pk>/leden/", views.members, name="members"),
    path("lidmaatschap/<int:pk>/wijzigen/", views.membership_update, name="membership_update"),
    path("lidmaatschap/<int:pk>/beeindigen/", views.membership_remove, name="membership_remove"),
    path(
        "uitnodigingen/<int:pk>/<str:action>/",
        views.invitation_action,
        name="invitation_action",
    ),
    path("aan-boord/", views.onboard, name="onboard"),
]
