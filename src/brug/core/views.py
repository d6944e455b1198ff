from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.views import defaults
from django.views.decorators.http import require_GET

from brug.core import policy
from brug.core.errors import NotAllowed
from brug.core.home import panels_for
from brug.core.models import Job
from brug.core.navigation import all_sections_for


def home(request: HttpRequest) -> HttpResponse:
    memberships = []
    if request.user.is_authenticated:
        memberships = list(
            request.user.memberships.filter(is_active=True).select_related("organisation")
        )
    return render(
        request, "brug/home.html", {"panels": panels_for(request), "memberships": memberships}
    )


def all_sections(request: HttpRequest) -> HttpResponse:
    """Every part of Brug the permission matrix opens to this person, grouped as in the menu
    (the menu itself only carries the parts that are this person's work)."""
    return render(request, "brug/all_sections.html", {"groups": all_sections_for(request)})


def _job_for(request: HttpRequest, pk: int) -> Job:
    job = get_object_or_404(Job, pk=pk)
    if not policy.can(request.user, "view", job):
        raise NotAllowed()
    return job


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "brug/job_detail.html", {"job": _job_for(request, pk)})


@login_required
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request, pk)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"status": job.status, "percent": job.percent, "message": job.message})
    return render(request, "brug/partials/job_progress.html", {"job": job})


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    items = list(request.user.notifications.all()[:100])  # type: ignore[union-attr]
    response = render(request, "brug/notifications.html", {"notifications": items})
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())  # type: ignore[union-attr]
    return response


STATEMENTS = {"privacy", "accessibility", "cookies"}


@require_GET
def statement(request: HttpRequest, name: str) -> HttpResponse:
    """The privacy statement, the accessibility statement and the cookie page (public)."""
    if name not in STATEMENTS:
        raise Http404
    return render(
        request,
        f"brug/statements/{name}.html",
        {"invitation_days": getattr(settings, "BRUG_INVITATION_DAYS", 14)},
    )


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The branded 400, in the visitor's language even when the request was refused before
    the locale middleware ran (for example a disallowed Host header)."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    translation.activate(language if language in ("nl", "en") else "nl")
    return defaults.bad_request(request, exception)
