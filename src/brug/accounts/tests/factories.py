from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from brug.accounts.models import Invitation, Membership, User
from brug.accounts.roles import PUBLIC, ROLE_ORGANISATION_KIND
from brug.registry.tests.factories import OrganisationFactory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="nl_BE")
    last_name = factory.Faker("last_name", locale="nl_BE")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("brug-test-pass")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "company_contact"


def user_with_role(role: str, organisation: Any | None = None, **org_fields: Any) -> Any:
    """A user holding `role` for `organisation` (made to fit the role when not given)."""
    if role == PUBLIC:
        return AnonymousUser()
    if organisation is None:
        organisation = OrganisationFactory(kind=ROLE_ORGANISATION_KIND[role], **org_fields)
    membership = MembershipFactory(role=role, organisation=organisation)
    return membership.user


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organisation = factory.SubFactory(OrganisationFactory, kind="school")
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = "teacher"
    token_hash = factory.Sequence(lambda n: f"{n:064x}")
    created_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda i: i.created_at + timedelta(days=14))
