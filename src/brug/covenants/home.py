"""Home panels: what a sector fund and an account manager must do now."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from brug.core.home import HomePanel
from brug.core.i18n import gettext_lazy
from brug.core.navigation import NavEntry
from brug.covenants import models as m
from brug.covenants.selectors import covenants_visible_to


def _work(request: HttpRequest) -> dict[str, Any] | None:
    today = timezone.localdate()
    covenants = covenants_visible_to(request.user)
    to_review = covenants.filter(status=m.CovenantStatus.SUBMITTED)
    drafts = covenants.filter(status__in=m.EDITABLE_STATUSES)
    open_windows = m.ReportingWindow.objects.filter(opens_on__lte=today, closes_on__gte=today)
    missing = (
        covenants.filter(
            status__in=[m.CovenantStatus.APPROVED, m.CovenantStatus.RUNNING],
            generation__windows__in=open_windows,
        )
        .exclude(progress_reports__window__in=open_windows, progress_reports__status="submitted")
        .distinct()
    )
    if not (to_review.exists() or drafts.exists() or missing.exists()):
        return None
    return {
        "to_review": list(to_review[:10]),
        "drafts": list(drafts[:10]),
        "missing_reports": list(missing[:10]),
    }


HOME_PANELS = [
    HomePanel(
        key="covenants.work",
        template="covenants/panel_work.html",
        roles=frozenset({"consultant", "department_work", "platform_admin"}),
        context=_work,
        order=40,
    )
]
NAVIGATION = [
    NavEntry(
        url_name="covenants:list",
        label=gettext_lazy("Sector covenants"),
        resource="covenants.covenant",
        order=40,
    ),
    NavEntry(
        url_name="covenants:analysis",
        label=gettext_lazy("Covenants: analysis"),
        resource="covenants.action",
        order=41,
    ),
]
