"""Every read of the monitoring pages and API.

Aggregates have no row of their own to filter with `policy.visible`; they are cut to the part of
the world the matrix gives the reader (`permissions.scope_for`). Records behind a figure (the
drill-down's openings, stored snapshots) are filtered with `policy.visible` as everywhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet

from brug.accounts.people import RequestUser
from brug.core import disclosure, policy
from brug.core.caching import Cached, cached
from brug.core.errors import NotAllowed
from brug.core.i18n import gettext_lazy
from brug.core.metrics import MetricScope, metric_get
from brug.monitoring import figures
from brug.monitoring import flows as flows_module
from brug.monitoring.figures import Filters, ShortageRow
from brug.monitoring.metrics import KEY_FIGURES
from brug.monitoring.models import OVERALL, CountSource, OfficialCount, Snapshot
from brug.monitoring.permissions import Scope, scope_for
from brug.registry.models import Province
from brug.workplace.models import Opening

# ---------------------------------------------------------------------------- shortage radar


def shortage_visible_to(
    user: RequestUser, *, on: date, filters: Filters | None = None, by: str = "province"
) -> list[ShortageRow]:
    """The shortage radar rows the user may see, largest gap first."""
    filters = filters or Filters()
    scope = scope_for(user, "shortage")
    if scope.empty:
        return []
    rows = figures.shortage_table(on=on, filters=filters, by=by)
    return [r for r in rows if scope.covers(sectors=r.sector_ids, provinces=r.province_ids)]


def may_drill_down(user: RequestUser, row: ShortageRow) -> bool:
    return scope_for(user, "drilldown").covers(sectors=row.sector_ids, provinces=row.province_ids)


@dataclass
class ShortageDetail:
    row: ShortageRow
    schools: list[dict[str, Any]]
    municipalities: list[dict[str, Any]]
    openings: list[Opening]
    openings_hidden: int


def shortage_detail_for(
    user: RequestUser, *, on: date, programme_id: int, province_id: int, kind: str | None = None
) -> ShortageDetail | None:
    """What is behind one cell: learners without a place per school and home municipality
    (counts, never people), and the open workplaces the reader may see. None: no such cell."""
    rows = figures.shortage_table(
        on=on, filters=Filters(programme_id=programme_id, province_id=province_id, kind=kind)
    )
    if not rows:
        return None
    row = rows[0]
    if not may_drill_down(user, row):
        raise NotAllowed()
    waiting = (
        figures.learners_needing_place(on, kind)
        .filter(programme_id=programme_id, home_municipality__province_id=province_id)
        .filter(Q(has_place=False))
    )
    schools = list(
        waiting.values("school_id", name=F("school__name"))
        .annotate(n=Count("pk"))
        .order_by("-n", "name")
    )
    municipalities = list(
        waiting.values(name=F("home_municipality__name_nl"))
        .annotate(n=Count("pk"))
        .order_by("-n", "name")
    )
    open_here = figures.open_openings(on, kind).filter(
        programme_id=programme_id, site__municipality__province_id=province_id
    )
    visible = policy.visible(user, open_here, "view").select_related(
        "company", "site__municipality"
    )
    shown = list(visible.order_by("site__municipality__name_nl", "pk")[:200])
    return ShortageDetail(
        row=row,
        schools=schools,
        municipalities=municipalities,
        openings=shown,
        openings_hidden=max(open_here.count() - visible.count(), 0),
    )


# ---------------------------------------------------------------------------- dashboards


@dataclass
class KeyFigure:
    key: str
    title: str
    definition: str
    unit: str
    value: float


def metric_scope(scope: Scope, on: date) -> MetricScope | None:
    """The MetricScope of a reader's scope: everything, their sectors or their provinces."""
    if scope.everything:
        return MetricScope(start=figures.school_year(on)[0], end=on)
    if scope.sector_ids:
        return MetricScope(
            start=figures.school_year(on)[0], end=on, sector_ids=tuple(sorted(scope.sector_ids))
        )
    if scope.province_ids:
        return MetricScope(
            start=figures.school_year(on)[0],
            end=on,
            province_ids=tuple(sorted(scope.province_ids)),
        )
    return None


