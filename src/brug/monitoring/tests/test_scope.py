"""`scope_for` comes from the relations the matrix grants; an unknown grant fails loudly."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Q

from brug.accounts.tests.factories import MembershipFactory, user_with_role
from brug.core import policy
from brug.core.policy import Relation
from brug.monitoring.permissions import RESOURCE, Scope, scope_for


def test_each_role_gets_the_part_its_relations_open(world: Any) -> None:
    consultant = user_with_role("consultant", organisation=world.fund)
    assert scope_for(consultant, "shortage") == Scope(sector_ids=frozenset({world.sector.pk}))
    rtc = user_with_role("rtc_staff", organisation=world.rtc)
    assert scope_for(rtc, "drilldown") == Scope(province_ids=frozenset({world.p1.pk}))
    department = user_with_role("department_work")
    assert scope_for(department, "shortage").everything
    # `overall` grants the consultant `view` only: a Flanders-wide figure opens no cell.
    assert scope_for(consultant, "view") == Scope(sector_ids=frozenset({world.sector.pk}))
    assert scope_for(None, "shortage").empty
    assert scope_for(None, "open_data").everything


def test_a_role_with_two_memberships_sees_the_union(world: Any) -> None:
    user = user_with_role("consultant", organisation=world.fund)
    MembershipFactory(user=user, role="rtc_staff", organisation=world.rtc)
    scope = scope_for(user, "shortage")
    assert scope.sector_ids == {world.sector.pk} and scope.province_ids == {world.p1.pk}


@pytest.mark.parametrize("relation", [None, Relation(holds=lambda a, o: True, q=lambda a: Q())])
def test_a_grant_through_a_relation_without_a_scope_fails_loudly(
    world: Any, monkeypatch: pytest.MonkeyPatch, relation: Relation | None
) -> None:
    relations = policy.policy_for(RESOURCE).relations
    if relation is not None:
        monkeypatch.setitem(relations, "mystery", relation)
    monkeypatch.setattr(policy, "allowed_relations", lambda resource, role, action: ["mystery"])
    consultant = user_with_role("consultant", organisation=world.fund)
    with pytest.raises(LookupError, match="mystery"):
        scope_for(consultant, "shortage")
