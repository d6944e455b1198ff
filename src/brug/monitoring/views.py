"""Monitoring pages: open data (public), shortage radar, drill-down, dashboard. Thin views."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from brug.core.errors import NotAllowed
from brug.core.i18n import gettext_lazy
from brug.core.jobs import job_start
from brug.core.tabular import export_rows
from brug.monitoring import permissions, selectors
from brug.monitoring.figures import Filters, school_year_label
from brug.monitoring.jobs import SNAPSHOT_JOB
from brug.monitoring.metrics import KEY_FIGURES
from brug.monitoring.models import Snapshot
from brug.registry.models import Programme, Province, StudyDomain
from brug.workplace.models import PlacementKind

EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _filters(request: HttpRequest) -> Filters:
    kind = request.GET.get("kind") or None
    return Filters(
        programme_id=_int(request.GET.get("programme")),
        study_domain_id=_int(request.GET.get("study_domain")),
        province_id=_int(request.GET.get("province")),
        kind=kind if kind in PlacementKind.values else None,
    )


def _by(request: HttpRequest) -> str:
    return "rtc" if request.GET.get("by") == "rtc" else "province"


_REFUSALS = {
    "shortage": gettext_lazy(
        "The shortage radar is for the departments, sector consultants (their sectors) and "
        "RTCs (their region)."
    ),
}


def _require(request: HttpRequest, action: str) -> None:
    if not permissions.may(request.user, action):
        raise NotAllowed(_REFUSALS.get(action))


def _download(filename: str, header: list[str], rows: list[list[Any]]) -> HttpResponse:
    fmt = filename.rsplit(".", 1)[-1]
    response = HttpResponse(export_rows(filename, header, rows), content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ---------------------------------------------------------------------------- open data


@require_GET
def open_data(request: HttpRequest) -> HttpResponse:
    _require(request, "open_data")
    data = selectors.open_data(on=date.today())
    province_id = _int(request.GET.get("province"))
    study_domain = request.GET.get("study_domain") or None
    cells = [
        c
        for c in data.filtered(province_id=province_id, study_domain=study_domain)
        if c.suppressed or any((c.learners, c.capacity))
    ]
    return render(
        request,
        "monitoring/open_data.html",
        {
            "data": data,
            "cells": cells,
            "province_id": province_id,
            "study_domain": study_domain,
            "study_domains": sorted({c.study_domain for c in data.cells}),
        },
    )


OPEN_DATA_HEADER = [
    "referentiedatum",
    "schooljaar",
    "opleiding_code",
    "opleiding",
    "studiedomein",
    "provincie",
    "lerenden",
    "geplaatst",
    "zonder_plaats",
    "capaciteit",
    "vrije_plaatsen",
    "plaatsingsgraad",
]


@require_GET
def open_data_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _require(request, "open_data")
    data = selectors.open_data(on=date.today())
    rows = [
        [
            data.reference_date.isoformat(),
            data.school_year,
            c.programme_code,
            c.programme,
            c.study_domain,
            c.province,
            c.learners,
            c.placed,
            c.without_place,
            c.capacity,
            c.free_places,
            None if c.placement_rate is None else round(c.placement_rate, 4),
        ]
        for c in data.cells
    ]
    return _download(f"brug-open-data-{data.reference_date}.{fmt}", OPEN_DATA_HEADER, rows)


# ---------------------------------------------------------------------------- shortage radar


def _shortage_context(request: HttpRequest) -> dict[str, Any]:
    today = date.today()
    filters = _filters(request)
    by = _by(request)
    rows = selectors.shortage_visible_to(request.user, on=today, filters=filters, by=by)
    drill = permissions.scope_for(request.user, "drilldown")
    shown = rows[:500]
    return {
        "rows": shown,
        "items": [
            (r, by == "province" and drill.covers(sectors=r.sector_ids, provinces=r.province_ids))
            for r in shown
        ],
        "row_count": len(rows),
        "filters": filters,
        "by": by,
        "reference_date": today,
        "school_year": school_year_label(today),
        "may_export": permissions.may(request.user, "export"),
    }


@login_required
@require_GET
def shortage(request: HttpRequest) -> HttpResponse:
    _require(request, "shortage")
    context = _shortage_context(request)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "monitoring/partials/shortage_table.html", context)
    context |= {
        "programmes": Programme.objects.filter(
            pk__in={r.programme_id for r in context["rows"]}
        ).order_by("name"),
        "study_domains": StudyDomain.objects.order_by("name"),
        "provinces": Province.objects.order_by("name_nl"),
        "kinds": PlacementKind.choices,
    }
    return render(request, "monitoring/shortage.html", context)


SHORTAGE_HEADER = [
    "opleiding_code",
    "opleiding",
    "studiedomein",
    "gebied",
    "lerenden_nodig",
    "geplaatst",
    "zonder_plaats",
    "capaciteit",
    "bezet",
    "vrije_plaatsen",
    "tekort",
    "sectoren",
    "sectorfondsen",
    "rtc",
]


@login_required
@require_GET
def shortage_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _require(request, "export")
    _require(request, "shortage")
    rows = selectors.shortage_visible_to(
        request.user, on=date.today(), filters=_filters(request), by=_by(request)
    )
    data = [
        [
            r.programme_code,
            r.programme,
            r.study_domain,
            r.area,
            r.learners,
            r.placed,
            r.without_place,
            r.capacity,
            r.filled,
            r.free,
            r.gap,
            ", ".join(r.sectors),
            ", ".join(r.sector_funds),
            ", ".join(r.brokers),
        ]
        for r in rows
    ]
    return _download(f"brug-tekorten-{date.today()}.{fmt}", SHORTAGE_HEADER, data)


@login_required
@require_GET
def shortage_detail(request: HttpRequest, programme: int, province: int) -> HttpResponse:
    _require(request, "drilldown")
    kind = _filters(request).kind
    detail = selectors.shortage_detail_for(
        request.user, on=date.today(), programme_id=programme, province_id=province, kind=kind
    )
    if detail is None:
        raise Http404
    return render(
        request,
        "monitoring/shortage_detail.html",
        {"detail": detail, "row": detail.row, "reference_date": date.today()},
    )


# ---------------------------------------------------------------------------- dashboard


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    _require(request, "shortage")
    today = date.today()
    metric_key = request.GET.get("metric") or "monitoring.learners_without_place"
    if metric_key not in {m.key for m in KEY_FIGURES}:
        metric_key = "monitoring.learners_without_place"
    trends = selectors.trend_for(request.user, metric_key=metric_key, on=today)
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "figures": selectors.key_figures_for(request.user, on=today),
            "top": selectors.shortage_visible_to(request.user, on=today)[:5],
            "trends": [
                (selectors.scope_label(points[0]), _trend_points(points)) for _, points in trends
            ][:12],
            "metric_key": metric_key,
            "metrics": KEY_FIGURES,
            "reference_date": today,
            "school_year": school_year_label(today),
            "may_record": permissions.may(request.user, "record"),
        },
    )


def _trend_points(points: list[Snapshot]) -> list[dict[str, Any]]:
    peak = max((p.value for p in points), default=0) or 1
    return [{"on": p.on, "value": p.value, "width": round(100 * p.value / peak)} for p in points]


@login_required
@require_POST
def snapshot_start(request: HttpRequest) -> HttpResponse:
    if not permissions.may(request.user, "record"):
        raise NotAllowed()
    job = job_start(
        kind=SNAPSHOT_JOB,
        title=str(gettext_lazy("Snapshot of the metrics")),
        user=request.user,
        params={"on": date.today().isoformat()},
    )
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "brug/partials/job_progress.html", {"job": job})
    return redirect("job-detail", pk=job.pk)
