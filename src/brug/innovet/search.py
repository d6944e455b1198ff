"""The one search service of the InnoVET catalogue: full text + facets + distance.

Two full-text backends with the same contract, chosen by database vendor:
* PostgreSQL: `to_tsvector('dutch', search_document)` with a functional GIN index (migration
  0002), `websearch_to_tsquery('dutch', ...)` and `ts_rank`;
* SQLite: an FTS5 table `innovet_offer_fts` (rowid = offer id) holding light Dutch stems
  (`textsearch`), kept in sync by `offers_index` which every offer write calls.
Everything else (facets, distance, sorting, paging) is plain ORM and identical on both.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Count, F, FloatField, Q, QuerySet, Value
from django.db.models.expressions import ExpressionWrapper, RawSQL

from brug.core import policy
from brug.innovet import textsearch
from brug.innovet.geo import bounding_box, haversine_km
from brug.innovet.models import Offer, OfferKind, OfferStatus
from brug.registry.models import Programme, Province, StudyDomain

FTS_TABLE = "innovet_offer_fts"
PREFERRED_AUTUMN = (10, 11)  # seed 004: October-November ...
PREFERRED_SPRING = (2, 3, 4)  # ... and February-April are the preferred periods
COST_STEPS = (0, 70, 100, 250)  # 70-100 EUR is a teacher's yearly budget (seed 004)
SORTS = ("relevance", "date", "distance")
KM_PER_DEGREE = 111.2


# ------------------------------------------------------------------ backends


def sqlite_fts_ensure(using: Any = None) -> None:
    """Create the FTS5 table if it is missing (cheap; also run after `migrate`, see apps.py)."""
    conn = using or connection
    if conn.vendor != "sqlite":
        return
    with conn.cursor() as cursor:
        cursor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS innovet_offer_fts "
            "USING fts5(document, tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')"
        )


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def backend_name() -> str:
    return "postgresql-dutch" if _is_postgres() else "sqlite-fts5"


def _match(qs: QuerySet[Offer], text: str) -> QuerySet[Offer] | None:
    """Filter to offers matching `text` (PostgreSQL also annotates `rank`); None: no terms."""
    if _is_postgres():
        raw = textsearch.pg_query(text)
        if not raw:
            return None
        vector = SearchVector("search_document", config="dutch")
        query = SearchQuery(raw, config="dutch", search_type="raw")
        return (
            qs.annotate(search=vector).filter(search=query).annotate(rank=SearchRank(vector, query))
        )
    fts = textsearch.fts_query(text)
    if not fts:
        return None
    sqlite_fts_ensure()
    # A non-correlated IN (...) runs the FTS query once, whatever plan SQLite picks for the
    # other filters (a join let it probe the FTS table once per offer without ANALYZE stats).
    return qs.filter(
        pk__in=RawSQL(
            "SELECT rowid FROM innovet_offer_fts WHERE innovet_offer_fts MATCH %s", (fts,)
        )
    )


def _sqlite_ranks(text: str) -> dict[int, float]:
    """bm25 per matching offer (lower is better), in one pass over the FTS index."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid, bm25(innovet_offer_fts) FROM innovet_offer_fts "
            "WHERE innovet_offer_fts MATCH %s",
            (textsearch.fts_query(text),),
        )
        return dict(cursor.fetchall())


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
        updated.append(offer)
    Offer.objects.bulk_update(updated, ["search_document"], batch_size=500)
    if not _is_postgres():
        sqlite_fts_ensure()
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT OR REPLACE INTO innovet_offer_fts(rowid, document) VALUES (%s, %s)",
                [(o.pk, textsearch.document(o.search_document)) for o in updated],
            )
    return len(updated)


def offers_unindex(offer_ids: Iterable[int]) -> None:
    if _is_postgres():
        return
    sqlite_fts_ensure()
    with connection.cursor() as cursor:
        cursor.executemany(
            "DELETE FROM innovet_offer_fts WHERE rowid = %s", [(i,) for i in offer_ids]
        )


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


