from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.views import defaults
from django.views.decorators.http import require_GET, require_POST

from brug.core import alerts, policy
from brug.core.errors import NotAllowed, ServiceError
from brug.core.forms import SavedSearchForm, form_add_service_error
from brug.core.home import panels_for
from brug.core.i18n import gettext_lazy
from brug.core.models import Job, Notification, SavedSearch
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


NOTIFICATIONS_PAGE_SIZE = 50


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The person's notifications, newest first, paged; the ones shown count as read."""
    mine = Notification.objects.filter(recipient_id=request.user.pk)
    page = Paginator(mine.order_by("-created_at", "-pk"), NOTIFICATIONS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    items = list(page.object_list)
    unread = mine.filter(read_at__isnull=True).count()
    response = render(
        request,
        "brug/notifications.html",
        {"notifications": items, "page": page, "unread": unread},
    )
    shown_unread = [n.pk for n in items if n.read_at is None]
    if shown_unread:
        mine.filter(pk__in=shown_unread).update(read_at=timezone.now())
    return response


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    """Mark every notification of the person read at once."""
    count = Notification.objects.filter(recipient_id=request.user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    messages.success(
        request,
        str(gettext_lazy("{n} notifications marked read.", n=count)),
    )
    return redirect("notifications")


# ---------------------------------------------------------------- saved searches

SAVED_SEARCHES_PAGE_SIZE = 25


def _criteria(raw: str) -> dict[str, Any]:
    """The search page's query string, as the kind's `clean` reads it (a list for a key
    given more than once)."""
    return {
        k: (v if len(v) > 1 else v[0])
        for k, v in QueryDict(raw).lists()
        if k not in ("page", "learner", "sort")
    }


@login_required
def saved_searches(request: HttpRequest) -> HttpResponse:
    """The person's own saved searches (and the form posts here to save a new one)."""
    if not policy.can_any(request.user, "view", "core.savedsearch"):
        raise NotAllowed()
    form = SavedSearchForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                alerts.saved_search_create(
                    actor=request.user,
                    kind=data["kind"],
                    name=data["name"],
                    params=_criteria(data["criteria"]),
                    mail=data["mail"],
                )
            except ServiceError as exc:
                form_add_service_error(form, exc)
            else:
                messages.success(
                    request,
                    str(
                        gettext_lazy(
                            "Search saved. You get a notification as soon as something new matches."
                        )
                    ),
                )
                return redirect("saved-searches")
        if request.htmx:  # type: ignore[attr-defined]
            return render(request, "brug/partials/save_search_form.html", {"save_form": form})
    page = Paginator(alerts.saved_searches_of(request.user), SAVED_SEARCHES_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    searches = list(page.object_list)
    described: dict[int, str] = {}
    for key in {s.kind for s in searches}:
        kind = alerts.kind_for(key)
        same = [s for s in searches if s.kind == key]
        texts = kind.describe([s.params for s in same]) if kind else [""] * len(same)
        described |= {s.pk: text for s, text in zip(same, texts, strict=True)}
    rows = []
    for search in searches:
        kind = alerts.kind_for(search.kind)
        rows.append(
            {
                "search": search,
                "kind": str(kind.label) if kind else "",
                "criteria": described.get(search.pk, ""),
                "url": kind.url(search.params) if kind else "",
            }
        )
    return render(
        request,
        "brug/saved_searches.html",
        {"rows": rows, "page": page, "save_form": form if request.method == "POST" else None},
    )


def _own_search(request: HttpRequest, pk: int) -> SavedSearch:
    search: SavedSearch = policy.visible_or_404(alerts.saved_searches_of(request.user), pk)
    return search


@login_required
@require_POST
def saved_search_delete(request: HttpRequest, pk: int) -> HttpResponse:
    alerts.saved_search_delete(actor=request.user, search=_own_search(request, pk))
    messages.success(request, str(gettext_lazy("Search deleted.")))
    return redirect("saved-searches")


@login_required
@require_POST
def saved_search_mail(request: HttpRequest, pk: int) -> HttpResponse:
    search = _own_search(request, pk)
    try:
        alerts.saved_search_change(
            actor=request.user, search=search, mail=request.POST.get("mail", "")
        )
    except ServiceError as exc:
        messages.error(request, str(exc.text))
    else:
        messages.success(request, str(gettext_lazy("Preference saved.")))
    return redirect("saved-searches")


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
