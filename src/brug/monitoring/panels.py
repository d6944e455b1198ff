"""Menu entries and home-page panels of the monitoring app."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest

from brug.core.home import HomePanel
from brug.core.i18n import gettext_lazy
from brug.core.navigation import NavEntry
from brug.monitoring import selectors
from brug.monitoring.permissions import RESOURCE, scope_for

PANEL_ROLES = frozenset(
    {"department_work", "department_education", "consultant", "rtc_staff", "platform_admin"}
)


def dashboard_panel(request: HttpRequest) -> dict[str, Any] | None:
    today = date.today()
    scope = scope_for(request.user, "shortage")
    figures = selectors.key_figures_for(request.user, on=today)
    if figures is None:
        return None
    if scope.everything:
        title = gettext_lazy("Workplace learning in Flanders")
    elif scope.sector_ids:
        title = gettext_lazy("Workplace learning in your sector(s)")
    else:
        title = gettext_lazy("Workplace learning in your province")
    return {
        "title": str(title),
        "figures": figures,
        "top": selectors.shortage_visible_to(request.user, on=today)[:5],
        "reference_date": today,
    }


NAVIGATION = [
    NavEntry(
        url_name="monitoring:open-data",
        label=gettext_lazy("Figures"),
        resource=RESOURCE,
        action="open_data",
        order=80,
    ),
    NavEntry(
        url_name="monitoring:shortage",
        label=gettext_lazy("Shortages"),
        resource=RESOURCE,
        action="shortage",
        order=81,
    ),
]
HOME_PANELS = [
    HomePanel(
        key="monitoring.dashboard",
        template="monitoring/partials/home_panel.html",
        roles=PANEL_ROLES,
        context=dashboard_panel,
        order=20,
    ),
]
