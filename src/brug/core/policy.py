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
from functools import cache
from importlib import import_module
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

from brug.core.errors import NotAllowed
from brug.core.i18n import Message
from brug.core.users import RequestUser

# The anonymous visitor is not stored as a membership; the permission layer names it so.
PUBLIC = "public"


@dataclass(frozen=True)
class HeldRole:
    role: str
    user_id: int | None = None
    organisation_id: int | None = None
    membership_id: int | None = None


@dataclass(frozen=True)
class Relation:
    holds: Callable[[HeldRole, Any], bool]
    q: Callable[[HeldRole], Q]
    # True when `q` follows a to-many join, so a row could match more than once.
    to_many: bool = False


ANY = Relation(holds=lambda actor, obj: True, q=lambda actor: Q())


# ---------------------------------------------------------------- relation builders
# Every app builds its relations from these, so the None guard is in one place: an actor
# without an organisation (or a user id) matches nothing, never the rows where the field is NULL.

NOTHING = Q(pk__in=[])


def value_at(obj: Any, path: str) -> Any:
    """Follow a lookup path ("opening__company_id") on an object; None when a step is None."""
    value = obj
    for part in path.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def eq_q(field: str, value: int | None) -> Q:
    """`field = value`, or nothing at all when value is None (not `IS NULL`)."""
    return NOTHING if value is None else Q(**{field: value})


def in_q(field: str, ids: Iterable[int]) -> Q:
    """`field IN ids`, or nothing when there are no ids."""
    values = list(ids)
    return Q(**{f"{field}__in": values}) if values else NOTHING


def organisation_relation(field: str) -> Relation:
    """The object's `field` (an organisation id path) is the actor's organisation."""
    return Relation(
        holds=lambda actor, obj: (
            actor.organisation_id is not None and value_at(obj, field) == actor.organisation_id
        ),
        q=lambda actor: eq_q(field, actor.organisation_id),
    )


def own_relation(field: str) -> Relation:
    """The object's `field` (a user id path) is the actor's own user."""
    return Relation(
        holds=lambda actor, obj: (
            actor.user_id is not None and value_at(obj, field) == actor.user_id
        ),
        q=lambda actor: eq_q(field, actor.user_id),
    )


def ids_relation(field: str, ids_of: Callable[[HeldRole], Iterable[int]]) -> Relation:
    """The object's `field` (an id path) is one of `ids_of(actor)` (the actor's sectors,
    the provinces of the actor's region, ...)."""
    return Relation(
        holds=lambda actor, obj: (
            (value := value_at(obj, field)) is not None and value in set(ids_of(actor))
        ),
        q=lambda actor: in_q(field, ids_of(actor)),
    )


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


# Where a signed-in user's roles come from (accounts registers its memberships). Core does
# not import the app that stores them: the dependency points from accounts to core.
HeldRoleSource = Callable[[RequestUser], Iterable[HeldRole]]
_HELD_ROLE_SOURCES: list[HeldRoleSource] = []


def held_role_source_register(source: HeldRoleSource) -> None:
    """Register a function giving the roles a signed-in user holds (from an `AppConfig.ready`)."""
    if source not in _HELD_ROLE_SOURCES:
        _HELD_ROLE_SOURCES.append(source)


