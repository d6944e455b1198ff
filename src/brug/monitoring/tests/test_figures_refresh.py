"""`brug figures-refresh` computes the region's key figures, radar and open figures ahead of
their readers, so a visitor after it reads them from the cache (no pass over the learners),
and a value already in the cache is replaced by a fresh one."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from brug.accounts.tests.factories import user_with_role
from brug.core import caching
from brug.monitoring import selectors
from brug.monitoring.tests.conftest import World
from brug.workplace.models import Learner, Placement

pytestmark = pytest.mark.django_db
TODAY = date.today()


def _reads_learners_or_openings(captured: CaptureQueriesContext) -> bool:
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    return 'FROM "workplace_learner"' in sql or 'FROM "workplace_opening"' in sql


def _refresh() -> None:
    call_command("figures_refresh", stdout=io.StringIO(), stderr=io.StringIO())


def test_a_refresh_replaces_a_cached_value() -> None:
    cache.clear()
    with override_settings(BRUG_FIGURES_CACHE_SECONDS=300):
        assert caching.cached("test-refresh", lambda: 1).value == 1
        assert caching.cached("test-refresh", lambda: 2).value == 1  # a hit
        with caching.refreshing():
            assert caching.cached("test-refresh", lambda: 3).value == 3  # computed afresh
        assert caching.cached("test-refresh", lambda: 4).value == 3  # and stored


def test_after_the_refresh_the_department_home_reads_only_the_cache(world: World) -> None:
    cache.clear()
    user = user_with_role("department_work")
    with override_settings(BRUG_FIGURES_CACHE_SECONDS=300):
        _refresh()
        with CaptureQueriesContext(connection) as captured:
            figures = selectors.key_figures_for(user, on=TODAY)
            rows = selectors.shortage_visible_to(user, on=TODAY)
            open_data = selectors.open_data_cached(on=TODAY)
    assert figures and rows and open_data.value is not None
    assert not _reads_learners_or_openings(captured)


def test_the_refresh_brings_a_change_into_the_cached_figures(world: World) -> None:
    cache.clear()
    user = user_with_role("department_work")
    with override_settings(BRUG_FIGURES_CACHE_SECONDS=300):
        before = {k.key: k.value for k in selectors.key_figures_for(user, on=TODAY) or []}
        Learner.objects.exclude(pk__in=Placement.objects.values("learner_id")).delete()
        cached = {k.key: k.value for k in selectors.key_figures_for(user, on=TODAY) or []}
        _refresh()
        after = {k.key: k.value for k in selectors.key_figures_for(user, on=TODAY) or []}
    assert cached == before  # within the lifetime, the cached value
    assert after != before  # the refresh computed the figures again
