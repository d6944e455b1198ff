"""Menu entries and home-page panels of the monitoring app."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest

from brug.core.home import HomePanel
from brug.core.i18n import gettext_lazy
from brug.core.navigation import NavEntry
from brug.monitoring import selectors
from brug.monitoring.figures import school_year_label
from brug.monitoring.flows import in_scope, phase_out_signals
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


def phase_out_panel(request: HttpRequest) -> dict[str, Any] | None:
    """The phase-out signals of this school year in the reader's scope (hidden when none)."""
    year = school_year_label(date.today())
    scope = scope_for(request.user, "flows")
    if scope.empty:
        return None
    signals = [
        s
        for s in phase_out_signals(year=year)
        if in_scope(scope, sector_ids=s.sector_ids, province_id=s.province_id)
    ]
    if not signals:
        return None
    return {"signals": signals[:5], "count": len(signals), "year": year}


NAVIGATION = [
    NavEntry(
        url_name="monitoring:open-data",
        label=gettext_lazy("Figures"),
        resource=RESOURCE,
        action="open_data",
        order=80,
        group="figures",
        roles=frozenset(
            {
                "public",
                "platform_admin",
                "department_work",
                "department_education",
                "consultant",
                "rtc_staff",
                "vdab_staff",
                "guide",
                "support_staff",
                "network_staff",
                "education_council",
                "intersectoral_adviser",
            }
        ),
    ),
    NavEntry(
        url_name="monitoring:shortage",
        label=gettext_lazy("Shortages"),
        resource=RESOURCE,
        action="shortage",
        order=81,
        group="figures",
    ),
    NavEntry(
        url_name="monitoring:flows",
        label=gettext_lazy("Learner flows"),
        resource=RESOURCE,
        action="flows",
        order=82,
        group="figures",
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
    HomePanel(
        key="monitoring.phase_out",
        template="monitoring/partials/phase_out_panel.html",
        roles=frozenset({"rtc_staff", "consultant", "department_education", "department_work"}),
        context=phase_out_panel,
        order=21,
    ),
]


def public_figures_panel(request: HttpRequest) -> dict[str, Any] | None:
    """The front door's headline open figures (disclosure-controlled, as on the open-data page)."""
    if request.user.is_authenticated:
        return None
    data = selectors.open_data_cached(on=date.today()).value
    rows = selectors.public_shortage(data)
    return {"data": data, "top": [r for r in rows if r.gap is not None and r.gap > 0][:3]}


HOME_PANELS.append(
    HomePanel(
        key="monitoring.public_figures",
        template="monitoring/partials/public_panel.html",
        roles=frozenset({"public"}),
        context=public_figures_panel,
        order=12,
    )
)
