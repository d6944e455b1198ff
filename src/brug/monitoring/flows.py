"""Learner flows: Brug's own counts per programme × province and school year, next to the
official aggregate counts imported with their source (`CountSource`, `OfficialCount`).

Brug only knows the learners who need a workplace (seed 002's "who needs a place"); its counts
are therefore never an enrolment figure, and the page says so. Definitions (docs/learner-flows.md):

* registered: learners in a programme with workplace learning, recorded in Brug during the
  school year (1 September - 31 August);
* placed: distinct learners with a placement (any status) whose period overlaps the school year;
* ended early: distinct learners with a placement ended early during the school year;
* plan completed: distinct learners whose placement ended normally during the school year with
  every competence of its training plan acquired (Brug's closest record of a qualification
  reached; the diploma itself is not recorded in Brug);
* route: dual (a dual programme) or school-based (workplace learning in a school programme);
* a learner counts in the province of their home municipality.

Every measure shares one small-cell suppression pattern (`core.disclosure.suppress_linked`),
computed over the whole table before a reader's scope selects rows (selecting never
recomputes the pattern). A phase-out signal: a programme with an official enrolment of at least
`PHASE_OUT_MIN` in a province that falls by half or more, or to nothing, the next school year.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q

from brug.core import disclosure
from brug.monitoring.figures import school_year, workplace_learning_programme_q
from brug.monitoring.models import CountMeasure, EducationForm, OfficialCount
from brug.monitoring.permissions import Scope
from brug.registry.models import Finality, Programme, Province
from brug.workplace.models import (
    Learner,
    Placement,
    PlacementStatus,
    ProgressLevel,
    TrainingPlanItem,
)

MEASURES = ("registered", "placed", "ended_early", "completed")
ROUTES = ("dual", "school_based")
PHASE_OUT_MIN = 10
PHASE_OUT_DROP = Decimal("0.5")


def school_year_bounds(label: str) -> tuple[date, date] | None:
    """ "2025-2026" -> (1 Sep 2025, 31 Aug 2026); None for anything else."""
    parts = label.split("-")
    if len(parts) != 2 or not all(p.isdigit() and len(p) == 4 for p in parts):
        return None
    start, end = int(parts[0]), int(parts[1])
    if end != start + 1 or not 1990 <= start <= 2100:
        return None
    return date(start, 9, 1), date(end, 8, 31)


def recent_school_years(on: date, n: int = 5) -> list[str]:
    first = school_year(on)[0].year
    return [f"{y}-{y + 1}" for y in range(first, first - n, -1)]


@dataclass
class FlowCell:
    programme_id: int
    programme_code: str
    programme: str
    route: str
    province_id: int
    province: str
    sector_ids: tuple[int, ...]
    registered: int | None
    placed: int | None
    ended_early: int | None
    completed: int | None
    official_enrolled: Decimal | None = None
    official_source: str = ""

    @property
    def suppressed(self) -> bool:
        return self.registered is None


@dataclass
class PhaseOutSignal:
    programme_id: int
    programme: str
    province_id: int
    province: str
    sector_ids: tuple[int, ...]
    from_year: str
    to_year: str
    before: Decimal
    after: Decimal
    source: str


@dataclass
class Flows:
    school_year: str
    reference_date: date
    k: int
    is_demo: bool
    cells: list[FlowCell]
    official: list[OfficialCount] = field(default_factory=list)
    signals: list[PhaseOutSignal] = field(default_factory=list)


Table = dict[tuple[int, int], int]


def _own_tables(start: date, end: date) -> dict[str, Table]:
    """One grouped query per measure: (programme, province) -> distinct learners."""
    in_scope = workplace_learning_programme_q("programme__")
    tables: dict[str, Table] = {}
    registered = (
        Learner.objects.filter(in_scope, created_at__date__gte=start, created_at__date__lte=end)
        .values_list("programme_id", "home_municipality__province_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    tables["registered"] = {(p, v): n for p, v, n in registered}
    learner_q = workplace_learning_programme_q("learner__programme__")

    def per_learner(placements: Q) -> Table:
        rows = (
            Placement.objects.filter(learner_q, placements)
            .values_list("learner__programme_id", "learner__home_municipality__province_id")
            .annotate(n=Count("learner_id", distinct=True))
            .order_by()
        )
        return {(p, v): n for p, v, n in rows}

    tables["placed"] = per_learner(Q(start__lte=end, end__gte=start))
    tables["ended_early"] = per_learner(
        Q(status=PlacementStatus.ENDED_EARLY, ended_on__gte=start, ended_on__lte=end)
    )
    open_items = TrainingPlanItem.objects.filter(plan__placement=OuterRef("pk")).exclude(
        progress=ProgressLevel.ACQUIRED
    )
    any_item = TrainingPlanItem.objects.filter(plan__placement=OuterRef("pk"))
    completed = (
        Placement.objects.filter(learner_q, status=PlacementStatus.ENDED)
        .filter(
            Q(ended_on__gte=start, ended_on__lte=end)
            | Q(ended_on__isnull=True, end__gte=start, end__lte=end)
        )
        .filter(Exists(any_item), ~Exists(open_items))
        .values_list("learner__programme_id", "learner__home_municipality__province_id")
        .annotate(n=Count("learner_id", distinct=True))
        .order_by()
    )
    tables["completed"] = {(p, v): n for p, v, n in completed}
    return tables


def flows_table(*, year: str, k: int | None = None) -> Flows:
    """Every cell of one school year after suppression; `year` is a valid school-year label."""
    bounds = school_year_bounds(year)
    if bounds is None:
        raise ValueError(year)
    k = k if k is not None else int(settings.BRUG_SMALL_CELL_K)
    tables = _own_tables(*bounds)
    programme_ids = sorted({p for t in tables.values() for p, _ in t})
    programmes = {
        p.pk: p for p in Programme.objects.filter(pk__in=programme_ids).prefetch_related("sectors")
    }
    provinces = dict(Province.objects.order_by("name_nl").values_list("pk", "name_nl"))
    province_ids = list(provinces)
    order = sorted(programme_ids, key=lambda pk: (programmes[pk].name, pk))
    pattern = disclosure.suppress_linked(
        [tables[m] for m in MEASURES], k=k, rows=order, cols=province_ids
    )
    official = {
        (c.programme_id, c.province_id): c
        for c in OfficialCount.objects.filter(
            school_year=year,
            measure=CountMeasure.ENROLLED,
            programme_id__in=programme_ids,
            province__isnull=False,
            source__is_context=False,
        ).select_related("source")
    }
    cells: list[FlowCell] = []
    for programme_id in order:
        programme = programmes[programme_id]
        for province_id in province_ids:
            values = {m: pattern.cell(tables[m], programme_id, province_id) for m in MEASURES}
            raw = sum(tables[m].get((programme_id, province_id), 0) for m in MEASURES)
            count = official.get((programme_id, province_id))
            if not raw and count is None:
                continue
            cells.append(
                FlowCell(
                    programme_id=programme_id,
                    programme_code=programme.code,
                    programme=programme.name,
                    route="dual" if programme.is_dual else "school_based",
                    province_id=province_id,
                    province=provinces[province_id],
                    sector_ids=tuple(sorted(s.pk for s in programme.sectors.all())),
                    official_enrolled=None if count is None else count.value,
                    official_source="" if count is None else str(count.source),
                    **values,
                )
            )
    return Flows(
        school_year=year,
        reference_date=date.today(),
        k=k,
        is_demo=bool(settings.BRUG_DEMO),
        cells=cells,
    )


def phase_out_signals(*, year: str) -> list[PhaseOutSignal]:
    """Programme × province pairs whose official enrolment fell by half or more (or to nothing)
    from the school year before `year` to `year` (current official sources only)."""
    bounds = school_year_bounds(year)
    if bounds is None:
        return []
    before_year = f"{bounds[0].year - 1}-{bounds[0].year}"
    counts = OfficialCount.objects.filter(
        measure=CountMeasure.ENROLLED,
        school_year__in=[before_year, year],
        programme__isnull=False,
        province__isnull=False,
        source__is_context=False,
    ).select_related("programme", "province", "source")
    by_cell: dict[tuple[int, int], dict[str, OfficialCount]] = defaultdict(dict)
    for c in counts.order_by("source__reference_date", "pk"):
        by_cell[(c.programme_id, c.province_id)][c.school_year] = c  # type: ignore[index]
    programme_sectors: dict[int, list[int]] = defaultdict(list)
    for programme_id, sector_id in Programme.sectors.through.objects.filter(
        programme_id__in={p for p, _ in by_cell}
    ).values_list("programme_id", "sector_id"):
        programme_sectors[programme_id].append(sector_id)
    year_has_figures = _year_has_figures(year)
    signals: list[PhaseOutSignal] = []
    for (programme_id, province_id), years in sorted(by_cell.items()):
        old = years.get(before_year)
        if old is None or old.value < PHASE_OUT_MIN:
            continue
        new = years.get(year)
        after = Decimal(0) if new is None else new.value
        if new is None and not year_has_figures:
            continue  # no figure for this year yet: no signal
        if after > old.value * PHASE_OUT_DROP:
            continue
        assert old.programme is not None and old.province is not None
        signals.append(
            PhaseOutSignal(
                programme_id=programme_id,
                programme=old.programme.name,
                province_id=province_id,
                province=old.province.name_nl,
                sector_ids=tuple(sorted(programme_sectors.get(programme_id, []))),
                from_year=before_year,
                to_year=year,
                before=old.value,
                after=after,
                source=str((new or old).source),
            )
        )
    return signals


def _year_has_figures(year: str) -> bool:
    """Does any current official source hold programme enrolment figures for `year` (so a
    missing programme × province figure there means zero)?"""
    return OfficialCount.objects.filter(
        measure=CountMeasure.ENROLLED,
        school_year=year,
        source__is_context=False,
        programme__isnull=False,
    ).exists()


def in_scope(scope: Scope, *, sector_ids: tuple[int, ...], province_id: int) -> bool:
    return scope.covers(sectors=sector_ids, provinces=[province_id])


# ------------------------------------------------------------ from the second to the third grade
# Official enrolment in the last year of the second grade (leerjaar 2, school year Y-1) next to
# the first year of the third grade (leerjaar 1, school year Y), per finality and province: the
# same cohort one school year later, so the share that flows into finality A and D/A. These are
# counts of two school years, not a follow-up of persons. Brug records each learner's grade when
# registered, not their grade in earlier school years: it cannot follow the same learners from the
# second to the third grade, and only shows its own learners per grade and finality next to them.

FINALITIES = (Finality.LABOUR_MARKET.value, Finality.DOUBLE.value, Finality.TRANSITION.value)
FLANDERS = 0  # the row of every province together


@dataclass
class TransitionRow:
    province_id: int  # FLANDERS (0) for every province together
    province: str
    before: dict[str, int | None]  # finality -> official, 2nd grade year 2, year Y-1
    after: dict[str, int | None]  # finality -> official, 3rd grade year 1, year Y
    before_total: int | None
    after_total: int | None
    share_a: float | None  # of the 3rd grade's first year: finality A
    share_da: float | None  # ... finality D/A
    own_grade2: dict[str, int | None]  # finality -> Brug's registered learners in grade 2, year Y
    own_grade3: dict[str, int | None]


@dataclass
class Transition:
    from_year: str
    to_year: str
    rows: list[TransitionRow]
    sources: list[str]
    has_official: bool
    has_own: bool


TransitionTable = dict[tuple[int, str], int]


def _official_grade_table(
    *, year: str, grade: int, year_in_grade: int, sources: set[str]
) -> TransitionTable:
    """Official enrolment of all forms together per (province, finality): a finality row of a
    source when there is one, else the sum of its programme rows (the latest source wins)."""
    counts = (
        OfficialCount.objects.filter(
            measure=CountMeasure.ENROLLED,
            school_year=year,
            grade=grade,
            year_in_grade=year_in_grade,
            education_form=EducationForm.ALL,
            province__isnull=False,
            source__is_context=False,
        )
        .exclude(finality="")
        .select_related("source")
        .order_by("source__reference_date", "pk")
    )
    direct: dict[tuple[int, str], tuple[int, str]] = {}
    summed: dict[tuple[int, str], dict[int, tuple[int, str]]] = defaultdict(dict)
    for c in counts:
        key = (c.province_id or 0, c.finality)
        if c.programme_id is None:
            direct[key] = (int(c.value), str(c.source))
        else:
            summed[key][c.programme_id] = (int(c.value), str(c.source))
    table: TransitionTable = {}
    for key in set(direct) | set(summed):
        if key in direct:
            value, source = direct[key]
            sources.add(source)
        else:
            value = sum(v for v, _ in summed[key].values())
            sources.update(s for _, s in summed[key].values())
        table[key] = value
    return table


def _own_grade_tables(start: date, end: date) -> tuple[TransitionTable, TransitionTable]:
    """Brug's learners registered during the school year in grade 2 and in grade 3, per
    (province, finality of their programme); one grouped query for both grades."""
    rows = (
        Learner.objects.filter(
            workplace_learning_programme_q("programme__"),
            created_at__date__gte=start,
            created_at__date__lte=end,
            grade__in=[2, 3],
        )
        .exclude(programme__finality="")
        .values_list("grade", "home_municipality__province_id", "programme__finality")
        .annotate(n=Count("pk"))
        .order_by()
    )
    tables: dict[int, TransitionTable] = {2: {}, 3: {}}
    for grade, province, finality, n in rows:
        tables[grade][(province, finality)] = n
    return tables[2], tables[3]


def _transition_row(
    pattern: disclosure.Disclosure,
    tables: tuple[TransitionTable, ...],
    province_id: int,
    name: str,
) -> TransitionRow:
    """One province's row (FLANDERS: the column totals) as the pattern publishes it."""
    after, before, own2, own3 = tables

    def cell(table: TransitionTable, finality: str) -> int | None:
        if province_id == FLANDERS:
            return pattern.col_total(table, finality)
        return pattern.cell(table, province_id, finality)

    def total(table: TransitionTable) -> int | None:
        if province_id == FLANDERS:
            return pattern.total(table)
        return pattern.row_total(table, province_id)

    after_cells = {f: cell(after, f) for f in FINALITIES}
    after_total = total(after)
    return TransitionRow(
        province_id=province_id,
        province=name,
        before={f: cell(before, f) for f in FINALITIES},
        after=after_cells,
        before_total=total(before),
        after_total=after_total,
        share_a=disclosure.rate(after_cells[Finality.LABOUR_MARKET], after_total),
        share_da=disclosure.rate(after_cells[Finality.DOUBLE], after_total),
        own_grade2={f: cell(own2, f) for f in FINALITIES},
        own_grade3={f: cell(own3, f) for f in FINALITIES},
    )


