"""Searching the partnership register: the same full-text search as the InnoVET catalogue
(`brug.core.fulltext`, `brug.core.textsearch`) and the same distance filter
(`brug.registry.geo`), with the register's own facets (kind, theme, province, study domain,
running or ended).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q, QuerySet

from brug.core import textsearch
from brug.core.fulltext import FullTextIndex, backend_name, is_postgres
from brug.core.searchpage import results_page, sort_choice
from brug.partnerships.models import Partnership
from brug.registry.geo import distance_sq, filter_within_km, haversine_km
from brug.registry.models import Province, StudyDomain

PARTNERSHIP_INDEX = FullTextIndex(
    table="partnerships_partnership",
    fts_table="partnerships_partnership_fts",
    gin_index="partnerships_partnership_search_gin",
)
SORTS = ("relevance", "recent", "distance")
MAX_PAGE_SIZE = 100


def partnership_document(p: Partnership) -> str:
    """The text a partnership is found by (accents folded, like the catalogue's)."""
    parts: list[str] = [p.title, p.theme, p.goal, p.description, p.results]
    parts += [d.name for d in p.study_domains.all()]
    parts += [pr.name for pr in p.programmes.all()]
    parts += [m.organisation.name for m in p.members.all()]
    parts.append(p.owner.name)
    if p.province is not None:
        parts.append(p.province.name_nl)
    return textsearch.fold("\n".join(x for x in parts if x))


def partnerships_index(partnerships: Iterable[Partnership]) -> int:
    """Recompute the search document and place of these partnerships (every write calls it)."""
    ids = [p.pk for p in partnerships]
    if not ids:
        return 0
    rows = list(
        Partnership.objects.filter(pk__in=ids)
        .select_related("owner", "province")
        .prefetch_related("study_domains", "programmes", "members__organisation")
    )
    site_of = _owner_places({p.owner_id for p in rows})
    for p in rows:
        p.search_document = partnership_document(p)
        p.latitude, p.longitude = site_of.get(p.owner_id, (None, None))
    Partnership.objects.bulk_update(rows, ["search_document", "latitude", "longitude"])
    PARTNERSHIP_INDEX.write((p.pk, p.search_document) for p in rows)
    return len(rows)


def _owner_places(owner_ids: set[int]) -> dict[int, tuple[float | None, float | None]]:
    """The first site with coordinates of each keeper: where the partnership is found."""
    from brug.registry.models import Site

    places: dict[int, tuple[float | None, float | None]] = {}
    for org_id, lat, lon in (
        Site.objects.filter(organisation_id__in=owner_ids, latitude__isnull=False)
        .order_by("organisation_id", "pk")
        .values_list("organisation_id", "latitude", "longitude")
    ):
        places.setdefault(org_id, (lat, lon))
    return places


@dataclass(frozen=True)
class PartnershipQuery:
    text: str = ""
    kinds: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    province_ids: tuple[int, ...] = ()
    study_domain_ids: tuple[int, ...] = ()
    running: bool = False
    within_km: float | None = None
    origin: tuple[float, float] | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20


@dataclass
class Facet:
    key: str
    label: str
    count: int
    selected: bool = False


@dataclass
class PartnershipResult:
    partnerships: list[Partnership]
    total: int
    page: int
    pages: int
    facets: dict[str, list[Facet]] = field(default_factory=dict)
    distances: dict[int, float] = field(default_factory=dict)
    backend: str = ""
    text_ignored: bool = False


def _apply(qs: QuerySet[Partnership], q: PartnershipQuery, skip: str = "") -> QuerySet[Partnership]:
    """Every filter except the facet `skip` (a facet counts the choices next to its own)."""
    if q.kinds and skip != "kind":
        qs = qs.filter(kind__in=q.kinds)
    if q.themes and skip != "theme":
        qs = qs.filter(theme__in=q.themes)
    if q.province_ids and skip != "province":
        qs = qs.filter(province_id__in=q.province_ids)
    if q.study_domain_ids and skip != "study_domain":
        qs = qs.filter(
            pk__in=Partnership.study_domains.through.objects.filter(
                studydomain_id__in=q.study_domain_ids
            ).values("partnership_id")
        )
    if q.running and skip != "running":
        qs = qs.filter(Q(end__isnull=True) | Q(end__gte=date.today()))
    if q.within_km and q.origin is not None:
        qs = filter_within_km(qs, q.origin, q.within_km)
    return qs


def _facets(base: QuerySet[Partnership], q: PartnershipQuery) -> dict[str, list[Facet]]:
    """One grouped query per facet."""
    from brug.partnerships.labels import KIND_LABELS

    facets: dict[str, list[Facet]] = {}
    kinds = dict(_apply(base, q, "kind").order_by().values_list("kind").annotate(n=Count("pk")))
    facets["kind"] = [
        Facet(k, str(KIND_LABELS[k]), n, k in q.kinds) for k, n in sorted(kinds.items())
    ]
    themes = dict(_apply(base, q, "theme").order_by().values_list("theme").annotate(n=Count("pk")))
    top = sorted(themes, key=lambda k: (-themes[k], k))[:15]
    facets["theme"] = [
        Facet(k, k, themes.get(k, 0), k in q.themes) for k in sorted(set(top) | set(q.themes))
    ]
    provinces = dict(
        _apply(base, q, "province")
        .filter(province__isnull=False)
        .order_by()
        .values_list("province")
        .annotate(n=Count("pk"))
    )
    names = dict(
        Province.objects.filter(pk__in=set(provinces) | set(q.province_ids)).values_list(
            "pk", "name_nl"
        )
    )
    facets["province"] = [
        Facet(str(pk), names[pk], provinces.get(pk, 0), pk in q.province_ids)
        for pk in sorted(names, key=lambda pk: names[pk])
    ]
    domains = dict(
        Partnership.study_domains.through.objects.filter(
            partnership_id__in=_apply(base, q, "study_domain").values("pk")
        )
        .order_by()
        .values_list("studydomain_id")
        .annotate(n=Count("partnership_id"))
    )
    top_domains = sorted(domains, key=lambda pk: -domains[pk])[:15]
    domain_names = dict(
        StudyDomain.objects.filter(pk__in=set(top_domains) | set(q.study_domain_ids)).values_list(
            "pk", "name"
        )
    )
    facets["study_domain"] = [
        Facet(str(pk), domain_names[pk], domains.get(pk, 0), pk in q.study_domain_ids)
        for pk in sorted(domain_names, key=lambda pk: -domains.get(pk, 0))
    ]
    running = _apply(base, q, "running").filter(Q(end__isnull=True) | Q(end__gte=date.today()))
    facets["running"] = [Facet("1", "", running.count(), q.running)]
    return facets


def partnerships_search(
    base: QuerySet[Partnership], q: PartnershipQuery, *, with_facets: bool = True
) -> PartnershipResult:
    """Search `base` (already cut to what the reader may see) with text, facets and distance."""
    text_ignored = False
    if q.text.strip():
        matched = PARTNERSHIP_INDEX.match(base, q.text)
        if matched is None:
            text_ignored = True
        else:
            base = matched
    text_matched = bool(q.text.strip()) and not text_ignored
    filtered = _apply(base, q)
    sort = sort_choice(q.sort, SORTS, has_origin=q.origin is not None, without_origin="recent")
    size = max(1, min(q.page_size, MAX_PAGE_SIZE))
    related = ("owner", "province")
    if sort == "relevance" and text_matched and not is_postgres():
        ranks = PARTNERSHIP_INDEX.sqlite_ranks(q.text)

        def ranked(rows: QuerySet[Partnership]) -> list[int]:
            return sorted(rows.values_list("pk", flat=True), key=lambda pk: (ranks.get(pk, 0), pk))

        result = results_page(filtered, page=q.page, size=size, related=related, ranked_ids=ranked)
    else:
        if sort == "relevance" and text_matched:
            ordered = filtered.order_by("-rank", "-start", "pk")
        elif sort == "distance" and q.origin is not None:
            ordered = filtered.annotate(_d2s=distance_sq(q.origin)).order_by(
                F("_d2s").asc(nulls_last=True), "pk"
            )
        else:
            ordered = filtered.order_by("-start", "title", "pk")
        result = results_page(filtered, page=q.page, size=size, related=related, ordered=ordered)
    found, total, page, pages = result.rows, result.total, result.page, result.pages
    distances: dict[int, float] = {}
    if q.origin is not None:
        for p in found:
            if p.latitude is not None and p.longitude is not None:
                distances[p.pk] = round(
                    haversine_km(q.origin[0], q.origin[1], p.latitude, p.longitude), 1
                )
    return PartnershipResult(
        partnerships=found,
        total=total,
        page=page,
        pages=pages,
        facets=_facets(base, q) if with_facets else {},
        distances=distances,
        backend=backend_name(),
        text_ignored=text_ignored,
    )
