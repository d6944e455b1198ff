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
