"""Menu entries and home panels of workplace learning, one per role that has work here."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from brug.core import policy
from brug.core.home import HomePanel
from brug.core.i18n import gettext_lazy
from brug.core.navigation import NavEntry
from brug.workplace import models as m
from brug.workplace import selectors


def _has_role(*roles: str) -> Any:
    return lambda request: bool(policy.roles_of(request.user) & set(roles))


def _company(request: HttpRequest) -> dict[str, Any] | None:
    companies = policy.organisations_of(request.user, roles=("company_contact",))
    if not companies:
        return None
    recognitions = selectors.recognitions_visible_to(request.user).filter(company_id__in=companies)
    return {
        "recognised": recognitions.filter(m.recognised_q()).count(),
        "pending": recognitions.filter(status__in=m.IN_REVIEW_STATES).count(),
        "openings": selectors.openings_visible_to(request.user)
        .filter(company_id__in=companies, status=m.OpeningStatus.PUBLISHED)
        .count(),
        "to_interview": selectors.applications_visible_to(request.user)
        .filter(opening__company_id__in=companies, status=m.ApplicationStatus.SUBMITTED)
        .count(),
    }


def _guide(request: HttpRequest) -> dict[str, Any] | None:
    schools = policy.organisations_of(request.user, roles=("guide",))
    if not schools:
        return None
    learners = selectors.learners_with_status(request.user).filter(school_id__in=schools)
    return {
        "learners": learners.count(),
        "without_place": learners.filter(n_active_placements=0).count(),  # type: ignore[misc]
    }


def _reviewer(request: HttpRequest) -> dict[str, Any] | None:
    rows = selectors.review_queue_for(request.user)
    return {"open": len(rows), "overdue": sum(1 for r in rows if r["overdue"])}


def _consultant(request: HttpRequest) -> dict[str, Any] | None:
    today = timezone.localdate()
    return {
        "pending": selectors.recognitions_visible_to(request.user)
        .filter(status__in=m.IN_REVIEW_STATES)
        .count(),
        "contacts_this_month": selectors.contacts_visible_to(request.user)
        .filter(on__year=today.year, on__month=today.month)
        .count(),
    }


def _learner(request: HttpRequest) -> dict[str, Any] | None:
    learner = (
        selectors.learners_visible_to(request.user).filter(user_id=request.user.pk or 0).first()
    )
    if learner is None:
        return None
    return {
        "applications": selectors.applications_visible_to(request.user)
        .filter(learner=learner)
        .count(),
        "placement": selectors.placements_visible_to(request.user)
        .filter(learner=learner, status=m.PlacementStatus.ACTIVE)
        .first(),
    }


NAVIGATION = [
    NavEntry(
        url_name="workplace:search",
        label=gettext_lazy("Learning workplaces"),
        resource="workplace.opening",
        order=20,
    ),
    NavEntry(
        url_name="workplace:company",
        label=gettext_lazy("My company"),
        resource="workplace.recognition",
        action="create",
        order=21,
        extra=_has_role("company_contact"),
    ),
    NavEntry(
        url_name="workplace:learners",
        label=gettext_lazy("Learners"),
        resource="workplace.learner",
        order=22,
        extra=_has_role("guide", "teacher", "privacy_contact"),
    ),
    NavEntry(
        url_name="workplace:read-log",
        label=gettext_lazy("Read log"),
        resource="core.accesslog",
        order=26,
    ),
    NavEntry(
        url_name="workplace:review-queue",
        label=gettext_lazy("Review recognitions"),
        resource="workplace.recognition",
        action="review",
        order=23,
    ),
    NavEntry(
        url_name="workplace:consultant",
        label=gettext_lazy("Field work"),
        resource="workplace.contact",
        action="create",
        order=24,
        extra=_has_role("consultant"),
    ),
    NavEntry(
        url_name="workplace:my-trajectory",
        label=gettext_lazy("My trajectory"),
        resource="workplace.learner",
        order=25,
        extra=_has_role("learner"),
    ),
]

HOME_PANELS = [
    HomePanel(
        key=f"workplace.{key}",
        template=f"workplace/panels/{key}.html",
        roles=frozenset(roles),
        context=fn,
        order=20,
    )
    for key, roles, fn in (
        ("company", {"company_contact"}, _company),
        ("guide", {"guide"}, _guide),
        ("reviewer", {"reviewer"}, _reviewer),
        ("consultant", {"consultant"}, _consultant),
        ("learner", {"learner"}, _learner),
    )
]
