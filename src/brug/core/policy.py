"""One permission layer for all of Brug. Deny by default.

An *actor* is one hat a user wears: a role held for one organisation (or `public` for an
anonymous visitor). Each app registers a `ResourcePolicy` in its `permissions.py` that says,
for every *relation* an actor can have to an object, how to test it on one object (`holds`)
and how to filter a queryset to the objects with that relation (`q`). The single matrix in
`brug.permission_matrix` says which (role, relation) may do which action. So object checks
(`can`) and list filters (`visible`) come from the same definitions and cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models
from django.db.models import Q, QuerySet

from brug.accounts.roles import PUBLIC
from brug.core.errors import NotAllowed
from brug.core.i18n import Text


@dataclass(frozen=True)
class Actor:
    role: str
    user_id: int | None = None
    organisation_id: int | None = None
    membership_id: int | None = None


@dataclass(frozen=True)
class Relation:
    holds: Callable[[Actor, Any], bool]
    q: Callable[[Actor], Q]
    # True when `q` follows a to-many join, so a row could match more than once.
    to_many: bool = False


ANY = Relation(holds=lambda actor, obj: True, q=lambda actor: Q())


@dataclass
class ResourcePolicy:
    resource: str
    model: type[models.Model]
    relations: dict[str, Relation] = field(default_factory=dict)


_POLICIES: dict[str, ResourcePolicy] = {}
_BY_MODEL: dict[type[models.Model], ResourcePolicy] = {}

M = TypeVar("M", bound=models.Model)


def register(policy: ResourcePolicy) -> ResourcePolicy:
    if "any" not in policy.relations:
        policy.relations["any"] = ANY
    _POLICIES[policy.resource] = policy
    _BY_MODEL[policy.model] = policy
    return policy


def relation_add(resource: str, name: str, relation: Relation) -> None:
    """Give another app's resource a relation that only this app can define (matching adds
    "in a round the actor may publish" to workplace openings). The resource must exist."""
    relations = _POLICIES[resource].relations
    if name in relations:
        raise ValueError(f"{resource} already has a relation {name!r}")
    relations[name] = relation


def policies() -> dict[str, ResourcePolicy]:
    return dict(_POLICIES)


def policy_for(target: Any) -> ResourcePolicy:
    if isinstance(target, str):
        return _POLICIES[target]
    model = target if isinstance(target, type) else type(target)
    for klass in model.__mro__:
        if klass in _BY_MODEL:
            return _BY_MODEL[klass]
    raise LookupError(f"No permission policy registered for {model!r}")


def actors_of(user: Any) -> list[Actor]:
    """The hats a user wears, cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return [Actor(role=PUBLIC)]
    cached = getattr(user, "_brug_actors", None)
    if cached is not None:
        return list(cached)
    from brug.accounts.models import Membership

    memberships = list(Membership.objects.filter(user=user, is_active=True).order_by("pk"))
    # A person with roles in several organisations acts for the one chosen (session).
    chosen = getattr(user, "brug_active_organisation_id", None)
    if chosen is not None and any(m.organisation_id == chosen for m in memberships):
        memberships = [m for m in memberships if m.organisation_id == chosen]
    actors = [
        Actor(role=m.role, user_id=user.pk, organisation_id=m.organisation_id, membership_id=m.pk)
        for m in memberships
    ]
    # A logged-in person sees at least what the public sees.
    actors.append(Actor(role=PUBLIC, user_id=user.pk))
    user._brug_actors = tuple(actors)
    return actors


def _matrix() -> dict[str, dict[tuple[str, str], frozenset[str]]]:
    from brug.permission_matrix import compiled_matrix

    return compiled_matrix()


def allowed_relations(resource: str, role: str, action: str) -> list[str]:
    rows = _matrix().get(resource, {})
    return [relation for (r, relation), actions in rows.items() if r == role and action in actions]


def can(user: Any, action: str, target: Any) -> bool:
    """May `user` do `action` on `target` (an instance, or an unsaved instance for create)?"""
    policy = policy_for(target)
    for actor in actors_of(user):
        for relation_name in allowed_relations(policy.resource, actor.role, action):
            relation = policy.relations.get(relation_name)
            if relation is not None and relation.holds(actor, target):
                return True
    return False


def can_any(user: Any, action: str, resource: str) -> bool:
    """May `user` do `action` on at least some objects of `resource` (menus, list pages)?"""
    return any(allowed_relations(resource, actor.role, action) for actor in actors_of(user))


def require(user: Any, action: str, target: Any, text: Text | None = None) -> None:
    if not can(user, action, target):
        raise NotAllowed(text)


def _condition(actor: Actor, policy: ResourcePolicy, action: str) -> tuple[Q | None, bool]:
    """One actor's filter for `action` on `policy`'s objects (None: nothing; an empty Q:
    everything) and whether it follows a to-many join."""
    condition: Q | None = None
    to_many = False
    for relation_name in allowed_relations(policy.resource, actor.role, action):
        relation = policy.relations.get(relation_name)
        if relation is None:
            continue
        q = relation.q(actor)
        if not q.children:
            return Q(), False  # an unconditional relation ("any")
        to_many = to_many or relation.to_many
        condition = q if condition is None else condition | q
    return condition, to_many


def actor_condition(actor: Actor, resource: str, action: str) -> Q | None:
    """The filter on `resource` for what this one actor may `action`: None for nothing,
    an empty Q for everything (like `visible`, for one hat instead of a user)."""
    return _condition(actor, _POLICIES[resource], action)[0]


def visible(user: Any, queryset: QuerySet[M], action: str = "view") -> QuerySet[M]:
    """Filter `queryset` to what `user` may `action`. Nothing unless the matrix says so."""
    policy = policy_for(queryset.model)
    condition: Q | None = None
    to_many = False
    for actor in actors_of(user):
        q, joins_many = _condition(actor, policy, action)
        if q is None:
            continue
        if not q.children:
            return queryset  # everything is visible
        to_many = to_many or joins_many
        condition = q if condition is None else condition | q
    if condition is None:
        return queryset.none()
    if to_many:
        matching = queryset.model._default_manager.filter(condition).values("pk")
        return queryset.filter(pk__in=matching)
    return queryset.filter(condition)


def roles_of(user: Any) -> set[str]:
    return {actor.role for actor in actors_of(user)}


def organisations_of(user: Any, roles: Iterable[str] | None = None) -> list[int]:
    wanted = set(roles) if roles is not None else None
    return [
        a.organisation_id
        for a in actors_of(user)
        if a.organisation_id is not None and (wanted is None or a.role in wanted)
    ]
