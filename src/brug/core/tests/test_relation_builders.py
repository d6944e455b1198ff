"""The shared relation builders: an actor without an organisation or user matches nothing."""

from __future__ import annotations

from types import SimpleNamespace

from django.db.models import Q

from brug.core.policy import (
    NOTHING,
    HeldRole,
    ids_relation,
    organisation_relation,
    own_relation,
    value_at,
)

NO_ORGANISATION = HeldRole(role="public")
ACTOR = HeldRole(role="guide", user_id=7, organisation_id=3)


def test_value_at_follows_a_path_and_stops_at_none() -> None:
    obj = SimpleNamespace(offer=SimpleNamespace(provider_id=3), session=None)
    assert value_at(obj, "offer__provider_id") == 3
    assert value_at(obj, "session__offer__provider_id") is None
    assert value_at(obj, "missing") is None


def test_organisation_relation_guards_none() -> None:
    relation = organisation_relation("offer__provider_id")
    row = SimpleNamespace(offer=SimpleNamespace(provider_id=3))
    orphan = SimpleNamespace(offer=None)
    assert relation.holds(ACTOR, row)
    assert not relation.holds(ACTOR, orphan)
    assert not relation.holds(
        NO_ORGANISATION, SimpleNamespace(offer=SimpleNamespace(provider_id=None))
    )
    assert relation.q(ACTOR) == Q(offer__provider_id=3)
    assert relation.q(NO_ORGANISATION) is NOTHING  # never `provider_id IS NULL`


def test_own_relation_guards_none() -> None:
    relation = own_relation("teacher_id")
    assert relation.holds(ACTOR, SimpleNamespace(teacher_id=7))
    assert not relation.holds(ACTOR, SimpleNamespace(teacher_id=8))
    assert not relation.holds(NO_ORGANISATION, SimpleNamespace(teacher_id=None))
    assert relation.q(NO_ORGANISATION) is NOTHING


def test_ids_relation_matches_nothing_without_ids() -> None:
    relation = ids_relation("province_id", lambda actor: [1, 2] if actor.organisation_id else [])
    assert relation.holds(ACTOR, SimpleNamespace(province_id=2))
    assert not relation.holds(ACTOR, SimpleNamespace(province_id=None))
    assert not relation.holds(NO_ORGANISATION, SimpleNamespace(province_id=2))
    assert relation.q(ACTOR) == Q(province_id__in=[1, 2])
    assert relation.q(NO_ORGANISATION) is NOTHING
