"""The project's URLs plus a stub `registry:sources` (see conftest.py)."""

from django.http import HttpResponse
from django.urls import include, path

from brug.config import urls as project
from brug.registry import urls as registry_urls

registry_patterns = [
    *registry_urls.urlpatterns,
    path("bronnen/", lambda request: HttpResponse("stub"), name="sources"),
]
urlpatterns = [
    path("register/", include((registry_patterns, "registry"))),
    *[p for p in project.urlpatterns if getattr(p, "namespace", None) != "registry"],
]
