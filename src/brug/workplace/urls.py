from django.urls import path

from brug.workplace import privacy_views, recognition_views, views, views_guidance

app_name = "workplace"
urlpatterns = [
    path("zoeken/", views.search, name="search"),
    path("plaatsen/nieuw/", views.opening_new, name="opening-new"),
    path("plaatsen/<int:pk>/", views.opening_detail, name="opening-detail"),
    path("onderneming/", views.company_home, name="company"),
    path("erkenningen/nieuw/", views.recognition_new, name="recognition-new"),
    path("erkenningen/<int:pk>/", views.recognition_detail, name="recognition-detail"),
    path(
        "erkenningen/<int:pk>/voorwaarden/",
        recognition_views.recognition_conditions,
        name="recognition-conditions",
    ),
    path(
        "erkenningen/<int:pk>/voorwaarden/<slug:kind>/bewijs/",
        recognition_views.condition_evidence,
        name="condition-evidence",
    ),
    path(
        "erkenningen/<int:pk>/voorwaarden/<slug:kind>/bestand/",
        recognition_views.condition_evidence_file,
        name="condition-evidence-file",
    ),
    path(
        "erkenningen/<int:pk>/voorwaarden/<slug:kind>/oordeel/",
        recognition_views.condition_verdict,
        name="condition-verdict",
    ),
    path(
        "erkenningen/<int:pk>/plaatsbezoek/",
        recognition_views.site_visit_new,
        name="site-visit-new",
    ),
    path(
        "erkenningen/<int:pk>/verlenging/",
        recognition_views.recognition_renewal,
        name="recognition-renewal",
    ),
    path(
        "erkenningen/<int:pk>/<slug:name>/",
        views.recognition_transition,
        name="recognition-transition",
    ),
    path("mentoren/nieuw/", views.mentor_new, name="mentor-new"),
    path("mentoren/<int:pk>/actief/", views.mentor_toggle, name="mentor-toggle"),
    path("kandidaturen/<int:pk>/intake/", views.application_intake, name="application-intake"),
    path("kandidaturen/<int:pk>/overeenkomst/", views.placement_new, name="placement-new"),
    path("overeenkomsten/<int:pk>/", views.placement_detail, name="placement-detail"),
    path("overeenkomsten/<int:pk>/einde/", views.placement_end, name="placement-end"),
    path(
        "overeenkomsten/<int:pk>/overeenkomst/",
        views_guidance.agreement_save,
        name="agreement-save",
    ),
    path(
        "overeenkomsten/<int:pk>/instemming/",
        views_guidance.agreement_consent,
        name="agreement-consent",
    ),
    path(
        "overeenkomsten/<int:pk>/overeenkomst.pdf",
        views_guidance.agreement_download,
        name="agreement-pdf",
    ),
    path("overeenkomsten/<int:pk>/begeleiding/", views_guidance.guidance_new, name="guidance-new"),
    path("overeenkomsten/<int:pk>/feedback/", views_guidance.feedback_new, name="feedback-new"),
    path("lerenden/<int:pk>/advies/", views_guidance.advice_new, name="advice-new"),
    path("lerenden/<int:pk>/aanloopfase/", views_guidance.start_up_save, name="start-up-save"),
    path("kwaliteit/", views_guidance.quality_list, name="quality"),
    path("opleidingsplan/onderdeel/<int:pk>/", views.progress_record, name="progress-record"),
    path("lerenden/", views.learners, name="learners"),
    path("lerenden/nieuw/", views.learner_new, name="learner-new"),
    path("lerenden/<int:pk>/", views.learner_detail, name="learner-detail"),
    path("lerenden/<int:pk>/kandidaat/", views.learner_apply, name="learner-apply"),
    path("lerenden/<int:pk>/gegevens/", privacy_views.learner_data, name="learner-data"),
    path(
        "lerenden/<int:pk>/gegevens.<str:fmt>",
        privacy_views.learner_export,
        name="learner-export",
    ),
    path("leeslog/", privacy_views.read_log, name="read-log"),
    path("beoordelen/", views.review_queue, name="review-queue"),
    path("consulent/", views.consultant_home, name="consultant"),
    path("consulent/contact/", views.contact_new, name="contact-new"),
    path("mijn-traject/", views.my_trajectory, name="my-trajectory"),
]
