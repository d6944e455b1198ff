"""An anonymous visitor's API list is kept for a stated lifetime; signed-in callers never get it
(issue 18, throughput of the public lists)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from brug.accounts.tests.factories import user_with_role
from brug.registry.tests.factories import SectorFactory

pytestmark = pytest.mark.django_db
PATH = "/api/registry/sectors/"


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def _get(client: APIClient, path: str = PATH) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return len(ctx.captured_queries), [row["name"] for row in response.json()["results"]]


@override_settings(BRUG_PUBLIC_LIST_CACHE_SECONDS=60)
def test_anonymous_list_is_served_from_the_cache_within_its_lifetime() -> None:
    SectorFactory(name="Bouw")
    client = APIClient()
    first_queries, first = _get(client)
    SectorFactory(name="Chemie")  # within the lifetime the public list does not show it yet
    again_queries, again = _get(client)
    assert first_queries > 0 and again_queries == 0
    assert APIClient().get(PATH)["Cache-Control"] == "public, max-age=60"  # the stated lifetime
    assert again == first and "Chemie" not in again
    # Another query string is another list.
    _, filtered = _get(client, PATH + "?limit=1")
    assert len(filtered) == 1
    cache.clear()  # the lifetime is over
    _, fresh = _get(client)
    assert "Chemie" in fresh


@override_settings(BRUG_PUBLIC_LIST_CACHE_SECONDS=60)
def test_signed_in_callers_always_read_the_database() -> None:
    SectorFactory(name="Bouw")
    _get(APIClient())  # fills the anonymous entry
    client = APIClient()
    client.force_authenticate(user_with_role("department_work"))
    queries, _ = _get(client)
    assert "public" not in client.get(PATH).get("Cache-Control", "")
    SectorFactory(name="Chemie")
    queries_again, names = _get(client)
    assert queries > 0 and queries_again > 0
    assert "Chemie" in names


@override_settings(BRUG_PUBLIC_LIST_CACHE_SECONDS=0)
def test_lifetime_zero_switches_the_cache_off() -> None:
    SectorFactory(name="Bouw")
    client = APIClient()
    _get(client)
    SectorFactory(name="Chemie")
    queries, names = _get(client)
    assert queries > 0 and "Chemie" in names


@override_settings(BRUG_PUBLIC_LIST_CACHE_SECONDS=60)
def test_a_search_list_is_cached_like_the_others() -> None:
    """The partnership register's API list is a search (`list` builds it itself), and goes
    through the same cache: per query string, never for a signed-in caller."""
    from brug.partnerships.tests.factories import PartnershipFactory

    path = "/api/partnerships/partnerships/"

    def titles(client: APIClient, url: str = path) -> tuple[int, list[str], str]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        rows = [row["title"] for row in response.json()["results"]]
        return len(ctx.captured_queries), rows, response.get("Cache-Control", "")

    PartnershipFactory(title="Lassen in Gent")
    first_queries, first, control = titles(APIClient())
    assert first_queries > 0 and first == ["Lassen in Gent"] and control == "public, max-age=60"
    PartnershipFactory(title="Bakken in Brugge")
    again_queries, again, _ = titles(APIClient())
    assert again_queries == 0 and again == first
    _, other, _ = titles(APIClient(), path + "?limit=5")  # another query, another entry
    assert sorted(other) == ["Bakken in Brugge", "Lassen in Gent"]
    signed_in = APIClient()
    signed_in.force_authenticate(user_with_role("department_work"))
    queries, rows, control = titles(signed_in)
    assert queries > 0 and "Bakken in Brugge" in rows and "public" not in control
