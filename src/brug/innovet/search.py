"""The one search service of the InnoVET catalogue: full text + facets + distance.

Two full-text backends with the same contract, chosen by database vendor:
* PostgreSQL: `to_tsvector('dutch', search_document)` with a functional GIN index (migration
  0002), `websearch_to_tsquery('dutch', ...)` and `ts_rank`;
* SQLite: an FTS5 table `innovet_offer_fts` (rowid = offer id) holding light Dutch stems
  (`textsearch`), kept in sync by `offers_index` which every offer write calls.
Everything else (facets, distance, sorting, paging) is plain ORM and identical on both.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.db import connection, models, transaction
from django.db.models import Count, F, FloatField, Q, QuerySet, Sum
from django.db.models.expressions import ExpressionWrapper
from django.utils.translation import get_language

from brug.accounts.people import RequestUser, user_or_none
from brug.core import caching, policy
from brug.core.fulltext import FullTextIndex, backend_name, is_postgres
from brug.core.searchpage import results_page, sort_choice
from brug.innovet import textsearch
from brug.innovet.models import (
    Offer,
    OfferDomainFacet,
    OfferFacet,
    OfferFacetGroup,
    OfferFacetRow,
    OfferKind,
    OfferProgrammeFacet,
    OfferStatus,
)
from brug.registry.geo import distance_sq, filter_within_km, haversine_km
from brug.registry.models import Programme, Province, StudyDomain

FTS_TABLE = "innovet_offer_fts"
PREFERRED_AUTUMN = (10, 11)  # seed 004: October-November ...
PREFERRED_SPRING = (2, 3, 4)  # ... and February-April are the preferred periods
COST_STEPS = (0, 70, 100, 250)  # 70-100 EUR is a teacher's yearly budget (seed 004)
SORTS = ("relevance", "date", "distance")


# ------------------------------------------------------------------ backends


OFFER_INDEX = FullTextIndex(
    table="innovet_offer",
    fts_table=FTS_TABLE,
    gin_index="innovet_offer_search_gin",
    title="title",
    title_stems="search_title",
    rank_vector="search_rank_vector",  # migration 0008 (PostgreSQL)
)


def sqlite_fts_ensure(using: Any = None) -> None:
    """Create the FTS5 table if it is missing (cheap; also run after `migrate`, see apps.py)."""
    OFFER_INDEX.ensure(using)


_is_postgres = is_postgres


def _match(qs: QuerySet[Offer], text: str) -> QuerySet[Offer] | None:
    """Filter to offers matching `text` (PostgreSQL also annotates `rank`); None: no terms."""
    return OFFER_INDEX.match(qs, text)


def _sqlite_ranks(text: str) -> dict[int, float]:
    """bm25 per matching offer (lower is better), in one pass over the FTS index."""
    return OFFER_INDEX.sqlite_ranks(text)


def offer_document(offer: Offer) -> str:
    """The text an offer is found by (stored on the offer; PostgreSQL indexes it directly)."""
    parts: list[str] = [offer.title, offer.get_kind_display(), offer.description]
    parts += [d.name for d in offer.study_domains.all()]
    parts += [p.name for p in offer.programmes.all()]
    parts += [q.name for q in offer.qualifications.all()]
    parts += [offer.provider.name, offer.curriculum_link]
    if offer.province is not None:
        parts.append(offer.province.name_nl)
    if offer.site is not None:
        parts.append(offer.site.municipality.name_nl)
    # Accents folded here, so PostgreSQL needs no unaccent extension.
    return textsearch.fold("\n".join(p for p in parts if p))


def offers_index(offers: Iterable[Offer]) -> int:
    """Recompute the search document of these offers (and the FTS rows on SQLite)."""
    rows = list(offers)
    if not rows:
        return 0
    by_pk = (
        Offer.objects.filter(pk__in=[o.pk for o in rows])
        .select_related("provider", "province", "site__municipality")
        .prefetch_related("study_domains", "programmes", "qualifications")
    )
    updated = []
    for offer in by_pk:
        offer.search_document = offer_document(offer)
        offer.search_title = textsearch.document(offer.title)
        updated.append(offer)
    Offer.objects.bulk_update(updated, ["search_document", "search_title"], batch_size=500)
    OFFER_INDEX.write((o.pk, o.search_document) for o in updated)
    catalogue_changed([o.pk for o in updated])
    return len(updated)


def offers_unindex(offer_ids: Iterable[int]) -> None:
    ids = list(offer_ids)
    OFFER_INDEX.remove(ids)
    catalogue_changed(ids)


# ------------------------------------------------------------------ cached counts

# The total and the facet counts of a search are the same for every visitor (the catalogue is
# the published offers, public to all: permission_matrix "innovet.offer" public/published), so
# many people asking the same way share them. Every write that can change a count (an offer
# written or (un)published, its sessions, its free places) bumps the catalogue version once it
# is committed, which makes every cached count unreachable; the figures lifetime
# (`BRUG_FIGURES_CACHE_SECONDS`) bounds how long an entry is kept. The page of offers itself
# is never cached.
CATALOGUE = "innovet.catalogue"


def catalogue_changed(offer_ids: Iterable[int] | None) -> None:
    """Offers, sessions or free places changed: the facet rows of these offers (None: of every
    offer) are rewritten now, in the writer's transaction, and cached totals and facets are
    dropped on commit. Every write that can change what the catalogue counts calls this, so the
    denormalised facet rows and the cache cannot miss a write the other one sees."""
    offers_facets_refresh(offer_ids)
    transaction.on_commit(lambda: caching.bump(CATALOGUE))


# The study-domain and programme facets count rows of these tables (`OfferFacetRow`): the facet
# row model, the facet's name, the link table of `Offer` it copies, and the link's column.
FACET_TABLES: tuple[tuple[type[OfferFacetRow], str, Any, str], ...] = (
    (OfferDomainFacet, "study_domain", Offer.study_domains.through, "studydomain_id"),
    (OfferProgrammeFacet, "programme", Offer.programmes.through, "programme_id"),
)
_REFRESH_CHUNK = 500


def offers_facets_refresh(offer_ids: Iterable[int] | None) -> None:
    """Rewrite the facet rows of these offers (None: of all) from the offers and their links.

    One DELETE and one INSERT ... SELECT per facet table (per 500 offers): only published
    offers get rows, each a copy of the offer's facet columns per study domain or programme,
    and one per offer (`OfferFacet`). The group counts (`OfferFacetGroup`) lose the old
    `OfferFacet` rows' groups and gain the new ones. Callers hold the offer rows (they just
    wrote them), so concurrent refreshes of one offer run one after the other.
    """
    ids = None if offer_ids is None else sorted(set(offer_ids))
    if ids == []:
        return
    offer_table = Offer._meta.db_table
    copied = OfferFacetRow.FACET_COLUMNS
    tables: tuple[tuple[type[OfferFacetRow], str, Any, str], ...] = (
        *FACET_TABLES,
        (OfferFacet, "", None, ""),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(ids), _REFRESH_CHUNK) if ids is not None else (0,):
            chunk = None if ids is None else ids[start : start + _REFRESH_CHUNK]
            old = _offer_groups(chunk)
            for model, name, through, link_column in tables:
                table = model._meta.db_table
                if through is None:  # one row per offer
                    insert = (
                        f"INSERT INTO {table} (offer_id, {', '.join(copied)}) "  # noqa: S608 (names from the models)
                        f"SELECT o.id, {', '.join('o.' + c for c in copied)} "
                        f"FROM {offer_table} o WHERE o.status = %s"
                    )
                    id_column = "o.id"
                else:
                    insert = (
                        f"INSERT INTO {table} (offer_id, {name}_id, {', '.join(copied)}) "  # noqa: S608 (names from the models)
                        f"SELECT l.offer_id, l.{link_column}, {', '.join('o.' + c for c in copied)} "
                        f"FROM {through._meta.db_table} l JOIN {offer_table} o ON o.id = l.offer_id "
                        "WHERE o.status = %s"
                    )
                    id_column = "o.id"
                if chunk is None:
                    cursor.execute(f"DELETE FROM {table}")  # noqa: S608
                    cursor.execute(insert, [OfferStatus.PUBLISHED])
                    continue
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {table} WHERE offer_id IN ({marks})", chunk)  # noqa: S608
                cursor.execute(
                    f"{insert} AND {id_column} IN ({marks})", [OfferStatus.PUBLISHED, *chunk]
                )
            _groups_add(cursor, old, _offer_groups(chunk), rebuild=chunk is None)


# A combination of the columns the one-column facets and the lateral-entry filter look at:
# (kind, province id, autumn, spring, on request, cost, has free places, for lateral entrants).
GroupColumns = tuple[str, int | None, bool, bool, bool, Decimal, bool, bool]
# An `OfferFacetGroup`: the facet ("" for the offers themselves, "study_domain", "programme";
# "place", "place_study_domain", "place_programme" the same per place), the study domain's or
# programme's id, the combination, the place (latitude, longitude).
Place = tuple[float, float] | None
Group = tuple[str, int | None, GroupColumns, Place]
# The combination's columns: the facet row's copied Offer columns without the place.
_GROUP_COLUMNS = OfferFacetRow.FACET_COLUMNS[:-2]


def group_key(
    group: GroupColumns, facet: str = "", link_id: int | None = None, place: Place = None
) -> str:
    """`OfferFacetGroup.key`: the facet, link or place and combination as one text, the same on
    every database."""
    kind, province_id, autumn, spring, on_request, cost, free, lateral = group
    flags = "".join("1" if flag else "0" for flag in (autumn, spring, on_request, free, lateral))
    own = f"{kind}|{'-' if province_id is None else province_id}|{flags}|{cost:.2f}"
    if place is not None:
        return f"{facet}:{'' if link_id is None else link_id}@{place[0]!r},{place[1]!r}|{own}"
    return f"{facet}:{link_id}|{own}" if facet else own


def _offer_groups(offer_ids: list[int] | None) -> dict[Group, int]:
    """Published offers (also per place with coordinates) and their study-domain and programme
    links per combination, counted from their facet rows."""
    counts: dict[Group, int] = {}
    sources: tuple[tuple[type[OfferFacetRow], str], ...] = (
        (OfferFacet, ""),
        *((model, name) for model, name, _through, _column in FACET_TABLES),
    )
    for model, facet in sources:
        rows: QuerySet[Any] = model._default_manager.all()
        if offer_ids is not None:
            rows = rows.filter(offer_id__in=offer_ids)
        grouped = (
            rows.order_by()
            .values_list(
                f"{facet}_id" if facet else "province_id",  # a placeholder, ignored below
                *OfferFacetRow.FACET_COLUMNS,
            )
            .annotate(n=Count("offer_id"))
        )
        for link, kind, province, autumn, spring, on_request, cost, free, lateral, *rest in grouped:
            latitude, longitude, n = rest
            columns: GroupColumns = (
                kind,
                province,
                bool(autumn),
                bool(spring),
                bool(on_request),
                Decimal(cost).quantize(Decimal("0.01")),
                free > 0,
                bool(lateral),
            )
            keys: list[Group] = [(facet, link if facet else None, columns, None)]
            if latitude is not None and longitude is not None:
                place = (latitude, longitude)
                keys.append((f"place_{facet}" if facet else "place", keys[0][1], columns, place))
            for key in keys:
                counts[key] = counts.get(key, 0) + n
    return counts


def _groups_add(
    cursor: Any, old: dict[Group, int], new: dict[Group, int], *, rebuild: bool
) -> None:
    """Apply new - old to `OfferFacetGroup` (rebuild: replace every row by `new`), in key order
    so that concurrent writers lock the rows in the same order."""
    table = OfferFacetGroup._meta.db_table
    if rebuild:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        old = {}
    deltas = {g: new.get(g, 0) - old.get(g, 0) for g in set(old) | set(new)}
    changed = sorted((group_key(g[2], g[0], g[1], g[3]), g, d) for g, d in deltas.items() if d)
    columns = ", ".join(("key", "facet", "link_id", *_GROUP_COLUMNS, "latitude", "longitude"))
    for key, (facet, link_id, group, place), delta in changed:
        if delta > 0:
            values = [key, facet, link_id, *group[:6], int(group[6]), group[7]]
            values += [*(place or (None, None)), delta]
            cursor.execute(
                f"INSERT INTO {table} ({columns}, offers) VALUES ({', '.join(['%s'] * 14)}) "  # noqa: S608
                f"ON CONFLICT (key) DO UPDATE SET offers = {table}.offers + EXCLUDED.offers",
                values,
            )
        else:
            cursor.execute(
                f"UPDATE {table} SET offers = offers + %s WHERE key = %s",  # noqa: S608
                [delta, key],
            )
    gone = [key for key, _group, delta in changed if delta < 0]
    for start in range(0, len(gone), _REFRESH_CHUNK):
        part = gone[start : start + _REFRESH_CHUNK]
        marks = ", ".join(["%s"] * len(part))
        cursor.execute(
            f"DELETE FROM {table} WHERE offers = 0 AND key IN ({marks})",  # noqa: S608
            part,
        )


def _counts_key(q: OfferQuery) -> str:
    """Everything the total and facets depend on: not the page or the sort."""
    parts = (
        q.text.strip(),
        q.kinds,
        q.study_domain_ids,
        q.programme_ids,
        q.province_ids,
        q.period,
        None if q.max_cost is None else str(q.max_cost),
        q.free_places,
        q.lateral_entry,
        (q.within_km, q.origin) if q.within_km and q.origin is not None else None,
        get_language(),  # the facet labels
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:40]
    return f"innovet:counts:{caching.version(CATALOGUE)}:{digest}"


# ------------------------------------------------------------------ query and result


@dataclass(frozen=True)
class OfferQuery:
    text: str = ""
    kinds: tuple[str, ...] = ()
    study_domain_ids: tuple[int, ...] = ()
    programme_ids: tuple[int, ...] = ()
    province_ids: tuple[int, ...] = ()
    period: str = ""  # "autumn" (Oct-Nov), "spring" (Feb-Apr), "on_request"
    max_cost: Decimal | None = None
    free_places: bool = False
    # Seed 004: lateral entrants (*zij-instromers*) find the development meant for them.
    lateral_entry: bool = False
    within_km: float | None = None
    origin: tuple[float, float] | None = None  # the teacher's school, or a place
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20

    def has_criteria(self) -> bool:
        return bool(
            self.text.strip()
            or self.kinds
            or self.study_domain_ids
            or self.programme_ids
            or self.province_ids
            or self.period
            or self.max_cost is not None
            or self.free_places
            or self.lateral_entry
            or self.within_km
        )

    def filters_dict(self) -> dict[str, Any]:
        """The filters as stored with a failed search (no personal data)."""
        return {
            k: v
            for k, v in {
                "kinds": list(self.kinds),
                "study_domains": list(self.study_domain_ids),
                "programmes": list(self.programme_ids),
                "provinces": list(self.province_ids),
                "period": self.period,
                "max_cost": str(self.max_cost) if self.max_cost is not None else "",
                "free_places": self.free_places,
                "lateral_entry": self.lateral_entry,
                "within_km": self.within_km or "",
            }.items()
            if v not in ("", [], False)
        }


@dataclass
class FacetValue:
    key: str
    label: str
    count: int
    selected: bool = False
    preferred: bool = False


@dataclass
class SearchResult:
    offers: list[Offer]
    total: int
    page: int
    pages: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    distances: dict[int, float] = field(default_factory=dict)
    backend: str = ""
    text_ignored: bool = False


_distance_sq = distance_sq


Q_ = TypeVar("Q_", bound=models.Model)


def _apply(
    qs: QuerySet[Q_], q: OfferQuery, skip: str | tuple[str, ...] = "", *, offer: str = "pk"
) -> QuerySet[Q_]:
    """Every filter except the facet(s) `skip` (so a facet counts the choices next to its own).

    `qs` is of offers, or of facet rows (`OfferFacetRow`: the same column names, the offer's id
    in `offer="offer_id"`)."""
    skip = (skip,) if isinstance(skip, str) else skip
    if q.kinds and "kind" not in skip:
        qs = qs.filter(kind__in=q.kinds)
    if q.study_domain_ids and "study_domain" not in skip:
        qs = qs.filter(
            **{
                f"{offer}__in": Offer.study_domains.through.objects.filter(
                    studydomain_id__in=q.study_domain_ids
                ).values("offer_id")
            }
        )
    if q.programme_ids and "programme" not in skip:
        qs = qs.filter(
            **{
                f"{offer}__in": Offer.programmes.through.objects.filter(
                    programme_id__in=q.programme_ids
                ).values("offer_id")
            }
        )
    if q.province_ids and "province" not in skip:
        qs = qs.filter(province_id__in=q.province_ids)
    if q.period and "period" not in skip:
        qs = qs.filter(
            {
                "autumn": Q(in_autumn_window=True),
                "spring": Q(in_spring_window=True),
                "on_request": Q(on_request=True),
            }.get(q.period, Q())
        )
    if q.max_cost is not None and "cost" not in skip:
        qs = qs.filter(cost_eur__lte=q.max_cost)
    if q.free_places and "free_places" not in skip:
        qs = qs.filter(free_places__gt=0)
    if q.lateral_entry:
        qs = qs.filter(for_lateral_entrants=True)
    if q.within_km and q.origin is not None:
        qs = filter_within_km(qs, q.origin, q.within_km)
    return qs


SCALAR_FACETS = ("kind", "province", "period", "cost", "free_places")
# A group of offers with the same facet columns: (kind, province id, autumn, spring, on request,
# index of the first cost step the cost is within (len(COST_STEPS) if none), within the
# max_cost filter, has free places) -> number of offers.
Groups = dict[tuple[str, int | None, bool, bool, bool, int, bool, bool], int]


def _scalar_groups(base: QuerySet[Offer], q: OfferQuery, *, text_matched: bool) -> Groups:
    """One grouped query over the columns of the one-column facets.

    The rows are those that pass every filter except the one-column ones (text, distance and
    the study-domain/programme filters apply to all of these facets); every one-column facet
    count and the total then come from adding up groups in Python instead of one scan per facet.
    Where the rows come from (`_group_source`): without text, study domain or programme they
    are the whole catalogue already counted per group (`OfferFacetGroup`: a few hundred rows
    instead of 100,000 offers), within a radius per group and place (the places in the
    radius: a few thousand rows instead of ~16,000 offers); with a study domain or programme,
    the narrow `OfferFacet` rows; with text, the offers the text matched, grouped by the raw
    columns of the covering index `innovet_offer_facets`.
    """
    source = _group_source(q, text_matched)
    rows: Iterable[tuple[Any, ...]]
    if source in ("groups", "places"):
        facet = "" if source == "groups" else "place"  # "place": with the distance filter
        rows = _catalogue_groups(q, facet, SCALAR_FACETS).values_list(*_FOLDED, "offers")
    else:
        narrow = source == "facet_rows"
        selected: QuerySet[Any] = _apply(
            OfferFacet.objects.all() if narrow else base,
            q,
            skip=SCALAR_FACETS,
            offer="offer_id" if narrow else "pk",
        )
        rows = (
            selected.order_by()
            # The cost as the driver returns it (float on SQLite, Decimal on PostgreSQL),
            # compared below as the database compares it, without a Decimal conversion per group.
            .annotate(_cost=ExpressionWrapper(F("cost_eur"), output_field=FloatField()))
            .values_list(
                "in_autumn_window",
                "in_spring_window",
                "on_request",
                "free_places",
                "_cost",
                "kind",
                "province_id",
            )
            .annotate(n=Count("offer_id" if narrow else "pk"))
        )
    group_of = _group_of(q)
    groups: Groups = {}
    for *columns, n in rows:
        key = group_of(*columns)
        groups[key] = groups.get(key, 0) + n
    return groups


# The columns `_group_of` reads, in its order.
_FOLDED = (
    "in_autumn_window",
    "in_spring_window",
    "on_request",
    "free_places",
    "cost_eur",
    "kind",
    "province_id",
)
GroupKey = tuple[str, int | None, bool, bool, bool, int, bool, bool]


def _group_of(q: OfferQuery) -> Callable[..., GroupKey]:
    """The `Groups` key of a row's one-column facet columns (the cost step it is within, and
    whether it is within `q.max_cost`, computed once per cost)."""
    cost_keys: dict[Any, tuple[int, bool]] = {}

    def group_of(
        autumn: Any,
        spring: Any,
        on_request: Any,
        free_places: Any,
        cost: Any,
        kind: str,
        province_id: int | None,
    ) -> GroupKey:
        cost_key = cost_keys.get(cost)
        if cost_key is None:
            same = float if isinstance(cost, float) else Decimal
            bucket = next(
                (i for i, step in enumerate(COST_STEPS) if cost <= same(step)), len(COST_STEPS)
            )
            within = q.max_cost is None or cost <= same(q.max_cost)
            cost_key = cost_keys[cost] = (bucket, within)
        return (
            kind,
            province_id,
            bool(autumn),
            bool(spring),
            bool(on_request),
            cost_key[0],
            cost_key[1],
            free_places > 0,
        )

    return group_of


def _catalogue_groups(
    q: OfferQuery, facet: str, skip: str | tuple[str, ...]
) -> QuerySet[OfferFacetGroup]:
    """The whole catalogue's groups of `facet` ("": the offers) with every filter but `skip`
    applied (the same columns as the offers': `_apply`)."""
    return _apply(OfferFacetGroup.objects.filter(facet=facet, offers__gt=0), q, skip)


def _group_source(q: OfferQuery, text_matched: bool) -> str:
    """What `_scalar_groups` reads: "groups" (the whole catalogue, counted ahead), "places"
    (the same per place, within a radius), "facet_rows" (`OfferFacet`, no text) or "offers"
    (the offers the text matched).

    The facet rows and groups hold exactly the published offers, which is the catalogue
    (`catalogue_base`: public to everyone, permission_matrix "innovet.offer")."""
    if text_matched:
        return "offers"
    if q.study_domain_ids or q.programme_ids:
        return "facet_rows"
    return "places" if q.within_km and q.origin is not None else "groups"


def _passes(key: tuple[str, int | None, bool, bool, bool, int, bool, bool], q: OfferQuery) -> int:
    """Bit mask of the one-column filters of `q` a group fails (as `_apply` filters them)."""
    kind, province_id, autumn, spring, on_request, _bucket, within_cost, free = key
    period_ok = {"autumn": autumn, "spring": spring, "on_request": on_request}.get(q.period, True)
    failed = 0
    if q.kinds and kind not in q.kinds:
        failed |= FAIL["kind"]
    if q.province_ids and province_id not in q.province_ids:
        failed |= FAIL["province"]
    if q.period and not period_ok:
        failed |= FAIL["period"]
    if not within_cost:
        failed |= FAIL["cost"]
    if q.free_places and not free:
        failed |= FAIL["free_places"]
    return failed


FAIL = {facet: 1 << i for i, facet in enumerate(SCALAR_FACETS)}


def _scalar_total(groups: Groups, q: OfferQuery) -> int:
    return sum(n for key, n in groups.items() if not _passes(key, q))


ScalarCounts = tuple[dict[str, int], dict[int, int], dict[str, int], list[int], int]


def _scalar_counts_grouped(groups: Groups, q: OfferQuery) -> ScalarCounts:
    """Kind, province, period, cost and free-places counts added up from `_scalar_groups`."""
    kinds: dict[str, int] = {}
    provinces: dict[int, int] = {}
    period = {"autumn": 0, "spring": 0, "on_request": 0}
    cost = [0] * len(COST_STEPS)
    free = 0
    for group, n in groups.items():
        failed = _passes(group, q)
        kind, province_id, autumn, spring, on_request, bucket, _within, has_free = group
        # A facet counts a group when no *other* filter fails it.
        if not failed & ~FAIL["kind"]:
            kinds[kind] = kinds.get(kind, 0) + n
        if not failed & ~FAIL["province"] and province_id is not None:
            provinces[province_id] = provinces.get(province_id, 0) + n
        if not failed & ~FAIL["period"]:
            period["autumn"] += n if autumn else 0
            period["spring"] += n if spring else 0
            period["on_request"] += n if on_request else 0
        if not failed & ~FAIL["cost"]:
            for i in range(bucket, len(COST_STEPS)):
                cost[i] += n
        if not failed & ~FAIL["free_places"] and has_free:
            free += n
    return kinds, provinces, period, cost, free


def _scalar_counts_per_query(base: QuerySet[Offer], q: OfferQuery) -> ScalarCounts:
    """The same counts as one query per facet: cheaper when the selected filters are selective
    and the rows are only limited by them (PostgreSQL answers each from the facet index)."""
    kinds = dict(_apply(base, q, "kind").order_by().values_list("kind").annotate(n=Count("pk")))
    provinces = dict(
        _apply(base, q, "province")
        .filter(province__isnull=False)
        .order_by()
        .values_list("province")
        .annotate(n=Count("pk"))
    )
    period = _apply(base, q, "period").aggregate(
        autumn=Count("pk", filter=Q(in_autumn_window=True)),
        spring=Count("pk", filter=Q(in_spring_window=True)),
        on_request=Count("pk", filter=Q(on_request=True)),
    )
    by_step = _apply(base, q, "cost").aggregate(
        **{f"le{step}": Count("pk", filter=Q(cost_eur__lte=step)) for step in COST_STEPS}
    )
    cost = [by_step[f"le{step}"] for step in COST_STEPS]
    free = _apply(base, q, "free_places").filter(free_places__gt=0).count()
    return kinds, provinces, period, cost, free


def _use_groups(q: OfferQuery, text_matched: bool) -> bool:
    """One grouped pass (`_scalar_groups`) or one query per facet (`_scalar_counts_per_query`).

    The grouped pass reads every row that text, distance, study domain and programme leave
    once; one query per facet repeats the text/distance work per facet but can use selective
    one-column filters on the facet index. Measured at 100,000 offers (bench/innovet): grouped
    wins on SQLite always and on PostgreSQL with text, distance or no one-column filter; one
    query per facet wins on PostgreSQL for filter-only searches (index-only scans).
    """
    scalar_filters = bool(
        q.kinds or q.province_ids or q.period or q.max_cost is not None or q.free_places
    )
    distance = bool(q.within_km and q.origin is not None)
    return (
        not _is_postgres()
        or text_matched
        or distance
        or not scalar_filters
        or _group_source(q, text_matched) == "groups"  # a few hundred rows, on every database
    )


def _facets(
    base: QuerySet[Offer], q: OfferQuery, groups: Groups | None = None, *, text_matched: bool
) -> dict[str, list[FacetValue]]:
    """Every facet counts the choices next to its own (all other filters applied).

    The one-column facets come from the grouped pass when the caller ran it (`groups`, which
    also gave the total), else from one query per facet; study domains and programmes from one
    grouped query each over their facet rows (`OfferFacetRow`: the published offers' links with
    the offer's facet columns), filtered on those columns without reading the offers; only a
    text search limits them to the offers it matched. Over the whole catalogue (no text,
    distance, study domain or programme) every count is a sum over `OfferFacetGroup` rows. Without `groups` (selective one-column
    filters on PostgreSQL) the links of the few selected offers are counted instead.
    """
    kinds, provinces, period, cost, free = (
        _scalar_counts_grouped(groups, q)
        if groups is not None
        else _scalar_counts_per_query(base, q)
    )
    facets: dict[str, list[FacetValue]] = {}
    facets["kind"] = [
        FacetValue(k, str(label), kinds.get(k, 0), k in q.kinds)
        for k, label in OfferKind.choices
        if kinds.get(k) or k in q.kinds
    ]
    facets["province"] = [
        FacetValue(str(pk), name, provinces.get(pk, 0), pk in q.province_ids)
        for pk, name in Province.objects.filter(
            pk__in=set(provinces) | set(q.province_ids)
        ).values_list("pk", "name_nl")
    ]
    names_of: tuple[type[StudyDomain] | type[Programme], ...] = (StudyDomain, Programme)
    for (rows_model, key, through, link), model in zip(FACET_TABLES, names_of, strict=True):
        selected = q.study_domain_ids if key == "study_domain" else q.programme_ids
        counts: dict[int, int] = {}
        source = _group_source(q, text_matched)
        if groups is not None and source in ("groups", "places"):
            # The whole catalogue (or its places within the radius): the links counted per
            # combination (and place), filtered like the offers and added up by the database.
            counts = dict(
                _catalogue_groups(q, key if source == "groups" else f"place_{key}", key)
                .order_by()
                .values_list("link_id")
                .annotate(n=Sum("offers"))
            )
        elif groups is None:
            # One query per facet (`_use_groups`: PostgreSQL, selective one-column filters):
            # the selected offers come from the offer facet index, few; their links are read
            # by offer id. (Measured: the facet rows, led by the domain, were scanned whole.)
            links: QuerySet[Any] = through.objects.filter(
                offer_id__in=_apply(base, q, key).values("pk")
            )
            counts = dict(links.order_by().values_list(link).annotate(n=Count("offer_id")))
        else:
            rows: QuerySet[Any] = _apply(
                rows_model._default_manager.all(), q, key, offer="offer_id"
            )
            if text_matched:
                rows = rows.filter(offer_id__in=base.values("pk"))
            counts = dict(rows.order_by().values_list(f"{key}_id").annotate(n=Count("offer_id")))
        # Most offers first; equal counts in id order (whatever order the groups came in).
        top = sorted(counts, key=lambda pk: (-counts[pk], pk))[:15]
        names = dict(
            model._default_manager.filter(pk__in=set(top) | set(selected)).values_list("pk", "name")
        )
        facets[key] = [
            FacetValue(str(pk), names.get(pk, "?"), counts.get(pk, 0), pk in selected)
            for pk in sorted(set(top) | set(selected), key=lambda pk: -counts.get(pk, 0))
        ]
    facets["period"] = [
        FacetValue("autumn", "oktober-november", period["autumn"], q.period == "autumn", True),
        FacetValue("spring", "februari-april", period["spring"], q.period == "spring", True),
        FacetValue("on_request", "op aanvraag", period["on_request"], q.period == "on_request"),
    ]
    facets["cost"] = [
        FacetValue(
            str(step),
            "gratis" if step == 0 else f"≤ {step} €",
            cost[i],
            q.max_cost is not None and q.max_cost == step,
        )
        for i, step in enumerate(COST_STEPS)
    ]
    facets["free_places"] = [FacetValue("1", "vrije plaatsen", free, q.free_places)]
    return facets


def _by_distance(qs: QuerySet[Q_], origin: tuple[float, float], pk: str) -> QuerySet[Q_]:
    """The distance sort: nearest first, equal distances in offer id order (`pk`: the offer id's
    name in `qs`, offers or facet rows)."""
    ordered: QuerySet[Q_] = qs.annotate(_d2s=_distance_sq(origin)).order_by(
        F("_d2s").asc(nulls_last=True), pk
    )
    return ordered


def catalogue_base(user: RequestUser) -> QuerySet[Offer]:
    """Published offers the user may see (the catalogue never shows drafts, even one's own)."""
    return policy.visible(user, Offer.objects.all(), "view").filter(status=OfferStatus.PUBLISHED)


def offers_search(
    user: RequestUser, q: OfferQuery, *, with_facets: bool = True, record_empty: bool = True
) -> SearchResult:
    base = catalogue_base(user)
    text_ignored = False
    if q.text.strip():
        matched = _match(base, q.text)
        if matched is None:
            text_ignored = True  # only stop words: search on the filters alone
        else:
            base = matched
    filtered = _apply(base, q)
    sort = sort_choice(q.sort, SORTS, has_origin=q.origin is not None, without_origin="date")
    size = max(1, min(q.page_size, 100))
    text_matched = bool(q.text.strip()) and not text_ignored
    counts_key = _counts_key(q) if with_facets else ""
    hit = caching.peek(counts_key) if with_facets else None
    known: tuple[int, dict[str, list[FacetValue]]] | None = hit if isinstance(hit, tuple) else None
    # The facet groups also give the total, so a search with facets does not count separately.
    groups = (
        _scalar_groups(base, q, text_matched=text_matched)
        if with_facets and known is None and _use_groups(q, text_matched)
        else None
    )
    related = ("provider", "province")
    total_of: Callable[[], int] | None = None
    if known is not None:
        known_total = known[0]
        total_of = lambda: known_total  # noqa: E731
    elif groups is not None:
        scalar_groups = groups
        total_of = lambda: _scalar_total(scalar_groups, q)  # noqa: E731
    if sort == "relevance" and text_matched and not _is_postgres():
        # SQLite: one page ranked in SQL (title match, bm25, id), as `title_matcher` and the
        # bm25 pass ranked every match in Python before (bench/innovet).
        def page_ids(offset: int, limit: int) -> list[int]:
            return OFFER_INDEX.sqlite_page_ids(filtered, q.text, offset=offset, limit=limit)

        found = results_page(
            filtered, page=q.page, size=size, related=related, page_ids=page_ids, total=total_of
        )
    else:
        if sort == "relevance" and text_matched:
            ordered = filtered.order_by("-rank", F("next_start").asc(nulls_last=True), "pk")
        elif sort == "distance" and q.origin is not None:
            ordered = _by_distance(filtered, q.origin, "pk")
        else:
            ordered = filtered.order_by(F("next_start").asc(nulls_last=True), "title", "pk")
        if sort == "distance" and q.origin is not None and not text_matched:
            # Without text the same filters on the narrow facet rows give the page's ids from
            # the index led by the coordinates; only the page's 20 offers are read.
            nearest = _by_distance(
                _apply(OfferFacet.objects.all(), q, offer="offer_id"), q.origin, "offer_id"
            ).values_list("offer_id", flat=True)

            def page_ids(offset: int, limit: int) -> list[int]:
                return list(nearest[offset : offset + limit])

            found = results_page(
                filtered,
                page=q.page,
                size=size,
                related=related,
                page_ids=page_ids,
                total=total_of,
            )
        else:
            found = results_page(
                filtered,
                page=q.page,
                size=size,
                related=related,
                ordered=ordered,
                total=total_of,
            )
    offers, total, page, pages = found.rows, found.total, found.page, found.pages
    distances: dict[int, float] = {}
    if q.origin is not None:
        for offer in offers:
            if offer.latitude is not None and offer.longitude is not None:
                distances[offer.pk] = round(
                    haversine_km(q.origin[0], q.origin[1], offer.latitude, offer.longitude), 1
                )
    facets: dict[str, list[FacetValue]] = {}
    if known is not None:
        facets = known[1]
    elif with_facets:
        facets = _facets(base, q, groups, text_matched=text_matched)
        caching.store(counts_key, (total, facets))
    result = SearchResult(
        offers=offers,
        total=total,
        page=page,
        pages=pages,
        facets=facets,
        distances=distances,
        backend=backend_name(),
        text_ignored=text_ignored,
    )
    if total == 0 and record_empty and q.has_criteria():
        _record_failed(user, q)
    return result


def _record_failed(user: RequestUser, q: OfferQuery) -> None:
    from brug.innovet.models import FailedSearch
    from brug.innovet.schools import school_province_id

    province_id = q.province_ids[0] if len(q.province_ids) == 1 else None
    if province_id is None and getattr(user, "is_authenticated", False):
        school_ids = policy.organisations_of(user, roles=("teacher", "guide"))
        province_id = school_province_id(school_ids[0]) if school_ids else None
    FailedSearch.objects.create(
        user=user_or_none(user),
        province_id=province_id,
        query=q.text.strip()[:300],
        filters=q.filters_dict(),
    )