def key_figures_for(user: RequestUser, *, on: date) -> list[KeyFigure] | None:
    """The dashboard's key figures in the user's scope, or None when the user has none."""
    scope = metric_scope(scope_for(user, "shortage"), on)
    if scope is None:
        return None
    values = key_figure_values(scope).value
    return [
        KeyFigure(m.key, str(m.title), str(m.definition), m.unit, values[m.key])
        for m in KEY_FIGURES
    ]


def key_figure_values(scope: MetricScope) -> Cached[dict[str, float]]:
    """The key figures of one scope (aggregates only), computed once per cache lifetime for
    every reader with that scope: each is a pass over all learners or openings (seconds at
    500,000 learners), and every home page of the department, RTC or a consultant shows them."""
    key = (
        f"key-figures:{scope.start.isoformat()}:{scope.end.isoformat()}:"
        f"s{','.join(map(str, scope.sector_ids))}:p{','.join(map(str, scope.province_ids))}"
    )
    return cached(key, lambda: {m.key: float(m.compute(scope)) for m in KEY_FIGURES})


def snapshots_visible_to(user: RequestUser) -> QuerySet[Snapshot]:
    return policy.visible(user, Snapshot.objects.all(), "view")


def trend_for(
    user: RequestUser, *, metric_key: str, on: date, days: int = 180
) -> list[tuple[str, list[Snapshot]]]:
    """Stored values of one metric per scope the user may view, oldest first."""
    start = on - timedelta(days=days)
    snapshots = snapshots_visible_to(user).filter(metric_key=metric_key, on__gte=start, on__lte=on)
    by_scope: dict[str, list[Snapshot]] = {}
    for snapshot in snapshots.select_related("sector", "province").order_by("scope", "on"):
        by_scope.setdefault(snapshot.scope, []).append(snapshot)
    return sorted(by_scope.items(), key=lambda item: (item[0] != OVERALL, item[0]))


def scope_label(snapshot: Snapshot) -> str:
    if snapshot.sector is not None:
        return snapshot.sector.name
    if snapshot.province is not None:
        return snapshot.province.name_nl
    return str(gettext_lazy("Flanders"))


def metric_title(key: str) -> str:
    return str(metric_get(key).title)


# ---------------------------------------------------------------------------- open data

Table = dict[tuple[int, int], int]
LEARNER_MEASURES = ("learners", "placed", "without_place")
CAPACITY_MEASURES = ("capacity", "free_places", "filled")


@dataclass
class OpenDataCell:
    programme_id: int
    programme_code: str
    programme: str
    study_domain: str
    province_id: int
    province: str
    learners: int | None
    placed: int | None
    without_place: int | None
    capacity: int | None
    free_places: int | None
    placement_rate: float | None

    @property
    def suppressed(self) -> bool:
        return self.learners is None or self.capacity is None


@dataclass
class OpenData:
    reference_date: date
    school_year: str
    k: int
    is_demo: bool
    cells: list[OpenDataCell]
    province_totals: list[dict[str, Any]]
    programme_totals: list[dict[str, Any]]
    total: dict[str, Any]
    suppressed_cells: int = 0
    provinces: list[tuple[int, str]] = field(default_factory=list)

    def filtered(
        self, *, province_id: int | None = None, study_domain: str | None = None
    ) -> list[OpenDataCell]:
        """Selecting rows never recomputes the suppression (that would allow differencing)."""
        return [
            c
            for c in self.cells
            if (province_id is None or c.province_id == province_id)
            and (not study_domain or c.study_domain == study_domain)
        ]


