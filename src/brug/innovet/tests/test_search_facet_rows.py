"""The denormalised search data stays equal to what it is copied from, through every write path:
the facet rows (`OfferFacetRow`: published offers' study-domain and programme links with the
offer's facet columns), the title stems (SQLite's relevance sort in SQL) and PostgreSQL's
stored rank vector."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from brug.accounts.tests.factories import user_with_role
from brug.core import textsearch
from brug.innovet import services
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
from brug.innovet.search import (
    OFFER_INDEX,
    OfferQuery,
    group_key,
    offers_facets_refresh,
    offers_search,
)
from brug.innovet.tests import factories as f
from brug.registry.tests.factories import (
    OrganisationFactory,
    ProgrammeFactory,
    StudyDomainFactory,
)

pytestmark = pytest.mark.django_db

COLUMNS = OfferFacetRow.FACET_COLUMNS


def _expected() -> set[tuple[Any, ...]]:
    """The facet rows as they must be: every link of a published offer, the offer's columns."""
    rows: set[tuple[Any, ...]] = set()
    for through, column, name in (
        (Offer.study_domains.through, "studydomain_id", "d"),
        (Offer.programmes.through, "programme_id", "p"),
    ):
        for link in through.objects.filter(offer__status=OfferStatus.PUBLISHED).values(
            "offer_id", column, *(f"offer__{c}" for c in COLUMNS)
        ):
            rows.add(
                (name, link["offer_id"], link[column], *(link[f"offer__{c}"] for c in COLUMNS))
            )
    for offer in Offer.objects.filter(status=OfferStatus.PUBLISHED).values("pk", *COLUMNS):
        rows.add(("o", offer["pk"], None, *(offer[c] for c in COLUMNS)))
    return rows


def _expected_groups() -> dict[str, int]:
    """The published offers (also per place), and their study-domain and programme links,
    counted per combination of the one-column facet columns."""
    counts: dict[str, int] = {}
    for o in Offer.objects.filter(status=OfferStatus.PUBLISHED):
        columns = (
            o.kind,
            o.province_id,
            o.in_autumn_window,
            o.in_spring_window,
            o.on_request,
            Decimal(o.cost_eur),
            o.free_places > 0,
            o.for_lateral_entrants,
        )
        keys = [group_key(columns)]
        if o.latitude is not None and o.longitude is not None:
            keys.append(group_key(columns, "place", place=(o.latitude, o.longitude)))
        links = [("study_domain", d.pk) for d in o.study_domains.all()]
        links += [("programme", p.pk) for p in o.programmes.all()]
        keys += [group_key(columns, facet, pk) for facet, pk in links]
        if o.latitude is not None and o.longitude is not None:
            place = (o.latitude, o.longitude)
            keys += [group_key(columns, f"place_{facet}", pk, place) for facet, pk in links]
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
    return counts


def _stored_groups() -> dict[str, int]:
    stored = dict(OfferFacetGroup.objects.values_list("key", "offers"))
    for row in OfferFacetGroup.objects.all():  # each row's columns are the ones its key names
        columns = (
            row.kind,
            row.province_id,
            row.in_autumn_window,
            row.in_spring_window,
            row.on_request,
            row.cost_eur,
            row.free_places > 0,
            row.for_lateral_entrants,
        )
        place = None if row.latitude is None else (row.latitude, row.longitude)
        assert row.key == group_key(columns, row.facet, row.link_id, place)
    return stored


def _stored() -> set[tuple[Any, ...]]:
    rows: set[tuple[Any, ...]] = set()
    for model, column, name in (
        (OfferDomainFacet, "study_domain_id", "d"),
        (OfferProgrammeFacet, "programme_id", "p"),
    ):
        for row in model.objects.values("offer_id", column, *COLUMNS):
            rows.add((name, row["offer_id"], row[column], *(row[c] for c in COLUMNS)))
    for row in OfferFacet.objects.values("offer_id", *COLUMNS):
        rows.add(("o", row["offer_id"], None, *(row[c] for c in COLUMNS)))
    return rows


def _in_sync(step: str) -> None:
    assert _stored() == _expected(), step
    assert _stored_groups() == _expected_groups(), step
    for pk, title, stems in Offer.objects.values_list("pk", "title", "search_title"):
        assert stems == textsearch.document(title), (step, pk)