def _distance_sq(origin: tuple[float, float]) -> ExpressionWrapper:
    """Squared equirectangular distance in degrees of latitude: fine for sorting in Flanders."""
    lat0, lon0 = origin
    k = math.cos(math.radians(lat0))
    dlat = F("latitude") - Value(lat0)
    dlon = (F("longitude") - Value(lon0)) * Value(k)
    return ExpressionWrapper(dlat * dlat + dlon * dlon, output_field=FloatField())


def _apply(qs: QuerySet[Offer], q: OfferQuery, skip: str = "") -> QuerySet[Offer]:
    """Every filter except the facet `skip` (so a facet counts the choices next to its own)."""
    if q.kinds and skip != "kind":
        qs = qs.filter(kind__in=q.kinds)
    if q.study_domain_ids and skip != "study_domain":
        qs = qs.filter(
            pk__in=Offer.study_domains.through.objects.filter(
                studydomain_id__in=q.study_domain_ids
            ).values("offer_id")
        )
    if q.programme_ids and skip != "programme":
        qs = qs.filter(
            pk__in=Offer.programmes.through.objects.filter(programme_id__in=q.programme_ids).values(
                "offer_id"
            )
        )
    if q.province_ids and skip != "province":
        qs = qs.filter(province_id__in=q.province_ids)
    if q.period and skip != "period":
        qs = qs.filter(
            {
                "autumn": Q(in_autumn_window=True),
                "spring": Q(in_spring_window=True),
                "on_request": Q(on_request=True),
            }.get(q.period, Q())
        )
    if q.max_cost is not None and skip != "cost":
        qs = qs.filter(cost_eur__lte=q.max_cost)
    if q.free_places and skip != "free_places":
        qs = qs.filter(free_places__gt=0)
    if q.within_km and q.origin is not None:
        lat_min, lat_max, lon_min, lon_max = bounding_box(q.origin[0], q.origin[1], q.within_km)
        radius = q.within_km / KM_PER_DEGREE
        qs = (
            qs.filter(
                latitude__gte=lat_min,
                latitude__lte=lat_max,
                longitude__gte=lon_min,
                longitude__lte=lon_max,
            )
            .annotate(_d2=_distance_sq(q.origin))
            .filter(_d2__lte=radius * radius)
        )
    return qs


def _facets(base: QuerySet[Offer], q: OfferQuery) -> dict[str, list[FacetValue]]:
    facets: dict[str, list[FacetValue]] = {}
    kinds = dict(_apply(base, q, "kind").order_by().values_list("kind").annotate(n=Count("pk")))
    facets["kind"] = [
        FacetValue(k, str(label), kinds.get(k, 0), k in q.kinds)
        for k, label in OfferKind.choices
        if kinds.get(k) or k in q.kinds
    ]
    provinces = dict(
        _apply(base, q, "province")
        .filter(province__isnull=False)
        .order_by()
        .values_list("province")
        .annotate(n=Count("pk"))
    )
    facets["province"] = [
        FacetValue(str(p.pk), p.name_nl, provinces.get(p.pk, 0), p.pk in q.province_ids)
        for p in Province.objects.filter(pk__in=set(provinces) | set(q.province_ids))
    ]
    for key, through, column, model in (
        ("study_domain", Offer.study_domains.through, "studydomain_id", StudyDomain),
        ("programme", Offer.programmes.through, "programme_id", Programme),
    ):
        selected = q.study_domain_ids if key == "study_domain" else q.programme_ids
        counts = dict(
            through.objects.filter(offer_id__in=_apply(base, q, key).values("pk"))
            .order_by()
            .values_list(column)
            .annotate(n=Count("offer_id"))
        )
        top = sorted(counts, key=lambda pk: -counts[pk])[:15]
        names = dict(
            model.objects.filter(pk__in=set(top) | set(selected)).values_list("pk", "name")
        )
        facets[key] = [
            FacetValue(str(pk), names.get(pk, "?"), counts.get(pk, 0), pk in selected)
            for pk in sorted(set(top) | set(selected), key=lambda pk: -counts.get(pk, 0))
        ]
    period = _apply(base, q, "period").aggregate(
        autumn=Count("pk", filter=Q(in_autumn_window=True)),
        spring=Count("pk", filter=Q(in_spring_window=True)),
        on_request=Count("pk", filter=Q(on_request=True)),
    )
    facets["period"] = [
        FacetValue("autumn", "oktober-november", period["autumn"], q.period == "autumn", True),
        FacetValue("spring", "februari-april", period["spring"], q.period == "spring", True),
        FacetValue("on_request", "op aanvraag", period["on_request"], q.period == "on_request"),
    ]
    cost = _apply(base, q, "cost").aggregate(
        **{f"le{step}": Count("pk", filter=Q(cost_eur__lte=step)) for step in COST_STEPS}
    )
    facets["cost"] = [
        FacetValue(
            str(step),
            "gratis" if step == 0 else f"≤ {step} €",
            cost[f"le{step}"],
            q.max_cost is not None and q.max_cost == step,
        )
        for step in COST_STEPS
    ]
    free = _apply(base, q, "free_places").filter(free_places__gt=0).count()
    facets["free_places"] = [FacetValue("1", "vrije plaatsen", free, q.free_places)]
    return facets


