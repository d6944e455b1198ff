"""Tests generated from brug/permission_matrix.py: every resource × role × relation × action.

For each cell the expected answer comes from the matrix alone; the actual answer from
`policy.can` on a real object and from `policy.visible` on a real queryset. A permission that
the matrix does not grant must be refused (deny by default).
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.apps import apps

import brug
from brug.accounts.roles import ALL_ROLES, PUBLIC
from brug.accounts.tests.factories import user_with_role
from brug.core import policy
from brug.core.testing.matrix import SCENARIOS, UNRELATED, ActorContext
from brug.permission_matrix import MATRIX, actions_of, compiled_matrix


def _load_scenarios() -> None:
    for module in pkgutil.iter_modules(brug.__path__):
        if not module.ispkg:
            continue
        try:
            importlib.import_module(f"brug.{module.name}.tests.scenarios")
        except ModuleNotFoundError as exc:
            if not exc.name or not exc.name.startswith(f"brug.{module.name}.tests"):
                raise


_load_scenarios()
CASES = [(resource, role) for resource in sorted(MATRIX) for role in ALL_ROLES]


def test_every_resource_has_a_policy_and_a_scenario() -> None:
    apps.get_app_configs()  # policies are registered in AppConfig.ready
    registered = policy.policies()
    assert sorted(set(MATRIX) - set(registered)) == []
    assert sorted(set(MATRIX) - set(SCENARIOS)) == []


def test_matrix_names_only_known_roles_and_relations() -> None:
    for resource, rows in compiled_matrix().items():
        relations = set(policy.policy_for(resource).relations)
        for role, relation in rows:
            assert role in ALL_ROLES, (resource, role)
            assert relation in relations, (resource, relation)


def test_every_registered_policy_is_in_the_matrix() -> None:
    assert sorted(set(policy.policies()) - set(MATRIX)) == []


def _expected(resource: str, role: str, relations: set[str], action: str) -> bool:
    rows = compiled_matrix()[resource]
    roles = {role, PUBLIC}  # a logged-in person also has what the public has
    return any(
        action in rows.get((r, rel), frozenset()) for r in roles for rel in relations | {"any"}
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("resource", "role"), CASES, ids=[f"{r}-{o}" for r, o in CASES])
def test_matrix_cell(resource: str, role: str) -> None:
    user = user_with_role(role)
    organisation = None if role == PUBLIC else user.memberships.get().organisation
    actor = ActorContext(role=role, user=user, organisation=organisation)
    model = policy.policy_for(resource).model
    relation_names = [r for r in policy.policy_for(resource).relations if r != "any"] + [UNRELATED]
    checked = 0
    for relation in relation_names:
        built = SCENARIOS[resource](relation, actor)
        if built is None:
            continue
        obj, has = built
        has = set(has) - {UNRELATED}
        for action in actions_of(resource):
            expected = _expected(resource, role, has, action)
            assert policy.can(user, action, obj) is expected, (resource, role, relation, action)
            in_list = (
                policy.visible(user, model._default_manager.all(), action)
                .filter(pk=obj.pk)
                .exists()
            )
            assert in_list is expected, ("visible", resource, role, relation, action)
        checked += 1
    assert checked, f"no scenario could be built for {resource} as {role}"
