from django.urls import path

from brug.covenants import shortage_views, views

app_name = "covenants"
urlpatterns = [
    path("", views.covenant_list, name="list"),
    path("analyse/", views.analysis_page, name="analysis"),
    path("non-discriminatie/", views.discrimination_page, name="discrimination"),
    path("tekortsignalen/", shortage_views.signal_list, name="signals"),
    path("tekortsignalen/nieuw/", shortage_views.signal_new, name="signal_new"),
    path("tekortsignalen/<int:pk>/", shortage_views.signal_detail, name="signal"),
    path("<int:pk>/", views.covenant_detail, name="detail"),
    path("<int:pk>/stap/<slug:name>/", views.covenant_transition, name="transition"),
    path("<int:pk>/acties/nieuw/", views.action_new, name="action_new"),
    path(
        "<int:pk>/acties/<int:action_pk>/verbintenis/",
        views.commitment_new,
        name="commitment_new",
    ),
    path("<int:pk>/rapporteren/<int:window_pk>/", views.report_open, name="report_open"),
    path("<int:pk>/addenda/nieuw/", views.addendum_new, name="addendum_new"),
    path(
        "<int:pk>/addenda/<int:addendum_pk>/non-discriminatie/",
        views.measurement_new,
        name="measurement_new",
    ),
    path("<int:pk>/evaluatie/", views.evaluation_new, name="evaluation_new"),
    path("<int:pk>/export.<str:fmt>", views.covenant_export, name="export"),
    path("rapporten/<int:pk>/", views.report_detail, name="report"),
    path("verbintenissen/<int:pk>/records/", views.drilldown, name="drilldown"),
    path("generaties/<int:pk>/vensters/nieuw/", views.window_new, name="window_new"),
    path("generaties/<int:pk>/rapport/", views.generation_report, name="generation_report"),
    path(
        "generaties/rapport/<int:job_pk>/<str:fmt>/",
        views.generation_report_file,
        name="generation_report_file",
    ),
]
