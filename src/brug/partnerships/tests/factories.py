from __future__ import annotations

from datetime import date

import factory

from brug.partnerships.models import Partnership, PartnershipKind, PartnershipMember
from brug.registry.tests.factories import OrganisationFactory


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    kind = PartnershipKind.SCHOOL_COMPANY
    title = factory.Sequence(lambda n: f"Samenwerking {n}")
    goal = "Samen lesmateriaal maken"
    theme = "Lassen"
    owner = factory.SubFactory(OrganisationFactory, kind="school")
    start = date(2024, 9, 1)
    is_published = True


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipMember

    partnership = factory.SubFactory(PartnershipFactory)
    organisation = factory.SubFactory(OrganisationFactory, kind="company")
    side = "work"
