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


NAVIGATION = [
    NavEntry("innovet:search", gettext_lazy("InnoVET offers"), "innovet.offer", order=60),
    NavEntry(
        "innovet:my-registrations",
        gettext_lazy("My registrations"),
        "innovet.registration",
        order=61,
        extra=lambda r: "teacher" in policy.roles_of(r.user),
    ),
    NavEntry(
        "innovet:provider-offers",
        gettext_lazy("My offers"),
        "innovet.offer",
        action="create",
        order=62,
    ),
    NavEntry(
        "innovet:plan",
        gettext_lazy("Professional development"),
        "innovet.registration",
        order=63,
        extra=lambda r: "guide" in policy.roles_of(r.user),
    ),
    NavEntry(
        "innovet:material-list",
        gettext_lazy("Teaching material"),
        "innovet.material",
        order=64,
    ),
    NavEntry(
        "innovet:guest-requests",
        gettext_lazy("Guest lessons"),
        "innovet.guestlessonrequest",
        order=65,
    ),
    NavEntry(
        "innovet:broker",
        gettext_lazy("RTC broker"),
        "innovet.failedsearch",
        order=66,
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
        "innovet.support",
        "innovet/panels/support.html",
        frozenset({"support_staff"}),
        _support,
        order=43,
    ),
]