def open_data(*, on: date, k: int | None = None) -> OpenData:
    """Learners, placed, without a place, capacity and free places per programme × province,
    after small-cell and complementary suppression. Public: contains no record, only counts."""
    k = k if k is not None else int(settings.BRUG_SMALL_CELL_K)
    rows = figures.shortage_table(on=on)
    provinces = list(Province.objects.order_by("name_nl").values_list("pk", "name_nl"))
    province_ids = [pk for pk, _ in provinces]
    programmes: dict[int, ShortageRow] = {}
    tables: dict[str, Table] = {m: {} for m in (*LEARNER_MEASURES, *CAPACITY_MEASURES)}
    for r in rows:
        programmes.setdefault(r.programme_id, r)
        cell = (r.programme_id, r.area_id)
        tables["learners"][cell] = r.learners
        tables["placed"][cell] = r.placed
        tables["without_place"][cell] = r.without_place
        tables["capacity"][cell] = r.capacity
        tables["free_places"][cell] = r.free
        tables["filled"][cell] = r.filled
    order = sorted(programmes, key=lambda p: (programmes[p].programme, p))
    people = disclosure.suppress_linked(
        [tables[m] for m in LEARNER_MEASURES], k=k, rows=order, cols=province_ids
    )
    places = disclosure.suppress_linked(
        [tables[m] for m in CAPACITY_MEASURES], k=k, rows=order, cols=province_ids
    )
    names = dict(provinces)
    cells: list[OpenDataCell] = []
    for programme_id in order:
        p = programmes[programme_id]
        for province_id in province_ids:
            values = {
                m: people.cell(tables[m], programme_id, province_id) for m in LEARNER_MEASURES
            }
            values |= {
                m: places.cell(tables[m], programme_id, province_id) for m in CAPACITY_MEASURES
            }
            cells.append(
                OpenDataCell(
                    programme_id=programme_id,
                    programme_code=p.programme_code,
                    programme=p.programme,
                    study_domain=p.study_domain,
                    province_id=province_id,
                    province=names[province_id],
                    learners=values["learners"],
                    placed=values["placed"],
                    without_place=values["without_place"],
                    capacity=values["capacity"],
                    free_places=values["free_places"],
                    placement_rate=disclosure.rate(values["placed"], values["learners"]),
                )
            )

    def totals(get: Callable[[disclosure.Disclosure, Table], int | None]) -> dict[str, Any]:
        out: dict[str, Any] = {m: get(people, tables[m]) for m in LEARNER_MEASURES}
        out |= {m: get(places, tables[m]) for m in CAPACITY_MEASURES}
        out["placement_rate"] = disclosure.rate(out["placed"], out["learners"])
        out.pop("filled")
        return out

    def of_province(pk: int) -> Callable[[disclosure.Disclosure, Table], int | None]:
        return lambda d, t: d.col_total(t, pk)

    def of_programme(pk: int) -> Callable[[disclosure.Disclosure, Table], int | None]:
        return lambda d, t: d.row_total(t, pk)

    province_totals = [
        {"province_id": pk, "province": name} | totals(of_province(pk)) for pk, name in provinces
    ]
    programme_totals = [
        {
            "programme_id": pid,
            "programme_code": programmes[pid].programme_code,
            "programme": programmes[pid].programme,
        }
        | totals(of_programme(pid))
        for pid in order
    ]
    return OpenData(
        reference_date=on,
        school_year=figures.school_year_label(on),
        k=k,
        is_demo=bool(settings.BRUG_DEMO),
        cells=cells,
        province_totals=province_totals,
        programme_totals=programme_totals,
        total=totals(lambda d, t: d.total(t)),
        suppressed_cells=len(people.cells | places.cells),
        provinces=provinces,
    )


def open_data_cached(*, on: date, k: int | None = None) -> Cached[OpenData]:
    """The open figures, computed once per lifetime for everyone (public aggregates only)."""
    k = k if k is not None else int(settings.BRUG_SMALL_CELL_K)
    return cached(f"open-data:{on.isoformat()}:k{k}", lambda: open_data(on=on, k=k))


# ---------------------------------------------------------------------------- public radar


@dataclass(frozen=True)
class PublicShortageRow:
    """One programme in one province on the public radar. Every figure is a published open
    figure (None: suppressed, shown as x); the gap is computed only from published figures."""

    programme: str
    programme_code: str
    study_domain: str
    province_id: int
    province: str
    learners: int | None
    without_place: int | None
    free_places: int | None

    @property
    def gap(self) -> int | None:
        if self.without_place is None or self.free_places is None:
            return None
        return self.without_place - self.free_places


