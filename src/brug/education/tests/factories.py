from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from brug.covenants.models import ActionCategory
from brug.covenants.tests import factories as cf
from brug.education import models as m
from brug.registry import models as rm
from brug.registry.tests.factories import OrganisationFactory


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ConsultationRound

    covenant = factory.SubFactory(cf.CovenantFactory, status="submitted")
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))
    opened_at = factory.LazyFunction(timezone.now)


def education_action(covenant: object, **kwargs: object) -> object:
    return cf.ActionFactory(covenant=covenant, category=ActionCategory.TEACHERS, **kwargs)


class AdviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Advice

    round = factory.SubFactory(RoundFactory)
    action = factory.LazyAttribute(lambda o: education_action(o.round.covenant))
    organisation = factory.SubFactory(
        OrganisationFactory, kind=rm.OrganisationKind.EDUCATION_COUNCIL
    )
    position = m.Position.SUPPORTS
    given_at = factory.LazyFunction(timezone.now)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Agreement
        skip_postgeneration_save = True

    kind = m.AgreementKind.EDUCATION_COVENANT
    title = factory.Sequence(lambda n: f"Onderwijsconvenant {n}")
    starts_on = dt.date(2024, 1, 1)
    ends_on = dt.date(2026, 12, 31)

    @factory.post_generation
    def parties(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted:
            self.parties.set(extracted)  # type: ignore[attr-defined]


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.AgreementTheme

    agreement = factory.SubFactory(AgreementFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Thema {n}")


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Engagement

    theme = factory.SubFactory(ThemeFactory)
    side = m.EngagementSide.EDUCATION
    description = "Scholen ondersteunen"
    owner = factory.SubFactory(
        OrganisationFactory, kind=rm.OrganisationKind.EDUCATION_NETWORK, sectors=[]
    )


class IntersectoralActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.IntersectoralAction
        skip_postgeneration_save = True

    generation = factory.SubFactory(cf.GenerationFactory)
    category = ActionCategory.INTERSECTORAL
    title = factory.Sequence(lambda n: f"Gezamenlijke STEM-promotie {n}")

    @factory.post_generation
    def covenants(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted:
            self.covenants.set(extracted)  # type: ignore[attr-defined]
