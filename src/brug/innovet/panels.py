"""Home panels and menu entries for InnoVET."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from brug.core import policy
from brug.core.home import HomePanel
from brug.core.i18n import gettext_lazy
from brug.core.navigation import NavEntry
from brug.innovet import selectors
from brug.innovet.models import MaterialStatus, RegistrationStatus
from brug.registry.models import Province

PROVIDER_ROLES = frozenset(
    {
        "company_contact",
        "consultant",
        "rtc_staff",
        "vdab_staff",
        "guide",
        "support_staff",
        "reviewer",
    }
)


def _teacher(request: HttpRequest) -> dict[str, Any] | None:
    rows = selectors.registrations_visible_to(request.user).filter(teacher_id=request.user.pk)
    return {
        "active": rows.exclude(status__in=["cancelled", "rejected", "waiting"]).count(),
        "waiting": rows.filter(status=RegistrationStatus.WAITING).count(),
    }


def _provider(request: HttpRequest) -> dict[str, Any] | None:
    offers = selectors.offers_managed_by(request.user)
    return {
        "offers": offers.count(),
        "stale": offers.filter(stale_flagged_at__isnull=False).count(),
    }


def _rtc(request: HttpRequest) -> dict[str, Any] | None:
    pending = selectors.registrations_visible_to(request.user, "forward").filter(
        status=RegistrationStatus.PENDING_RTC
    )
    return {"pending": pending.count()}


def _support(request: HttpRequest) -> dict[str, Any] | None:
    waiting = selectors.materials_visible_to(request.user, "review").filter(
        status=MaterialStatus.SUBMITTED
    )
    return {"to_review": waiting.count()}


def _vdab(request: HttpRequest) -> dict[str, Any] | None:
    awaiting = selectors.ten_day_awaiting_decision(request.user)
    return {
        "awaiting": awaiting.count(),
        "first": list(awaiting.order_by("created_at", "pk")[:5]),
        "registrations": selectors.registrations_visible_to(request.user, "approve")
        .filter(status=RegistrationStatus.PENDING_VDAB)
        .count(),
    }


def _adviser(request: HttpRequest) -> dict[str, Any] | None:
    return {
        "ten_days": selectors.ten_day_requests_visible_to(request.user)
        .filter(status__in=["requested", "approved", "intro_done", "running"])
        .count(),
        "placements": selectors.placements_visible_to(request.user)
        .filter(status__in=["proposed", "agreed"])
        .count(),
    }


NAVIGATION = [
    NavEntry(
        "innovet:search",
        gettext_lazy("InnoVET offers"),
        "innovet.offer",
        order=60,
        group="teachers",
        roles=PROVIDER_ROLES
        | {"teacher", "department_education", "department_work", "network_staff"}
        | {"platform_admin", "public"},
    ),
    NavEntry(
        "innovet:my-registrations",
        gettext_lazy("My registrations"),
        "innovet.registration",
        order=61,
        group="teachers",
        extra=lambda r: "teacher" in policy.roles_of(r.user),
    ),
    NavEntry(
        "innovet:provider-offers",
        gettext_lazy("My offers"),
        "innovet.offer",
        action="create",
        order=62,
        group="teachers",
    ),
    NavEntry(
        "innovet:plan",
        gettext_lazy("Professional development"),
        "innovet.registration",
        order=63,
        group="teachers",
        extra=lambda r: bool(policy.roles_of(r.user) & {"guide", "teacher", "technical_adviser"}),
    ),
    NavEntry(
        "innovet:ten-days",
        gettext_lazy("10-day scheme"),
        "innovet.tendayrequest",
        order=67,
        group="teachers",
    ),
    NavEntry(
        "innovet:placements",
        gettext_lazy("Teacher placements"),
        "innovet.teacherplacement",
        order=68,
        group="teachers",
    ),
    NavEntry(
        "innovet:hybrid-jobs",
        gettext_lazy("Hybrid jobs"),
        "innovet.hybridjob",
        order=69,
        group="teachers",
    ),
    NavEntry(
        "innovet:candidates",
        gettext_lazy("Guest-teacher candidates"),
        "innovet.guestteachercandidate",
        order=70,
        group="teachers",
    ),
    NavEntry(
        "innovet:adviser-desk",
        gettext_lazy("Technical adviser"),
        "innovet.teacherplacement",
        order=71,
        group="teachers",
        extra=lambda r: "technical_adviser" in policy.roles_of(r.user),
    ),
    NavEntry(
        "innovet:material-list",
        gettext_lazy("Teaching material"),
        "innovet.material",
        order=64,
        group="teachers",
        roles=PROVIDER_ROLES | {"teacher", "department_education", "network_staff"},
    ),
    NavEntry(
        "innovet:guest-requests",
        gettext_lazy("Guest lessons"),
        "innovet.guestlessonrequest",
        order=65,
        group="teachers",
    ),
    NavEntry(
        "innovet:broker",
        gettext_lazy("RTC broker"),
        "innovet.failedsearch",
        order=66,
        group="teachers",
        extra=lambda r: "rtc_staff" in policy.roles_of(r.user),
    ),
]
HOME_PANELS = [
    HomePanel(
        "innovet.teacher",
        "innovet/panels/teacher.html",
        frozenset({"teacher"}),
        _teacher,
        order=40,
    ),
    HomePanel(
        "innovet.provider", "innovet/panels/provider.html", PROVIDER_ROLES, _provider, order=41
    ),
    HomePanel("innovet.rtc", "innovet/panels/rtc.html", frozenset({"rtc_staff"}), _rtc, order=42),
    HomePanel(
        "innovet.vdab", "innovet/panels/vdab.html", frozenset({"vdab_staff"}), _vdab, order=44
    ),
    HomePanel(
        "innovet.adviser",
        "innovet/panels/adviser.html",
        frozenset({"technical_adviser"}),
        _adviser,
        order=45,
    ),
    HomePanel(
        "innovet.support",
        "innovet/panels/support.html",
        frozenset({"support_staff"}),
        _support,
        order=43,
    ),
]


def _public_search(request: HttpRequest) -> dict[str, Any] | None:
    """The front door's InnoVET search (visitors who are not signed in): words and a region."""
    if request.user.is_authenticated:
        return None
    return {
        "front_door": True,
        "provinces": list(Province.objects.order_by("name_nl").values_list("pk", "name_nl")),
    }


HOME_PANELS.append(
    HomePanel(
        key="innovet.public_search",
        template="innovet/panels/public_search.html",
        roles=frozenset({"public"}),
        context=_public_search,
        order=11,
    )
)
