"""The typed person behind a request: who is recorded as a row's author."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from brug.accounts.people import signed_in, user_or_none
from brug.accounts.tests.factories import UserFactory
from brug.core.errors import NotAllowed
from brug.core.policy import PUBLIC, HeldRole, held_roles_of

pytestmark = pytest.mark.django_db


def test_signed_in_gives_the_user_and_refuses_the_anonymous_visitor() -> None:
    user = UserFactory()
    assert signed_in(user) is user
    assert signed_in(None) is None  # a system job has no author
    with pytest.raises(NotAllowed):
        signed_in(AnonymousUser())


def test_user_or_none_records_nobody_for_the_anonymous_visitor() -> None:
    user = UserFactory()
    assert user_or_none(user) is user
    assert user_or_none(AnonymousUser()) is None
    assert user_or_none(None) is None


def test_held_roles_of_a_visitor_and_of_a_user_without_memberships() -> None:
    assert held_roles_of(AnonymousUser()) == [HeldRole(role=PUBLIC)]
    assert held_roles_of(None) == [HeldRole(role=PUBLIC)]
    user = UserFactory()
    assert held_roles_of(user) == [HeldRole(role=PUBLIC, user_id=user.pk)]