def held_roles_of(user: RequestUser | None) -> list[HeldRole]:
    """The hats a user wears, cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return [HeldRole(role=PUBLIC)]
    cached = getattr(user, "_brug_actors", None)
    if cached is not None:
        return list(cached)
    if not _HELD_ROLE_SOURCES:
        raise ImproperlyConfigured("No app registered where roles come from (accounts).")
    actors = [actor for source in _HELD_ROLE_SOURCES for actor in source(user)]
    # A logged-in person sees at least what the public sees.
    actors.append(HeldRole(role=PUBLIC, user_id=user.pk))
    setattr(user, "_brug_actors", tuple(actors))  # noqa: B010 (a per-request cache, not a field)
    return actors


@cache
def _matrix_module() -> Any:
    # The matrix is project configuration (like ROOT_URLCONF), named by a setting, so core
    # does not import the level above it.
    return import_module(getattr(settings, "BRUG_PERMISSION_MATRIX", "brug.permission_matrix"))


def actors_limit_to_organisation(user: Any, organisation_id: int) -> None:
    """From now on (for this request's user object) `user` acts only with the roles held for
    one organisation, plus what the public may: an organisation API token."""
    user._brug_actors = tuple(
        a for a in held_roles_of(user) if a.organisation_id in (organisation_id, None)
    )


def pages() -> tuple[str, dict[str, str]]:
    """The matrix's page rows: the word that marks an open page, and page name -> resource
    (or "open: why")."""
    module = _matrix_module()
    return str(module.OPEN), dict(module.PAGES)


def matrix() -> dict[str, dict[tuple[str, str], frozenset[str]]]:
    """The compiled matrix: resource -> (role, relation) -> the actions granted."""
    compiled: dict[str, dict[tuple[str, str], frozenset[str]]] = _matrix_module().compiled_matrix()
    return compiled


def matrix_actions(resource: str) -> list[str]:
    """The actions the matrix defines for `resource`, in its order."""
    actions: list[str] = _matrix_module().actions_of(resource)
    return actions


def _matrix() -> dict[str, dict[tuple[str, str], frozenset[str]]]:
    return matrix()


def allowed_relations(resource: str, role: str, action: str) -> list[str]:
    rows = _matrix().get(resource, {})
    return [relation for (r, relation), actions in rows.items() if r == role and action in actions]


def can(user: RequestUser | None, action: str, target: Any) -> bool:
    """May `user` do `action` on `target` (an instance, or an unsaved instance for create)?"""
    policy = policy_for(target)
    for actor in held_roles_of(user):
        for relation_name in allowed_relations(policy.resource, actor.role, action):
            relation = policy.relations.get(relation_name)
            if relation is not None and relation.holds(actor, target):
                return True
    return False


def can_any(user: RequestUser | None, action: str, resource: str) -> bool:
    """May `user` do `action` on at least some objects of `resource` (menus, list pages)?"""
    return any(allowed_relations(resource, actor.role, action) for actor in held_roles_of(user))


def require(
    user: RequestUser | None, action: str, target: Any, text: Message | None = None
) -> None:
    if not can(user, action, target):
        raise NotAllowed(text)


def _condition(actor: HeldRole, policy: ResourcePolicy, action: str) -> tuple[Q | None, bool]:
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


def held_role_condition(actor: HeldRole, resource: str, action: str) -> Q | None:
    """The filter on `resource` for what this one actor may `action`: None for nothing,
    an empty Q for everything (like `visible`, for one hat instead of a user)."""
    return _condition(actor, _POLICIES[resource], action)[0]


def visible(user: RequestUser | None, queryset: QuerySet[M], action: str = "view") -> QuerySet[M]:
    """Filter `queryset` to what `user` may `action`. Nothing unless the matrix says so."""
    policy = policy_for(queryset.model)
    condition: Q | None = None
    to_many = False
    for actor in held_roles_of(user):
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


def visible_or_404(
    queryset: QuerySet[M], pk: Any, *, user: RequestUser | None = None, action: str | None = None
) -> M:
    """One object of `queryset` (what the user may see: a selector's queryset).

    404 when it is not there, whether it does not exist or the user may not see it (the answer
    never tells which). With `action`, the user must also be allowed that action on the
    object: `NotAllowed` (403) when they may see it but not do it.
    """
    try:
        obj = queryset.filter(pk=pk).first()
    except (TypeError, ValueError, OverflowError, ValidationError):
        obj = None  # "abc", 10**30: no such object (never a server error)
    if obj is None:
        raise Http404()
    if action is not None:
        require(user, action, obj)
    return obj


def roles_of(user: RequestUser | None) -> set[str]:
    return {actor.role for actor in held_roles_of(user)}


def organisations_of(user: RequestUser | None, roles: Iterable[str] | None = None) -> list[int]:
    wanted = set(roles) if roles is not None else None
    return [
        a.organisation_id
        for a in held_roles_of(user)
        if a.organisation_id is not None and (wanted is None or a.role in wanted)
    ]