def transition_table(*, year: str, k: int | None = None) -> Transition:
    """The second-to-third-grade transition into `year` (a valid school-year label), each of
    the four tables after one small-cell suppression pattern over provinces × finalities."""
    bounds = school_year_bounds(year)
    if bounds is None:
        raise ValueError(year)
    k = k if k is not None else int(settings.BRUG_SMALL_CELL_K)
    from_year = f"{bounds[0].year - 1}-{bounds[0].year}"
    sources: set[str] = set()
    before = _official_grade_table(year=from_year, grade=2, year_in_grade=2, sources=sources)
    after = _official_grade_table(year=year, grade=3, year_in_grade=1, sources=sources)
    own2, own3 = _own_grade_tables(*bounds)
    provinces = dict(Province.objects.order_by("name_nl").values_list("pk", "name_nl"))
    province_ids = list(provinces)
    tables = (after, before, own2, own3)
    pattern = disclosure.suppress_linked(list(tables), k=k, rows=province_ids, cols=FINALITIES)
    rows: list[TransitionRow] = []
    for province_id in province_ids:
        if any(t.get((province_id, f)) for t in tables for f in FINALITIES):
            rows.append(_transition_row(pattern, tables, province_id, provinces[province_id]))
    if rows:
        rows.append(_transition_row(pattern, tables, FLANDERS, ""))
    return Transition(
        from_year=from_year,
        to_year=year,
        rows=rows,
        sources=sorted(sources),
        has_official=bool(before or after),
        has_own=bool(own2 or own3),
    )
