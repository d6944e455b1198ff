"""The definitions behind every monitoring figure, as aggregate queries over workplace learning.

Selectors decide who sees which part; this module only counts. Each figure is one or two
`values(...).annotate(...)` queries, never a loop over learners or openings.

Definitions (also in docs/open-data.md):
* school year: 1 September to 31 August, the one containing the reference date;
* programme with workplace learning: a dual programme, or a 3rd-grade programme with finality
  A or D/A (workplace learning is compulsory there from 2025-26);
* learner who needs a place: in such a programme and screened "arbeidsrijp" and
  "arbeidsbereid", or in a start-up phase ("aanloopfase");
* placed: has an active placement whose period overlaps the school year;
* recognised capacity: the capacity of published openings that have not ended, start within the
  school year, at a recognised (approved, unexpired) workplace; free places = capacity − filled;
* gap: learners without a place − free places (positive: places are missing);
* a learner counts in the province of their home municipality, an opening in the province of its
  site;
* responsible: the programme's responsible sector(s) from the reference mapping programme →
  sector(s) (`Programme.sectors`, programmes.csv), their sectoral partnerships, sector funds and
  the funds' consultants; only for a programme without a mapping, the sectors whose partnership
  (or companies, for the Flemish partnership) recognised workplaces for it. The RTC of the
  province brokers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from brug.accounts.models import Membership
from brug.core.caching import cached
from brug.registry.models import (
    Finality,
    Organisation,
    OrganisationKind,
    Programme,
    Province,
    RTCRegion,
    Sector,
)
from brug.workplace.models import (
    Learner,
    Opening,
    OpeningStatus,
    Placement,
    PlacementKind,
    PlacementStatus,
    Recognition,
    RecognitionStatus,
    StartUpTrajectory,
    recognised_q,
)


def school_year(on: date) -> tuple[date, date]:
    start_year = on.year if on.month >= 9 else on.year - 1
    return date(start_year, 9, 1), date(start_year + 1, 8, 31)


def school_year_label(on: date) -> str:
    start, end = school_year(on)
    return f"{start.year}-{end.year}"


def workplace_learning_programme_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}is_dual": True}) | Q(
        **{f"{prefix}grade": 3, f"{prefix}finality__in": [Finality.LABOUR_MARKET, Finality.DOUBLE]}
    )


def needs_place_q() -> Q:
    start_up = Exists(StartUpTrajectory.objects.filter(learner=OuterRef("pk")))
    screened = Q(ready=True, willing=True) | start_up
    return screened & workplace_learning_programme_q("programme__")


def active_placements(on: date, kind: str | None = None) -> QuerySet[Placement]:
    start, end = school_year(on)
    placements = Placement.objects.filter(
        status=PlacementStatus.ACTIVE, start__lte=end, end__gte=start
    )
    return placements.filter(opening__kind=kind) if kind else placements


def learners_needing_place(on: date, kind: str | None = None) -> QuerySet[Learner]:
    """Learners who need a place, annotated with `has_place` (an active placement)."""
    learners = Learner.objects.filter(needs_place_q())
    if kind == PlacementKind.DUAL:
        learners = learners.filter(programme__is_dual=True)
    placed = active_placements(on, kind).filter(learner=OuterRef("pk"))
    return learners.annotate(has_place=Exists(placed))


def open_openings(on: date, kind: str | None = None) -> QuerySet[Opening]:
    _, year_end = school_year(on)
    openings = Opening.objects.filter(
        recognised_q("workplace__", on),
        status=OpeningStatus.PUBLISHED,
        end__gte=on,
        start__lte=year_end,
    )
    return openings.filter(kind=kind) if kind else openings


def recognised_workplaces(on: date) -> QuerySet[Recognition]:
    return Recognition.objects.filter(recognised_q("", on))


def programmes_of_sectors(sector_ids: list[int] | tuple[int, ...]) -> QuerySet[Recognition]:
    """Recognitions that make their programme the responsibility of one of these sectors."""
    by_partnership = Q(partnership__sectors__in=sector_ids)
    by_company = Q(company__sectors__in=sector_ids) & (
        Q(partnership__isnull=True) | Q(partnership__sectors__isnull=True)
    )
    return Recognition.objects.exclude(status=RecognitionStatus.DRAFT).filter(
        by_partnership | by_company
    )


@dataclass(frozen=True)
class Filters:
    programme_id: int | None = None
    study_domain_id: int | None = None
    province_id: int | None = None
    kind: str | None = None


@dataclass
class ShortageRow:
    """One programme in one province (or RTC region)."""

    programme_id: int
    programme: str
    programme_code: str
    study_domain: str
    area_id: int
    area: str
    province_ids: tuple[int, ...]
    learners: int = 0
    placed: int = 0
    capacity: int = 0
    filled: int = 0
    openings: int = 0
    sector_ids: tuple[int, ...] = ()
    sectors: list[str] = field(default_factory=list)
    sector_funds: list[str] = field(default_factory=list)
    brokers: list[str] = field(default_factory=list)
    partnerships: list[str] = field(default_factory=list)
    consultants: list[str] = field(default_factory=list)
    # True when the sectors come from the reference mapping, False when derived from recognitions
    from_mapping: bool = False

    @property
    def without_place(self) -> int:
        return self.learners - self.placed

    @property
    def free(self) -> int:
        return self.capacity - self.filled

    @property
    def gap(self) -> int:
        return self.without_place - self.free

    @property
    def placement_rate(self) -> float | None:
        return self.placed / self.learners if self.learners else None


def shortage_cells(*, on: date, filters: Filters) -> dict[tuple[int, int], dict[str, int]]:
    """(programme id, province id) → learners, placed, capacity, filled and openings."""
    learner_filter = Q()
    opening_filter = Q()
    if filters.programme_id:
        learner_filter &= Q(programme_id=filters.programme_id)
        opening_filter &= Q(programme_id=filters.programme_id)
    if filters.study_domain_id:
        learner_filter &= Q(programme__study_domain_id=filters.study_domain_id)
        opening_filter &= Q(programme__study_domain_id=filters.study_domain_id)
    if filters.province_id:
        learner_filter &= Q(home_municipality__province_id=filters.province_id)
        opening_filter &= Q(site__municipality__province_id=filters.province_id)
    demand = (
        learners_needing_place(on, filters.kind)
        .filter(learner_filter)
        .values("programme_id", "home_municipality__province_id")
        .annotate(learners=Count("pk"), placed=Count("pk", filter=Q(has_place=True)))
        .order_by()
    )
    supply = (
        open_openings(on, filters.kind)
        .filter(opening_filter)
        .values("programme_id", "site__municipality__province_id")
        .annotate(capacity=Sum("capacity"), filled=Sum("filled"), openings=Count("pk"))
        .order_by()
    )
    cells: dict[tuple[int, int], dict[str, int]] = defaultdict(
        lambda: {"learners": 0, "placed": 0, "capacity": 0, "filled": 0, "openings": 0}
    )
    for d in demand:
        cell = cells[(d["programme_id"], d["home_municipality__province_id"])]
        cell["learners"] += d["learners"]
        cell["placed"] += d["placed"]
    for s in supply:
        cell = cells[(s["programme_id"], s["site__municipality__province_id"])]
        cell["capacity"] += s["capacity"] or 0
        cell["filled"] += s["filled"] or 0
        cell["openings"] += s["openings"]
    return dict(cells)


def shortage_table(
    *, on: date, filters: Filters | None = None, by: str = "province"
) -> list[ShortageRow]:
    """Learners without a place against recognised capacity, per programme × province/RTC region.

    Sorted by gap, largest first. `by` is "province" or "rtc". The counts come from
    `shortage_cells`, kept for the figures' cache lifetime (`core.caching`): they are one pass
    over every learner who needs a place (seconds at 500,000 learners) and the radar, the open
    figures and the dashboards all ask for them.
    """
    filters = filters or Filters()
    cache_key = (
        f"shortage-cells:{on.isoformat()}:{filters.programme_id}:{filters.study_domain_id}:"
        f"{filters.province_id}:{filters.kind}"
    )
    cells = cached(cache_key, lambda: shortage_cells(on=on, filters=filters)).value
    if not cells:
        return []
    areas = _areas(by)
    programmes = {
        p["pk"]: p
        for p in Programme.objects.filter(pk__in={p for p, _ in cells}).values(
            "pk", "name", "code", "study_domain__name"
        )
    }
    responsible = responsible_parties({p for p, _ in cells})
    rows: dict[tuple[int, int], ShortageRow] = {}
    for (programme_id, province_id), numbers in cells.items():
        area_id, area_name, area_provinces = areas.get(
            province_id, (province_id, "?", (province_id,))
        )
        key = (programme_id, area_id)
        row = rows.get(key)
        if row is None:
            programme = programmes[programme_id]
            sector_ids, sectors, funds = responsible.sectors.get(programme_id, ((), [], []))
            people = responsible.people.get(programme_id, ([], []))
            row = rows[key] = ShortageRow(
                programme_id=programme_id,
                programme=programme["name"],
                programme_code=programme["code"],
                study_domain=programme["study_domain__name"],
                area_id=area_id,
                area=area_name,
                province_ids=area_provinces,
                sector_ids=sector_ids,
                sectors=sectors,
                sector_funds=funds,
                brokers=sorted({n for p in area_provinces for n in responsible.rtcs.get(p, [])}),
                partnerships=people[0],
                consultants=people[1],
                from_mapping=programme_id in responsible.mapped,
            )
        for name, value in numbers.items():
            setattr(row, name, getattr(row, name) + value)
    return sorted(rows.values(), key=lambda r: (-r.gap, r.programme, r.area))


def _areas(by: str) -> dict[int, tuple[int, str, tuple[int, ...]]]:
    """province id → (area id, area name, provinces of the area)."""
    provinces = list(Province.objects.values_list("pk", "name_nl"))
    if by != "rtc":
        return {pk: (pk, name, (pk,)) for pk, name in provinces}
    members: dict[int, list[int]] = defaultdict(list)
    names: dict[int, str] = {}
    region_of: dict[int, int] = {}
    for region_id, name, province_id in RTCRegion.objects.values_list(
        "pk", "name", "provinces"
    ).order_by("pk"):
        names[region_id] = name
        if province_id is not None and province_id not in region_of:
            region_of[province_id] = region_id
            members[region_id].append(province_id)
    areas: dict[int, tuple[int, str, tuple[int, ...]]] = {}
    for pk, name in provinces:
        if pk not in region_of:  # a province outside every RTC region stays on its own
            areas[pk] = (-pk, name, (pk,))
        else:
            rid = region_of[pk]
            areas[pk] = (rid, names[rid], tuple(sorted(members[rid])))
    return areas


@dataclass
class Responsible:
    # programme id → (sector ids, sector names, sector fund names)
    sectors: dict[int, tuple[tuple[int, ...], list[str], list[str]]]
    # province id → RTC names
    rtcs: dict[int, list[str]]
    # programme id → (partnership names, consultant names)
    people: dict[int, tuple[list[str], list[str]]] = field(default_factory=dict)
    # programmes whose sectors come from the reference mapping
    mapped: frozenset[int] = frozenset()


def responsible_parties(programme_ids: set[int]) -> Responsible:
    """Who closes a shortage: the programme's responsible sectors (reference mapping), their
    partnerships, funds and the funds' consultants; the province's RTC.

    Only a programme without a mapping falls back to recognitions: a recognition decided by a
    sectoral partnership makes the partnership's sectors responsible; one decided by the Flemish
    partnership (no sectors) or not yet routed makes the company's.
    """
    by_programme: dict[int, set[int]] = defaultdict(set)
    for programme_id, sector_id in (
        Programme.sectors.through.objects.filter(programme_id__in=programme_ids)
        .values_list("programme_id", "sector_id")
        .order_by()
    ):
        by_programme[programme_id].add(sector_id)
    mapped = frozenset(by_programme)
    recognitions = Recognition.objects.filter(programme_id__in=set(programme_ids) - mapped).exclude(
        status=RecognitionStatus.DRAFT
    )
    for programme_id, sector_id in (
        recognitions.filter(partnership__sectors__isnull=False)
        .values_list("programme_id", "partnership__sectors")
        .order_by()
        .distinct()
    ):
        by_programme[programme_id].add(sector_id)
    for programme_id, sector_id in (
        recognitions.filter(Q(partnership__isnull=True) | Q(partnership__sectors__isnull=True))
        .filter(company__sectors__isnull=False)
        .values_list("programme_id", "company__sectors")
        .order_by()
        .distinct()
    ):
        by_programme[programme_id].add(sector_id)
    all_sectors = {s for ids in by_programme.values() for s in ids}
    sector_names = dict(Sector.objects.filter(pk__in=all_sectors).values_list("pk", "name"))
    funds: dict[int, set[str]] = defaultdict(set)
    fund_ids: dict[int, set[int]] = defaultdict(set)
    for fund_id, name, sector_id in Organisation.objects.filter(
        kind=OrganisationKind.SECTOR_FUND, sectors__in=all_sectors
    ).values_list("pk", "name", "sectors"):
        funds[sector_id].add(name)
        fund_ids[sector_id].add(fund_id)
    partnerships: dict[int, set[str]] = defaultdict(set)
    for name, sector_id in Organisation.objects.filter(
        kind=OrganisationKind.PARTNERSHIP, sectors__in=all_sectors
    ).values_list("name", "sectors"):
        partnerships[sector_id].add(name)
    consultants: dict[int, set[str]] = defaultdict(set)  # fund id → consultant names
    for fund_id, first, last, username in (
        Membership.objects.filter(
            organisation_id__in={f for ids in fund_ids.values() for f in ids},
            role="consultant",
            is_active=True,
        )
        .values_list("organisation_id", "user__first_name", "user__last_name", "user__username")
        .order_by()
    ):
        consultants[fund_id].add(f"{first} {last}".strip() or username)
    sectors: dict[int, tuple[tuple[int, ...], list[str], list[str]]] = {}
    people: dict[int, tuple[list[str], list[str]]] = {}
    for programme_id, ids in by_programme.items():
        ordered = tuple(sorted(ids))
        sectors[programme_id] = (
            ordered,
            sorted(sector_names.get(s, "?") for s in ordered),
            sorted({f for s in ordered for f in funds.get(s, set())}),
        )
        people[programme_id] = (
            sorted({p for s in ordered for p in partnerships.get(s, set())}),
            sorted({c for s in ordered for f in fund_ids.get(s, set()) for c in consultants[f]}),
        )
    rtcs: dict[int, list[str]] = defaultdict(list)
    for name, province_id in Organisation.objects.filter(
        kind=OrganisationKind.RTC, rtc_region__provinces__isnull=False
    ).values_list("name", "rtc_region__provinces"):
        rtcs[province_id].append(name)
    return Responsible(
        sectors=sectors,
        rtcs={p: sorted(n) for p, n in rtcs.items()},
        people=people,
        mapped=mapped,
    )