def test_every_write_path_keeps_the_facet_rows_equal_to_the_offers_and_links() -> None:
    company = OrganisationFactory(kind="company")
    contact = user_with_role("company_contact", organisation=company)
    stem, care = StudyDomainFactory(code="stem"), StudyDomainFactory(code="care")
    welding, cooking = ProgrammeFactory(name="Lassen"), ProgrammeFactory(name="Koken")

    draft = services.offer_create(
        actor=contact,
        provider=company,
        kind=OfferKind.SECTOR_TRAINING,
        title="Lassen voor gevorderden",
        study_domains=[stem],
        programmes=[welding],
    )
    _in_sync("a draft has no facet rows")
    assert not OfferDomainFacet.objects.exists()

    offer = services.offer_create(
        actor=contact,
        provider=company,
        kind=OfferKind.TEACHER_PLACEMENT,
        title="Bedrijfsstage koken",
        study_domains=[care],
        programmes=[cooking, welding],
        cost_eur=Decimal("90"),
        publish=True,
    )
    _in_sync("offer_create, published")
    assert OfferProgrammeFacet.objects.filter(offer=offer).count() == 2

    services.offer_update(
        actor=contact,
        offer=offer,
        kind=OfferKind.EVENT,
        cost_eur=Decimal("250"),
        on_request=True,
        for_lateral_entrants=True,
        study_domains=[stem, care],
        programmes=[cooking],
        title="Kookdemo's en kennismaking",
    )
    _in_sync("offer_update: columns, links and title")

    services.offer_set_status(actor=contact, offer=draft, status=OfferStatus.PUBLISHED)
    _in_sync("offer_set_status: published")

    start = timezone.now() + timedelta(days=20)
    session = services.session_add(
        actor=contact, offer=offer, starts_at=start, ends_at=start + timedelta(hours=4), capacity=1
    )
    _in_sync("session_add: next start, free places, period flags")
    assert OfferDomainFacet.objects.filter(offer=offer, free_places=1).count() == 2

    registration = services.registration_create(actor=f.teacher_at(f.school()), session=session)
    _in_sync("registration_create: one place fewer")
    assert not OfferDomainFacet.objects.filter(offer=offer, free_places__gt=0).exists()

    services.registration_cancel(actor=registration.teacher, registration=registration)
    _in_sync("registration_cancel: the place back")

    services.offer_set_status(actor=contact, offer=offer, status=OfferStatus.ARCHIVED)
    _in_sync("offer_set_status: archived")
    assert not OfferDomainFacet.objects.filter(offer=offer).exists()

    # What a person sees: the facets count the published offers' links.
    result = offers_search(None, OfferQuery())
    assert {v.label: v.count for v in result.facets["programme"]} == {"Lassen": 1}


def test_a_write_that_skips_the_write_path_is_caught() -> None:
    """The check above can fail: a link changed behind the services' back is out of sync."""
    offer = f.OfferFactory()
    offer.study_domains.add(StudyDomainFactory())
    assert _stored() != _expected()
    assert _stored_groups() != _expected_groups()
    offers_facets_refresh([offer.pk])
    _in_sync("the refresh of that offer")
    Offer.objects.filter(pk=offer.pk).update(cost_eur=Decimal("12.50"))
    assert _stored_groups() != _expected_groups()
    offers_facets_refresh([offer.pk])
    _in_sync("the refresh after a new cost")
    OfferFacetGroup.objects.all().delete()
    offers_facets_refresh(None)
    _in_sync("the refresh of every offer rebuilds the groups")


def test_demo_generator_writes_the_facet_rows_and_title_stems() -> None:
    import random

    from brug.innovet.demo import generate_offers
    from brug.innovet.tests.test_demo import _context

    _context(3)
    StudyDomainFactory(code="stem", name="STEM")
    StudyDomainFactory(code="zorg", name="Zorg")
    assert generate_offers(random.Random(5), 60) == 60
    assert OfferDomainFacet.objects.exists()
    _in_sync("generate_offers")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite ranks in SQL from bm25")
def test_sqlite_relevance_in_sql_equals_the_python_ranking() -> None:
    titles = [
        "Lassen voor beginners",
        "Lasrobots en cobots",
        "Robotica in de lasindustrie",
        "Koken met lassers",
        "Cobots programmeren",
        "Zorg en welzijn",
        "Lassen, solderen en robotica",
    ]
    for i in range(42):
        f.OfferFactory(
            title=f"{titles[i % len(titles)]} {i}",
            description=("lassen " * (i % 4)) + "robotica cobots " * (i % 3) + "praktijk",
        )
    base = Offer.objects.filter(status=OfferStatus.PUBLISHED)
    for text in ("lassen", "robotica cobots", "las OR cobot", '"lassen voor"', "lassen -zorg"):
        matched = OFFER_INDEX.match(base, text)
        assert matched is not None
        ranks = OFFER_INDEX.sqlite_ranks(text)
        in_title = textsearch.title_matcher(text)
        python = [
            pk
            for pk, _ in sorted(
                matched.values_list("pk", "title"),
                key=lambda row: (not in_title(row[1]), ranks.get(row[0], 0), row[0]),
            )
        ]
        assert python, text
        sql = OFFER_INDEX.sqlite_page_ids(matched, text, offset=0, limit=1000)
        assert sql == python, text
        assert OFFER_INDEX.sqlite_page_ids(matched, text, offset=3, limit=4) == python[3:7]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's stored rank vector")
def test_postgresql_stored_rank_vector_ranks_as_the_computed_one() -> None:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    for i, title in enumerate(("Lassen voor beginners", "Robotica", "Koken", "Lasrobots")):
        f.OfferFactory(title=title, description=f"lassen en robotica {i} " * i)
    offer = Offer.objects.first()
    assert offer is not None
    services.offer_update(
        actor=user_with_role("company_contact", organisation=offer.provider),
        offer=offer,
        title="Nieuwe titel over lassen",
    )
    query = SearchQuery(textsearch.pg_query("lassen robotica"), config="dutch", search_type="raw")
    computed = SearchVector("title", config="dutch", weight="A") + SearchVector(
        "search_document", config="dutch", weight="D"
    )
    stored = OFFER_INDEX.match(Offer.objects.all(), "lassen robotica")
    assert stored is not None
    ranks = dict(stored.values_list("pk", "rank"))
    expected = dict(
        Offer.objects.filter(pk__in=ranks)
        .annotate(r=SearchRank(computed, query))
        .values_list("pk", "r")
    )
    assert ranks and ranks == expected
