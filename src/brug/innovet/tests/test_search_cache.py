"""Totals and facet counts of a search are cached (shared by everyone asking the same way) and
dropped when a write that changes them is committed: a new, edited, (un)published or filled
offer shows in the counts of the very next search."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from brug.accounts.tests.factories import user_with_role
from brug.innovet import services
from brug.innovet.models import OfferKind, OfferStatus
from brug.innovet.search import OfferQuery, offers_facets_refresh, offers_search
from brug.innovet.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def figures_cached(settings: Any) -> None:
    settings.BRUG_FIGURES_CACHE_SECONDS = 300
    cache.clear()


def _kinds(q: OfferQuery) -> dict[str, int]:
    return {v.key: v.count for v in offers_search(None, q).facets["kind"]}


def test_the_second_same_search_reads_the_counts_from_the_cache() -> None:
    for _ in range(3):
        f.OfferFactory(kind=OfferKind.SECTOR_TRAINING)
    f.OfferFactory(kind=OfferKind.TEACHER_PLACEMENT)
    q = OfferQuery(kinds=(OfferKind.SECTOR_TRAINING,), sort="date")
    with CaptureQueriesContext(connection) as first:
        cold = offers_search(None, q)
    with CaptureQueriesContext(connection) as second:
        warm = offers_search(None, q)
    assert len(second) < len(first)
    assert (warm.total, warm.facets) == (cold.total, cold.facets) == (3, cold.facets)
    assert [o.pk for o in warm.offers] == [o.pk for o in cold.offers]
    # Another page or sort of the same search shares the counts; the page itself is fresh.
    other_page = offers_search(None, OfferQuery(kinds=q.kinds, sort="date", page=2, page_size=2))
    assert other_page.total == 3 and len(other_page.offers) == 1


def test_a_new_published_offer_appears_in_the_cached_counts(
    django_capture_on_commit_callbacks: Any,
) -> None:
    existing = f.OfferFactory(kind=OfferKind.SECTOR_TRAINING)
    q = OfferQuery()
    assert _kinds(q) == {"sector_training": 1}
    actor = user_with_role("company_contact", organisation=existing.provider)
    with django_capture_on_commit_callbacks(execute=True):
        services.offer_create(
            actor=actor,
            provider=existing.provider,
            kind=OfferKind.TEACHER_PLACEMENT,
            title="Bedrijfsstage lassen",
            publish=True,
        )
    assert _kinds(q) == {"sector_training": 1, "teacher_placement": 1}
    assert offers_search(None, q).total == 2


def test_an_edited_or_unpublished_offer_moves_in_the_cached_counts(
    django_capture_on_commit_callbacks: Any,
) -> None:
    offer = f.OfferFactory(kind=OfferKind.SECTOR_TRAINING)
    f.OfferFactory(kind=OfferKind.SECTOR_TRAINING)
    actor = user_with_role("company_contact", organisation=offer.provider)
    q = OfferQuery()
    assert _kinds(q) == {"sector_training": 2}
    with django_capture_on_commit_callbacks(execute=True):
        services.offer_update(actor=actor, offer=offer, kind=OfferKind.TEACHER_PLACEMENT)
    assert _kinds(q) == {"sector_training": 1, "teacher_placement": 1}
    with django_capture_on_commit_callbacks(execute=True):
        services.offer_set_status(actor=actor, offer=offer, status=OfferStatus.DRAFT)
    assert _kinds(q) == {"sector_training": 1}


def test_a_filled_session_leaves_the_cached_free_places_count(
    django_capture_on_commit_callbacks: Any,
) -> None:
    session = f.SessionFactory(capacity=1)
    f.SessionFactory(capacity=5)
    q = OfferQuery(free_places=True)
    assert offers_search(None, q).total == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(actor=f.teacher_at(f.school()), session=session)
    result = offers_search(None, q)
    assert result.total == 1
    assert result.facets["free_places"][0].count == 1


def test_without_a_commit_the_cached_counts_stay() -> None:
    """The cache is really used: a write that bypasses the services (and so the version
    bump) is not seen until the entry expires."""
    offer = f.OfferFactory(kind=OfferKind.SECTOR_TRAINING)
    q = OfferQuery()
    assert _kinds(q) == {"sector_training": 1}
    type(offer).objects.filter(pk=offer.pk).update(kind=OfferKind.TEACHER_PLACEMENT)
    assert _kinds(q) == {"sector_training": 1}
    cache.clear()
    # The catalogue's counts come from the facet groups, which that write bypassed too.
    assert _kinds(q) == {"sector_training": 1}
    offers_facets_refresh([offer.pk])
    cache.clear()
    assert _kinds(q) == {"teacher_placement": 1}


def test_a_cached_empty_search_reads_no_page() -> None:
    f.OfferFactory(kind=OfferKind.SECTOR_TRAINING)
    q = OfferQuery(kinds=(OfferKind.TEACHER_PLACEMENT,), sort="date")
    assert offers_search(None, q, record_empty=False).total == 0
    with CaptureQueriesContext(connection) as warm:
        result = offers_search(None, q, record_empty=False)
    assert (result.total, result.offers) == (0, [])
    assert not [x for x in warm.captured_queries if "innovet_offer" in x["sql"]]


def test_the_catalogue_page_states_how_old_its_counts_can_be(settings: Any) -> None:
    """Without a shared cache (Redis) another app server's write reaches these counts only when
    they expire: the page says so, in Dutch and in English; with a shared cache it need not."""
    from django.test import Client
    from django.urls import reverse

    f.OfferFactory(title="Lassen voor gevorderden")
    client = Client()
    page = client.get(reverse("innovet:search"))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="counts-age"' in text
    assert "De aantallen naast de filters kunnen tot 5 minuten oud zijn" in text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("innovet:search")).content.decode()
    assert "The numbers next to the filters can be up to 5 minutes old" in english
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "x"}
    }
    from brug.core import caching

    assert caching.versioned_max_age_seconds() == 0
    settings.BRUG_FIGURES_CACHE_SECONDS = 0
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert 'id="counts-age"' not in client.get(reverse("innovet:search")).content.decode()