def catalogue_base(user: Any) -> QuerySet[Offer]:
    """Published offers the user may see (the catalogue never shows drafts, even one's own)."""
    return policy.visible(user, Offer.objects.all(), "view").filter(status=OfferStatus.PUBLISHED)


def offers_search(
    user: Any, q: OfferQuery, *, with_facets: bool = True, record_empty: bool = True
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
    sort = q.sort if q.sort in SORTS else "relevance"
    if sort == "distance" and q.origin is None:
        sort = "date"
    size = max(1, min(q.page_size, 100))
    text_matched = bool(q.text.strip()) and not text_ignored
    if sort == "relevance" and text_matched and not _is_postgres():
        # SQLite: rank in Python from one bm25 pass; ids come from the filtered query.
        ranks = _sqlite_ranks(q.text)
        ids = sorted(filtered.values_list("pk", flat=True), key=lambda pk: (ranks.get(pk, 0), pk))
        total = len(ids)
        pages = max(1, math.ceil(total / size))
        page = min(max(q.page, 1), pages)
        chosen = ids[(page - 1) * size : page * size]
        by_pk = Offer.objects.select_related("provider", "province").in_bulk(chosen)
        offers = [by_pk[pk] for pk in chosen]
    else:
        if sort == "relevance" and text_matched:
            ordered = filtered.order_by("-rank", F("next_start").asc(nulls_last=True), "pk")
        elif sort == "distance" and q.origin is not None:
            ordered = filtered.annotate(_d2s=_distance_sq(q.origin)).order_by(
                F("_d2s").asc(nulls_last=True), "pk"
            )
        else:
            ordered = filtered.order_by(F("next_start").asc(nulls_last=True), "title", "pk")
        total = filtered.count()
        pages = max(1, math.ceil(total / size))
        page = min(max(q.page, 1), pages)
        offers = list(
            ordered.select_related("provider", "province")[(page - 1) * size : page * size]
        )
    distances: dict[int, float] = {}
    if q.origin is not None:
        for offer in offers:
            if offer.latitude is not None and offer.longitude is not None:
                distances[offer.pk] = round(
                    haversine_km(q.origin[0], q.origin[1], offer.latitude, offer.longitude), 1
                )
    result = SearchResult(
        offers=offers,
        total=total,
        page=page,
        pages=pages,
        facets=_facets(base, q) if with_facets else {},
        distances=distances,
        backend=backend_name(),
        text_ignored=text_ignored,
    )
    if total == 0 and record_empty and q.has_criteria():
        _record_failed(user, q)
    return result


def _record_failed(user: Any, q: OfferQuery) -> None:
    from brug.innovet.models import FailedSearch
    from brug.innovet.schools import school_province_id

    province_id = q.province_ids[0] if len(q.province_ids) == 1 else None
    if province_id is None and getattr(user, "is_authenticated", False):
        school_ids = policy.organisations_of(user, roles=("teacher", "guide"))
        province_id = school_province_id(school_ids[0]) if school_ids else None
    FailedSearch.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        province_id=province_id,
        query=q.text.strip()[:300],
        filters=q.filters_dict(),
    )
