from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from brug.monitoring.models import CountMeasure, CountSource, OfficialCount, Snapshot, scope_key


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


class CountSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CountSource

    title = factory.Sequence(lambda n: f"Leerlingenaantallen {n}")
    publisher = "Departement Onderwijs en Vorming"
    reference_date = date(2025, 1, 15)


class OfficialCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficialCount

    source = factory.SubFactory(CountSourceFactory)
    measure = CountMeasure.ENROLLED
    school_year = "2024-2025"
    value = Decimal(120)