def public_shortage(
    data: OpenData, *, province_id: int | None = None, study_domain: str | None = None
) -> list[PublicShortageRow]:
    """The shortage radar for everyone, from the open figures (small cells suppressed the same
    way): largest published gap first, then the rows with a suppressed figure."""
    rows = [
        PublicShortageRow(
            programme=c.programme,
            programme_code=c.programme_code,
            study_domain=c.study_domain,
            province_id=c.province_id,
            province=c.province,
            learners=c.learners,
            without_place=c.without_place,
            free_places=c.free_places,
        )
        for c in data.filtered(province_id=province_id, study_domain=study_domain)
        if c.suppressed or c.learners or c.capacity
    ]
    return sorted(
        rows,
        key=lambda r: (r.gap is None, -(r.gap or 0), r.programme, r.province),
    )


# ---------------------------------------------------------------------------- learner flows


@dataclass
class FlowsView:
    flows: flows_module.Flows
    cells: list[flows_module.FlowCell]
    signals: list[flows_module.PhaseOutSignal]
    context: list[tuple[CountSource, list[OfficialCount]]]
    transition: flows_module.Transition | None = None


def flows_for(
    user: RequestUser, *, year: str, route: str | None = None, province_id: int | None = None
) -> FlowsView:
    """The flows of one school year cut to the reader's scope (suppression is computed over the
    whole table first), the phase-out signals in that scope and the context figures quoted
    from policy documents (the official counts of the year: `official_counts`, paged)."""
    scope = scope_for(user, "flows")
    if scope.empty:
        raise NotAllowed()
    data = flows_module.flows_table(year=year)
    cells = [
        c
        for c in data.cells
        if flows_module.in_scope(scope, sector_ids=c.sector_ids, province_id=c.province_id)
        and (route is None or c.route == route)
        and (province_id is None or c.province_id == province_id)
    ]
    signals = [
        s
        for s in flows_module.phase_out_signals(year=year)
        if flows_module.in_scope(scope, sector_ids=s.sector_ids, province_id=s.province_id)
    ]
    return FlowsView(
        flows=data,
        cells=cells,
        signals=signals,
        context=context_figures(),
        transition=transition_for(scope, year=year),
    )


def transition_for(scope: Scope, *, year: str) -> flows_module.Transition:
    """The second-to-third-grade transition (suppressed over every province first): the
    provinces in the reader's scope and the Flanders row, which every reader of flows sees."""
    data = flows_module.transition_table(year=year)
    data.rows = [
        r
        for r in data.rows
        if r.province_id == flows_module.FLANDERS or scope.covers(provinces=[r.province_id])
    ]
    return data


def official_counts(*, year: str | None = None) -> QuerySet[OfficialCount]:
    """Current official counts (not the context figures), with their source."""
    counts = OfficialCount.objects.filter(source__is_context=False).select_related(
        "source", "programme", "province"
    )
    if year:
        counts = counts.filter(school_year=year)
    return counts.order_by(
        "measure", "education_form", "programme__name", "province__name_nl", "pk"
    )


def official_counts_visible_to(user: RequestUser) -> QuerySet[OfficialCount]:
    return policy.visible(
        user,
        OfficialCount.objects.select_related("source", "programme", "province"),
        "view",
    )


def sources_visible_to(user: RequestUser) -> QuerySet[CountSource]:
    return policy.visible(user, CountSource.objects.all(), "view").annotate(rows=Count("counts"))


def context_figures() -> list[tuple[CountSource, list[OfficialCount]]]:
    """Figures quoted in the policy documents, grouped by their publication (two queries)."""
    sources = list(CountSource.objects.filter(is_context=True).order_by("reference_date", "pk"))
    by_source: dict[int, list[OfficialCount]] = {s.pk: [] for s in sources}
    for count in OfficialCount.objects.filter(source__in=sources).order_by(
        "measure", "school_year", "education_form", "pk"
    ):
        by_source[count.source_id].append(count)
    return [(s, by_source[s.pk]) for s in sources]
