"""Figures many people ask for the same way are computed once per lifetime, and the page says
when they were computed."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from brug.core.caching import cached

pytestmark = pytest.mark.django_db


def test_a_figure_is_computed_once_per_lifetime_and_every_time_with_lifetime_0() -> None:
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    first = cached("test:x", compute, seconds=60)
    again = cached("test:x", compute, seconds=60)
    assert (first.value, again.value, len(calls)) == (1, 1, 1)
    assert again.computed_at == first.computed_at and first.max_age_minutes == 1
    assert cached("test:y", compute, seconds=0).value == 2
    assert cached("test:y", compute, seconds=0).value == 3


def test_the_open_figures_page_is_served_from_the_cache_and_says_when_it_was_computed(
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    client = Client()
    with override_settings(BRUG_FIGURES_CACHE_SECONDS=300):
        first = client.get("/cijfers/")
        assert first.status_code == 200
        assert 'id="figures-age"' in first.content.decode()
        with django_assert_max_num_queries(3):  # session and matrix at most: no figure query
            assert client.get("/cijfers/").status_code == 200
    assert 'id="figures-age"' not in client.get("/cijfers/").content.decode()
