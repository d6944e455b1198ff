from __future__ import annotations

from datetime import date

import factory

from brug.monitoring.models import Snapshot, scope_key


class SnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Snapshot

    metric_key = factory.Sequence(lambda n: f"test.metric_{n}")
    sector = None
    province = None
    scope = factory.LazyAttribute(
        lambda s: scope_key(
            sector_id=s.sector.pk if s.sector else None,
            province_id=s.province.pk if s.province else None,
        )
    )
    on = factory.LazyFunction(date.today)
    value = 10.0
