from django.urls import path

from brug.access import views

app_name = "access"
urlpatterns = [
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/nieuw/", views.token_create, name="token_create"),
    path("tokens/<int:pk>/", views.token_detail, name="token_detail"),
    path("tokens/<int:pk>/intrekken/", views.token_revoke, name="token_revoke"),
    path("blokkades/", views.lockout_list, name="lockout_list"),
    path("blokkades/<int:pk>/vrijgeven/", views.lockout_release, name="lockout_release"),
]
