from django.urls import path

from brug.education import views

app_name = "education"
urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("nieuw/", views.round_new, name="round_new"),
    path("<int:pk>/", views.round_detail, name="round"),
    path("<int:pk>/afsluiten/", views.round_close, name="round_close"),
    path("<int:pk>/advies/<int:action_pk>/", views.advice_new, name="advice"),
    path("rapport/", views.council_report, name="report"),
    path("rapport/export.<str:fmt>", views.council_report_export, name="report_export"),
    path("akkoorden/", views.agreement_list, name="agreements"),
    path("akkoorden/nieuw/", views.agreement_new, name="agreement_new"),
    path("akkoorden/<int:pk>/", views.agreement_detail, name="agreement"),
    path(
        "akkoorden/<int:pk>/thema/<int:theme_pk>/engagement/",
        views.engagement_new,
        name="engagement_new",
    ),
    path("intersectoraal/", views.intersectoral_list, name="intersectoral"),
    path("engagementen/<int:pk>/evaluatie/", views.engagement_evaluate, name="evaluate"),
]
