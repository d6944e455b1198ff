from django.urls import path

from brug.innovet import views, views_practice

app_name = "innovet"
urlpatterns = [
    path("", views.search, name="search"),
    path("aanbod/<int:pk>/", views.offer_detail, name="offer-detail"),
    path("aanbod/nieuw/", views.offer_create, name="offer-create"),
    path("aanbod/<int:pk>/bewerken/", views.offer_edit, name="offer-edit"),
    path("aanbod/<int:pk>/sessies/nieuw/", views.session_add, name="session-add"),
    path(
        "aanbod/<int:pk>/inschrijvingen/",
        views.provider_registrations,
        name="provider-registrations",
    ),
    path("aanbod/<int:pk>/boeken/", views.booking_create, name="booking-create"),
    path("mijn-aanbod/", views.provider_offers, name="provider-offers"),
    path("sessies/<int:pk>/inschrijven/", views.register, name="register"),
    path("sessies/<int:pk>/agenda.ics", views.session_calendar, name="session-calendar"),
    path("inschrijvingen/", views.my_registrations, name="my-registrations"),
    path(
        "inschrijvingen/<int:pk>/<slug:action>/",
        views.registration_action,
        name="registration-action",
    ),
    path("plan/", views.development_plan, name="plan"),
    path("attest/<str:code>/", views.certificate_verify, name="certificate-verify"),
    path("attest/<str:code>/pdf/", views.certificate_download, name="certificate-pdf"),
    path("materiaal/", views.material_list, name="material-list"),
    path("materiaal/nieuw/", views.material_create, name="material-create"),
    path("materiaal/<int:pk>/", views.material_detail, name="material-detail"),
    path("materiaal/<int:pk>/download/", views.material_download, name="material-download"),
    path("gastlessen/", views.guest_requests, name="guest-requests"),
    path(
        "gastlessen/<int:pk>/<slug:action>/",
        views.guest_request_action,
        name="guest-request-action",
    ),
    path("rtc/", views.broker, name="broker"),
    path("10-dagen/", views_practice.ten_days, name="ten-days"),
    path("10-dagen/<int:pk>/", views_practice.ten_day_detail, name="ten-day-detail"),
    path(
        "10-dagen/<int:pk>/<slug:action>/",
        views_practice.ten_day_action,
        name="ten-day-action",
    ),
    path("bedrijfsstages/", views_practice.placements, name="placements"),
    path(
        "bedrijfsstages/<int:pk>/<slug:action>/",
        views_practice.placement_action,
        name="placement-action",
    ),
    path(
        "bedrijfsstages/attest/<str:code>/",
        views_practice.placement_certificate,
        name="placement-certificate",
    ),
    path("hybride-jobs/", views_practice.hybrid_jobs, name="hybrid-jobs"),
    path(
        "hybride-jobs/<int:pk>/<slug:action>/",
        views_practice.hybrid_job_action,
        name="hybrid-job-action",
    ),
    path("zij-instromers/", views_practice.lateral_entry, name="lateral-entry"),
    path("gastleraren/", views_practice.candidates, name="candidates"),
    path("gastleraren/<int:pk>/", views_practice.candidate_action, name="candidate-action"),
    path("ta/", views_practice.adviser_desk, name="adviser-desk"),
]
