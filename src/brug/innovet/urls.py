from django.urls import path

from brug.innovet import views

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
]
