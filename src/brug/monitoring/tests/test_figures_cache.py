"""The passes over every learner behind the key figures and the shortage radar are made once per
cache lifetime and shared (at 500,000 learners each pass takes seconds; bench/demo/README.md)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from brug.accounts.tests.factories import user_with_role
from brug.core.metrics import MetricScope
from brug.monitoring import figures, selectors
from brug.monitoring.metrics import (
    KEY_FIGURES,
    learners_placed,
    learners_without_place,
    placement_rate,
)

pytestmark = pytest.mark.django_db
TODAY = date.today()


def _learner_passes(captured: CaptureQueriesContext) -> int:
    return sum(
        1
        for q in captured.captured_queries
        if 'FROM "workplace_learner"' in q["sql"] and "COUNT(" in q["sql"]
    )


def test_the_three_learner_figures_share_two_counts(world) -> None:
    scope = MetricScope(start=figures.school_year(TODAY)[0], end=TODAY)
    expected = (learners_placed(scope), learners_without_place(scope), placement_rate(scope))
    assert expected[1] == 6  # the world's learners without a place (test_snapshots.py)
    with (
        override_settings(BRUG_FIGURES_CACHE_SECONDS=300),
        CaptureQueriesContext(connection) as captured,
    ):
        got = (learners_placed(scope), learners_without_place(scope), placement_rate(scope))
    assert got == expected
    assert _learner_passes(captured) == 2  # placed, and without a place
    # Without a lifetime (the test settings) each figure is computed afresh: 1 + 1 + 2 passes.
    with CaptureQueriesContext(connection) as captured:
        learners_placed(scope), learners_without_place(scope), placement_rate(scope)
    assert _learner_passes(captured) == 4


def test_the_department_home_reads_key_figures_and_radar_from_the_cache(world) -> None:
    user = user_with_role("department_work")
    fresh = selectors.key_figures_for(user, on=TODAY)
    rows = selectors.shortage_visible_to(user, on=TODAY)
    assert fresh is not None and rows
    with override_settings(BRUG_FIGURES_CACHE_SECONDS=300):
        selectors.key_figures_for(user, on=TODAY)
        selectors.shortage_visible_to(user, on=TODAY)
        with CaptureQueriesContext(connection) as captured:
            again = selectors.key_figures_for(user, on=TODAY)
            rows_again = selectors.shortage_visible_to(user, on=TODAY)
    assert again is not None
    assert [(k.key, k.value) for k in again] == [(k.key, k.value) for k in fresh]
    assert [(r.programme_id, r.area_id, r.gap) for r in rows_again] == [
        (r.programme_id, r.area_id, r.gap) for r in rows
    ]
    assert len(again) == len(KEY_FIGURES)
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    assert 'FROM "workplace_learner"' not in sql and 'FROM "workplace_opening"' not in sql
