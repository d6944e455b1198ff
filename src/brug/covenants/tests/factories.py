"""Factories for covenant tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from brug.covenants import models as m
from brug.registry import models as rm
from brug.registry.tests.factories import OrganisationFactory, SectorFactory


class GenerationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.CovenantGeneration

    code = factory.Sequence(lambda n: f"t{n}-{n + 1}")
    name = factory.LazyAttribute(lambda g: f"Generatie {g.code}")
    starts_on = dt.date(2021, 1, 1)
    ends_on = dt.date(2022, 12, 31)
    fte_subsidy_eur = Decimal("49000")
    result_share = Decimal("0.200")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Theme

    code = factory.Sequence(lambda n: f"theme-{n}")
    name_nl = factory.Sequence(lambda n: f"Thema {n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")


def _fund_for(covenant: m.Covenant) -> rm.Organisation:
    return OrganisationFactory(kind=rm.OrganisationKind.SECTOR_FUND, sectors=[covenant.sector])


class CovenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Covenant

    generation = factory.SubFactory(GenerationFactory)
    sector = factory.SubFactory(SectorFactory)
    sector_fund = factory.LazyAttribute(_fund_for)
    consultant_fte = Decimal("3")


class AddendumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Addendum

    covenant = factory.SubFactory(CovenantFactory)
    kind = m.AddendumKind.NON_DISCRIMINATION
    budget_eur = Decimal("85000")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Action

    covenant = factory.SubFactory(CovenantFactory)
    theme = factory.SubFactory(ThemeFactory)
    category = m.ActionCategory.INFORMING
    title = factory.Sequence(lambda n: f"Actie {n}")


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Commitment

    action = factory.SubFactory(ActionFactory)
    kind = m.CommitmentKind.RESULT
    owner = m.CommitmentOwner.SECTOR
    description = factory.Sequence(lambda n: f"Verbintenis {n}")
    target_value = Decimal("10")
    unit = m.Unit.COUNT
    deadline = dt.date(2022, 12, 31)


class WindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ReportingWindow

    generation = factory.SubFactory(GenerationFactory)
    label = "2021 K1"
    period_start = dt.date(2021, 1, 1)
    period_end = dt.date(2021, 3, 31)
    opens_on = dt.date(2021, 3, 15)
    closes_on = dt.date(2021, 4, 30)


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ProgressReport

    covenant = factory.SubFactory(CovenantFactory)
    window = factory.LazyAttribute(lambda r: WindowFactory(generation=r.covenant.generation))


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Evaluation

    covenant = factory.SubFactory(CovenantFactory)
    kind = m.Evaluation.Kind.INTERIM
    evaluated_on = dt.date(2022, 1, 15)
    result_commitments = 4
    result_commitments_met = 2
    funding_total_eur = Decimal("294000")
    result_funding_base_eur = Decimal("58800")
    result_funding_eur = Decimal("29400")


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.DiscriminationMeasurement

    addendum = factory.SubFactory(AddendumFactory)
    phase = m.DiscriminationMeasurement.Phase.BASELINE
    method = m.MeasurementMethod.CORRESPONDENCE_TEST
    performed_on = dt.date(2021, 10, 1)
