from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from brug.corework import models as m
from brug.covenants.tests import factories as cf


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.TrainingRecord

    covenant = factory.SubFactory(cf.CovenantFactory)
    year = 2021
    quarter = factory.Sequence(lambda n: n % 4 + 1)
    training_hours = Decimal("120.0")
    dossiers = 10
    participants = 40
    employees = 1000
    channel = m.Channel.FORM
    recorded_at = factory.LazyFunction(lambda: dt.datetime(2021, 6, 1, tzinfo=dt.UTC))
