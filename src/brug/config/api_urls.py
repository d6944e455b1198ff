"""The REST API: each app contributes its routes under /api/."""

from django.urls import include, path

urlpatterns = [
    path("registry/", include("brug.registry.api.urls")),
    path("workplace/", include("brug.workplace.api.urls")),
    path("matching/", include("brug.matching.api.urls")),
    path("covenants/", include("brug.covenants.api.urls")),
    path("education/", include("brug.education.api.urls")),
    path("corework/", include("brug.corework.api.urls")),
    path("innovet/", include("brug.innovet.api.urls")),
    path("monitoring/", include("brug.monitoring.api.urls")),
    path("partnerships/", include("brug.partnerships.api.urls")),
]
