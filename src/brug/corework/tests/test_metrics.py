"""Issue 17 §5: the covenant's own indicators read the core-work records a fund typed once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from brug.core.metrics import MetricScope, metric_get
from brug.corework.tests.factories import TrainingRecordFactory
from brug.covenants import models as cm
from brug.covenants.indicators import computed_value
from brug.covenants.tests import factories as cf

pytestmark = pytest.mark.django_db


def test_a_commitment_on_training_hours_is_computed_from_the_typed_quarters() -> None:
    covenant = cf.CovenantFactory()
    other = cf.CovenantFactory()  # another sector: never counted
    for quarter, hours in ((1, "100.5"), (2, "200.0"), (3, "50.0")):
        TrainingRecordFactory(
            covenant=covenant, year=2021, quarter=quarter, training_hours=Decimal(hours)
        )
    TrainingRecordFactory(covenant=other, year=2021, quarter=1, training_hours=Decimal("999"))
    commitment = cf.CommitmentFactory(action=cf.ActionFactory(covenant=covenant), unit="hours")
    cm.Indicator.objects.create(
        commitment=commitment, unit="hours", metric_key="corework.training_hours"
    )
    # Cumulative from the generation's start: up to the end of June counts Q1 and Q2.
    assert computed_value(commitment, until=dt.date(2021, 6, 30)) == Decimal("300.50")
    assert computed_value(commitment) == Decimal("350.50")


def test_quarters_count_when_they_start_inside_the_scope_and_provinces_count_nothing() -> None:
    covenant = cf.CovenantFactory()
    TrainingRecordFactory(covenant=covenant, year=2021, quarter=2, participants=40)
    TrainingRecordFactory(covenant=covenant, year=2021, quarter=3, participants=60)
    metric = metric_get("corework.training_participants")
    sector = (covenant.sector_id,)
    assert metric.compute(MetricScope(dt.date(2021, 4, 1), dt.date(2021, 9, 30), sector)) == 100
    # 2 April: the second quarter started before the scope, only the third counts.
    assert metric.compute(MetricScope(dt.date(2021, 4, 2), dt.date(2021, 9, 30), sector)) == 60
    # 30 June: the third quarter starts after the scope.
    assert metric.compute(MetricScope(dt.date(2021, 4, 1), dt.date(2021, 6, 30), sector)) == 40
    assert (
        metric.compute(MetricScope(dt.date(2021, 1, 1), dt.date(2021, 12, 31), sector, (1,))) == 0
    )
