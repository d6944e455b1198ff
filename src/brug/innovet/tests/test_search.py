"""The search contract, identical on SQLite (FTS5) and PostgreSQL (dutch configuration)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from brug.accounts.tests.factories import user_with_role
from brug.innovet import textsearch
from brug.innovet.models import FailedSearch, OfferKind, OfferStatus
from brug.innovet.search import OfferQuery, offers_index, offers_search
from brug.innovet.tests import factories as f
from brug.registry.tests.factories import MunicipalityFactory, SiteFactory, StudyDomainFactory

pytestmark = pytest.mark.django_db


def _titles(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [o.title for o in result.offers]


def _in_month(month: int) -> datetime:
    now = timezone.now()
    year = now.year + 1
    return timezone.make_aware(datetime(year, month, 15, 9, 0))


def test_dutch_full_text_finds_inflected_words_and_ignores_accents() -> None:
    f.OfferFactory(title="Lassen voor gevorderden", description="TIG- en MIG-lassen in de praktijk")
    f.OfferFactory(title="Zorg en welzijn", description="Dementie en communicatie")
    f.OfferFactory(title="Elektriciteit", description="Énergie en hernieuwbare installaties")
    for text in ("lassers", "lassen", "las"):
        assert _titles(offers_search(None, OfferQuery(text=text))) == ["Lassen voor gevorderden"]
    assert _titles(offers_search(None, OfferQuery(text="energie"))) == ["Elektriciteit"]
    assert _titles(offers_search(None, OfferQuery(text="lassen -praktijk"))) == []


def test_relevance_puts_the_better_match_first() -> None:
    f.OfferFactory(title="Robotica", description="Een dag rond robots en robotica in de industrie")
    f.OfferFactory(title="Metaal", description="Ook een korte demo met een robot")
    result = offers_search(None, OfferQuery(text="robotica", sort="relevance"))
    assert _titles(result)[0] == "Robotica"


def test_public_sees_only_published_offers() -> None:
    f.OfferFactory(title="Gepubliceerde stage")
    draft = f.OfferFactory(title="Ontwerp stage", status=OfferStatus.DRAFT)
    result = offers_search(None, OfferQuery(text="stage"))
    assert _titles(result) == ["Gepubliceerde stage"]
    # Even the provider does not see its draft in the catalogue.
    owner = user_with_role("company_contact", organisation=draft.provider)
    assert _titles(offers_search(owner, OfferQuery(text="stage"))) == ["Gepubliceerde stage"]


def test_facets_count_the_choices_next_to_the_selected_one() -> None:
    stem = StudyDomainFactory(code="stem", name="STEM")
    zorg = StudyDomainFactory(code="zorg", name="Maatschappij en welzijn")
    a = f.OfferFactory(kind=OfferKind.TEACHER_PLACEMENT, cost_eur=Decimal("0"))
    a.study_domains.set([stem])
    b = f.OfferFactory(kind=OfferKind.SECTOR_TRAINING, cost_eur=Decimal("90"))
    b.study_domains.set([stem, zorg])
    offers_index([a, b])  # as the services do after changing an offer's links
    f.OfferFactory(kind=OfferKind.SECTOR_TRAINING, cost_eur=Decimal("250"))
    result = offers_search(None, OfferQuery(kinds=(OfferKind.SECTOR_TRAINING,)))
    assert result.total == 2
    kinds = {v.key: (v.count, v.selected) for v in result.facets["kind"]}
    assert kinds == {"teacher_placement": (1, False), "sector_training": (2, True)}
    domains = {v.label: v.count for v in result.facets["study_domain"]}
    assert domains == {"STEM": 1, "Maatschappij en welzijn": 1}
    cost = {v.key: v.count for v in result.facets["cost"]}
    assert cost == {"0": 0, "70": 0, "100": 1, "250": 2}
    assert offers_search(None, OfferQuery(max_cost=Decimal("100"))).total == 2


def test_period_facet_flags_the_preferred_periods_and_free_places() -> None:
    autumn = f.SessionFactory(starts_at=_in_month(10), capacity=1).offer
    spring = f.SessionFactory(starts_at=_in_month(3)).offer
    f.SessionFactory(starts_at=_in_month(6))
    f.OfferFactory(on_request=True)
    result = offers_search(None, OfferQuery(period="autumn"))
    assert [o.pk for o in result.offers] == [autumn.pk]
    period = {v.key: (v.count, v.preferred) for v in result.facets["period"]}
    assert period == {"autumn": (1, True), "spring": (1, True), "on_request": (1, False)}
    assert [o.pk for o in offers_search(None, OfferQuery(period="spring")).offers] == [spring.pk]
    # Fill the autumn session: it leaves the "free places" filter.
    from brug.innovet import services

    services.registration_create(actor=f.teacher_at(f.school()), session=autumn.sessions.get())
    free = offers_search(None, OfferQuery(free_places=True))
    assert autumn.pk not in [o.pk for o in free.offers] and free.total == 2


def test_distance_filter_and_sort_from_the_teachers_school() -> None:
    def offer_at(title: str, lat: float, lon: float):  # type: ignore[no-untyped-def]
        offer = f.OfferFactory(title=title)
        site = SiteFactory(
            organisation=offer.provider,
            municipality=MunicipalityFactory(latitude=lat, longitude=lon),
        )
        from brug.innovet import services

        owner = user_with_role("company_contact", organisation=offer.provider)
        return services.offer_update(actor=owner, offer=offer, site=site)

    offer_at("Gent", 51.0543, 3.7174)
    offer_at("Antwerpen", 51.2194, 4.4025)
    offer_at("Mechelen", 51.0259, 4.4776)
    origin = (51.2194, 4.4025)  # a school in Antwerp
    result = offers_search(None, OfferQuery(origin=origin, sort="distance"))
    assert _titles(result) == ["Antwerpen", "Mechelen", "Gent"]
    assert result.distances[result.offers[1].pk] == pytest.approx(21.7, abs=1.5)
    near = offers_search(None, OfferQuery(origin=origin, within_km=30))
    assert sorted(_titles(near)) == ["Antwerpen", "Mechelen"]


def test_a_search_that_finds_nothing_is_recorded_without_personal_data() -> None:
    school = f.school()
    teacher = f.teacher_at(school)
    f.OfferFactory(title="Lassen")
    offers_search(teacher, OfferQuery(text="waterstofmotoren", max_cost=Decimal("70")))
    found = FailedSearch.objects.get()
    assert found.query == "waterstofmotoren"
    assert found.filters == {"max_cost": "70"}
    assert found.province_id == school.sites.get().municipality.province_id
    assert found.user == teacher
    offers_search(teacher, OfferQuery(text="lassen"))
    assert FailedSearch.objects.count() == 1


def test_date_sort_puts_on_request_last() -> None:
    later = f.SessionFactory(starts_at=timezone.now() + timedelta(days=60)).offer
    sooner = f.SessionFactory(starts_at=timezone.now() + timedelta(days=5)).offer
    on_request = f.OfferFactory(on_request=True)
    result = offers_search(None, OfferQuery(sort="date"))
    assert [o.pk for o in result.offers] == [sooner.pk, later.pk, on_request.pk]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_user_input_becomes_a_safe_fts_query(text: str) -> None:
    query = textsearch.fts_query(text)
    # Every term is a quoted phrase of plain stems: never FTS5 syntax from the user.
    for part in query.replace("(", " ").replace(")", " ").split('"')[1::2]:
        assert all(c.isalnum() or c == " " for c in part)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["lassen", "lasser", "lassers", "opleidingen", "technieken", "robots"]))
def test_stemming_is_stable(word: str) -> None:
    once = textsearch.stem(word)
    assert textsearch.tokens(word) == [once]
    assert textsearch.document(word) == once


@settings(max_examples=30, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
@pytest.mark.django_db
def test_search_never_fails_on_odd_input(text: str) -> None:
    result = offers_search(None, OfferQuery(text=text), with_facets=False, record_empty=False)
    assert result.total >= 0


def test_grouped_facet_counts_equal_one_query_per_facet() -> None:
    import random

    from brug.innovet.models import Offer
    from brug.innovet.search import (
        _apply,
        _by_distance,
        _facets,
        _group_source,
        _scalar_groups,
        _scalar_total,
        catalogue_base,
        catalogue_changed,
    )
    from brug.registry.tests.factories import ProvinceFactory

    rng = random.Random(7)
    provinces = [ProvinceFactory() for _ in range(3)]
    domains = [StudyDomainFactory() for _ in range(3)]
    costs = [
        Decimal(c) for c in ("0", "0.50", "69.99", "70", "90.01", "100", "100.01", "250", "400")
    ]
    for i in range(45):
        offer = f.OfferFactory(kind=rng.choice(OfferKind.values), cost_eur=rng.choice(costs))
        offer.study_domains.set(rng.sample(domains, rng.randint(0, 2)))
        Offer.objects.filter(pk=offer.pk).update(
            province=rng.choice([*provinces, None]),
            free_places=rng.choice([0, 0, 1, 12]),
            in_autumn_window=rng.random() < 0.4,
            in_spring_window=rng.random() < 0.4,
            on_request=rng.random() < 0.2,
            latitude=51.0 + rng.random() * 0.6,
            longitude=3.5 + rng.random() * 1.0,
            status=OfferStatus.DRAFT if i % 9 == 0 else OfferStatus.PUBLISHED,
        )
        catalogue_changed([offer.pk])  # as every service write does (the facet rows)
    queries = [
        OfferQuery(),
        OfferQuery(period="autumn", max_cost=Decimal("100"), free_places=True, sort="date"),
        OfferQuery(kinds=(OfferKind.TEACHER_PLACEMENT, OfferKind.SECTOR_TRAINING)),
        OfferQuery(province_ids=(provinces[0].pk,), period="spring", max_cost=Decimal("90.01")),
        OfferQuery(study_domain_ids=(domains[0].pk,), period="on_request", free_places=True),
        OfferQuery(max_cost=Decimal("70"), period="nonsense", kinds=(OfferKind.SECTOR_TRAINING,)),
        OfferQuery(origin=(51.3, 4.0), within_km=25, sort="distance"),
        OfferQuery(origin=(51.3, 4.0), within_km=15, max_cost=Decimal("0.5"), free_places=True),
        OfferQuery(origin=(51.3, 4.0), sort="distance", page=2, page_size=7),
        OfferQuery(lateral_entry=True, max_cost=Decimal("100")),
        OfferQuery(study_domain_ids=(domains[1].pk,), origin=(51.2, 3.9), within_km=30),
    ]
    Offer.objects.filter(pk__in=list(Offer.objects.values_list("pk", flat=True))[:20:3]).update(
        for_lateral_entrants=True
    )
    catalogue_changed(None)
    base = catalogue_base(None)
    totals = []
    sources = set()
    for q in queries:
        sources.add(_group_source(q, text_matched=False))
        groups = _scalar_groups(base, q, text_matched=False)
        assert _scalar_total(groups, q) == _apply(base, q).count(), q
        grouped = _facets(base, q, groups, text_matched=False)
        per_query = _facets(base, q, None, text_matched=False)
        assert _as_tuples(grouped) == _as_tuples(per_query), q
        # The study-domain facet from the facet rows equals counting the links of the offers.
        assert _link_counts(base, q) == {
            v.key: v.count for v in grouped["study_domain"] if v.count
        }, q
        result = offers_search(None, q, record_empty=False)
        assert _as_tuples(result.facets) == _as_tuples(per_query), q
        if q.sort == "distance":  # the page's ids from the facet rows: the offers' order
            start = (result.page - 1) * q.page_size
            nearest = _by_distance(_apply(base, q), q.origin, "pk").values_list("pk", flat=True)
            assert [o.pk for o in result.offers] == list(nearest[start : start + q.page_size])
        totals.append(result.total)
    assert sum(1 for total in totals if total) >= 6, totals  # the data exercise the filters
    assert sources == {"groups", "places", "facet_rows"}


def _link_counts(base, q) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """The study-domain counts as the search counted them before the facet rows: the link
    table joined to the filtered offers."""
    from django.db.models import Count

    from brug.innovet.models import Offer
    from brug.innovet.search import _apply

    rows = (
        Offer.study_domains.through.objects.filter(
            offer_id__in=_apply(base, q, "study_domain").values("pk")
        )
        .order_by()
        .values_list("studydomain_id")
        .annotate(n=Count("offer_id"))
    )
    return {str(pk): n for pk, n in rows}


def _as_tuples(facets):  # type: ignore[no-untyped-def]
    return {
        key: [(v.key, v.label, v.count, v.selected, v.preferred) for v in values]
        for key, values in facets.items()
    }
