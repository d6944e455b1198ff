"""Monitoring pages: open data (public), shortage radar, drill-down, dashboard. Thin views."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from brug.core import policy
from brug.core.errors import NotAllowed, ServiceError
from brug.core.forms import form_add_service_error
from brug.core.i18n import Message, gettext_lazy
from brug.core.jobs import job_start
from brug.core.tabular import ImportFailed, export_rows, upload_refusal
from brug.monitoring import charts, flows, permissions, selectors, services
from brug.monitoring.figures import Filters, school_year_label
from brug.monitoring.forms import CountImportForm
from brug.monitoring.jobs import SNAPSHOT_JOB
from brug.monitoring.metrics import KEY_FIGURES
from brug.monitoring.models import Snapshot
from brug.monitoring.permissions import COUNTS
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


def _download(filename: str, header: list[Message], rows: list[list[Any]]) -> HttpResponse:
    fmt = filename.rsplit(".", 1)[-1]
    headings = [str(h) for h in header]  # in the reader's language
    response = HttpResponse(export_rows(filename, headings, rows), content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ---------------------------------------------------------------------------- open data


@require_GET
def open_data(request: HttpRequest) -> HttpResponse:
    _require(request, "open_data")
    figures = selectors.open_data_cached(on=date.today())
    data = figures.value
    province_id = _int(request.GET.get("province"))
    study_domain = request.GET.get("study_domain") or None
    cells = [
        c
        for c in data.filtered(province_id=province_id, study_domain=study_domain)
        if c.suppressed or any((c.learners, c.capacity))
    ]
    nis = charts.province_nis_codes()
    return render(
        request,
        "monitoring/open_data.html",
        {
            "province_map": charts.open_data_map(data, nis),
            "rate_chart": charts.open_data_rate_bars(data),
            "programme_chart": charts.open_data_programme_bars(cells)
            if (province_id or study_domain) and cells
            else None,
            "data": data,
            "figures": figures,
            "cells": cells,
            "province_id": province_id,
            "study_domain": study_domain,
            "study_domains": sorted({c.study_domain for c in data.cells}),
        },
    )


# Headers in the reader's language (the file is read by people; the API has stable keys).
OPEN_DATA_HEADER: list[Message] = [
    gettext_lazy("Reference date"),
    gettext_lazy("School year"),
    gettext_lazy("Programme code"),
    gettext_lazy("Programme"),
    gettext_lazy("Study domain"),
    gettext_lazy("Province"),
    gettext_lazy("Learners"),
    gettext_lazy("Placed"),
    gettext_lazy("Without a place"),
    gettext_lazy("Capacity"),
    gettext_lazy("Free places"),
    gettext_lazy("Placement rate"),
]


@require_GET
def open_data_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _require(request, "open_data")
    data = selectors.open_data_cached(on=date.today()).value
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


SHORTAGE_PAGE_SIZE = 50


def _shortage_context(request: HttpRequest) -> dict[str, Any]:
    today = date.today()
    filters = _filters(request)
    by = _by(request)
    rows = selectors.shortage_visible_to(request.user, on=today, filters=filters, by=by)
    drill = permissions.scope_for(request.user, "drilldown")
    # Paged: the whole radar is one long table (thousands of rows); the export has all of it.
    current = Paginator(rows, SHORTAGE_PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(current.object_list)
    return {
        "shortage_map": charts.shortage_map(rows),
        "rows": shown,
        "all_rows": rows,
        "current": current,
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


@require_GET
def shortage(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        # The public reads the public radar instead of meeting a login page.
        return redirect("monitoring:shortage-public")
    _require(request, "shortage")
    context = _shortage_context(request)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "monitoring/partials/shortage_table.html", context)
    context |= {
        "programmes": Programme.objects.filter(
            pk__in={r.programme_id for r in context["all_rows"]}
        ).order_by("name"),
        "study_domains": StudyDomain.objects.order_by("name"),
        "provinces": Province.objects.order_by("name_nl"),
        "kinds": PlacementKind.choices,
    }
    return render(request, "monitoring/shortage.html", context)


PUBLIC_SHORTAGE_PAGE = 50


@require_GET
def shortage_public(request: HttpRequest) -> HttpResponse:
    """The shortage radar for everyone: the open figures (small cells suppressed) as gaps."""
    _require(request, "open_shortage")
    data = selectors.open_data_cached(on=date.today()).value
    province_id = _int(request.GET.get("province"))
    study_domain = request.GET.get("study_domain") or None
    rows = selectors.public_shortage(data, province_id=province_id, study_domain=study_domain)
    page = Paginator(rows, PUBLIC_SHORTAGE_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/shortage_public.html",
        {
            "data": data,
            "page": page,
            "rows": list(page.object_list),
            "province_id": province_id,
            "study_domain": study_domain,
            "study_domains": sorted({c.study_domain for c in data.cells}),
            "may_see_full_radar": permissions.may(request.user, "shortage"),
            "map": charts.open_data_map(data),
        },
    )


SHORTAGE_HEADER: list[Message] = [
    gettext_lazy("Programme code"),
    gettext_lazy("Programme"),
    gettext_lazy("Study domain"),
    gettext_lazy("Area"),
    gettext_lazy("Learners needing a place"),
    gettext_lazy("Placed"),
    gettext_lazy("Without a place"),
    gettext_lazy("Capacity"),
    gettext_lazy("Filled"),
    gettext_lazy("Free places"),
    gettext_lazy("Gap"),
    gettext_lazy("Sectors"),
    gettext_lazy("Sector funds"),
    gettext_lazy("RTC"),
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
        {
            "detail": detail,
            "row": detail.row,
            "reference_date": date.today(),
            # The covenants app takes the signal (a resource name, not an import: layers).
            "may_signal": policy.can_any(request.user, "create", "covenants.shortagesignal"),
        },
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
            "trend_chart": charts.trend_chart(trends, title=selectors.metric_title(metric_key))
            if trends
            else None,
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


# ---------------------------------------------------------------------------- learner flows

FLOWS_PER_PAGE = 100
OFFICIAL_PER_PAGE = 50


def _year(request: HttpRequest) -> str:
    year = request.GET.get("jaar") or ""
    return year if flows.school_year_bounds(year) else school_year_label(date.today())


@login_required
@require_GET
def flows_page(request: HttpRequest) -> HttpResponse:
    if not permissions.may(request.user, "flows"):
        raise NotAllowed(
            gettext_lazy(
                "Learner flows are for the departments, sector consultants (their sectors) and "
                "RTCs (their region)."
            )
        )
    year = _year(request)
    route = request.GET.get("route") or None
    route = route if route in flows.ROUTES else None
    province_id = _int(request.GET.get("province"))
    view = selectors.flows_for(request.user, year=year, route=route, province_id=province_id)
    page = Paginator(view.cells, FLOWS_PER_PAGE).get_page(request.GET.get("page"))
    official = Paginator(selectors.official_counts(year=year), OFFICIAL_PER_PAGE).get_page(
        request.GET.get("tellingen")
    )
    return render(
        request,
        "monitoring/flows.html",
        {
            "view": view,
            "page": page,
            "official": official,
            "year": year,
            "years": flows.recent_school_years(date.today()),
            "route": route,
            "province_id": province_id,
            "provinces": Province.objects.order_by("name_nl"),
            "may_import": policy.can_any(request.user, "import", COUNTS),
        },
    )


@login_required
def counts_import(request: HttpRequest) -> HttpResponse:
    if not policy.can_any(request.user, "import", COUNTS):
        raise NotAllowed()
    form = CountImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        refusal = upload_refusal(upload.size)
        if refusal:
            errors.append(refusal)
        else:
            data = form.cleaned_data
            try:
                result = services.official_counts_import(
                    actor=request.user,
                    title=data["title"],
                    publisher=data["publisher"],
                    url=data["url"],
                    reference_date=data["reference_date"],
                    note=data["note"],
                    filename=upload.name,
                    content=upload.read(),
                )
            except ServiceError as exc:
                form_add_service_error(form, exc)
            except ImportFailed as exc:
                errors = [str(e) for e in exc.report.errors[:50]]
            else:
                messages.success(
                    request,
                    str(
                        gettext_lazy(
                            "{n} official counts imported; {s} phase-out signals.",
                            n=result.report.created,
                            s=result.signals,
                        )
                    ),
                )
                return redirect("monitoring:flows")
    if request.method == "POST":
        status = 400
    return render(
        request,
        "monitoring/counts_import.html",
        {
            "form": form,
            "errors": errors,
            "columns": services.COUNT_COLUMNS,
            "sources": selectors.sources_visible_to(request.user).filter(is_context=False)[:50],
        },
        status=status,
    )
