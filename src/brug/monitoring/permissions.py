"""Who may see which monitoring figures. The rules: brug/permission_matrix.py (`monitoring.snapshot`).

Relations: `overall` (a Flanders-wide figure), `sector` (a figure for one of the actor's sectors),
`region` (a figure for a province of the actor's RTC). Aggregate pages have no row of their own,
so they are actions on the same resource: `open_data`, `shortage`, `drilldown`.
`scope_for` turns the matrix into the part of the world an actor may see for an action, so a
shortage cell is shown exactly when `policy.can` would allow a snapshot of its sector or province.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Q

from brug.accounts.people import RequestUser
from brug.core import policy
from brug.core.policy import HeldRole, Relation, ResourcePolicy, in_q, register
from brug.monitoring.models import CountSource, OfficialCount, Snapshot
from brug.registry.scopes import province_ids, sector_ids

RESOURCE = "monitoring.snapshot"


@dataclass(frozen=True)
class Scope:
    """The part of the figures an actor may see for one action."""

    everything: bool = False
    sector_ids: frozenset[int] = frozenset()
    province_ids: frozenset[int] = frozenset()

    @property
    def empty(self) -> bool:
        return not (self.everything or self.sector_ids or self.province_ids)

    def covers(self, *, sectors: Iterable[int] = (), provinces: Iterable[int] = ()) -> bool:
        """Does the scope include a figure about these sectors or provinces (any of them)?"""
        if self.everything:
            return True
        return bool(self.sector_ids & set(sectors)) or bool(self.province_ids & set(provinces))

    def __or__(self, other: Scope) -> Scope:
        return Scope(
            self.everything or other.everything,
            self.sector_ids | other.sector_ids,
            self.province_ids | other.province_ids,
        )


EVERYTHING = Scope(everything=True)


@dataclass(frozen=True, kw_only=True)
class ScopedRelation(Relation):
    """A relation that also says which part of the aggregate figures it opens to an actor."""

    scope: Callable[[HeldRole], Scope]


register(
    ResourcePolicy(
        resource=RESOURCE,
        model=Snapshot,
        relations={
            # A Flanders-wide figure: opens no sector's or province's cells.
            "overall": ScopedRelation(
                holds=lambda actor, obj: obj.sector_id is None and obj.province_id is None,
                q=lambda actor: Q(sector__isnull=True, province__isnull=True),
                scope=lambda actor: Scope(),
            ),
            "sector": ScopedRelation(
                holds=lambda actor, obj: (
                    obj.sector_id is not None and obj.sector_id in sector_ids(actor)
                ),
                q=lambda actor: in_q("sector_id", sector_ids(actor)),
                scope=lambda actor: Scope(sector_ids=frozenset(sector_ids(actor))),
            ),
            "region": ScopedRelation(
                holds=lambda actor, obj: (
                    obj.province_id is not None and obj.province_id in province_ids(actor)
                ),
                q=lambda actor: in_q("province_id", province_ids(actor)),
                scope=lambda actor: Scope(province_ids=frozenset(province_ids(actor))),
            ),
        },
    )
)


# Official aggregate counts are published statistics: who may read and who may import them is
# decided by the matrix alone (`monitoring.officialcount`, relation `any`). A source is read
# through its counts' rules.
COUNTS = "monitoring.officialcount"
register(ResourcePolicy(resource=COUNTS, model=OfficialCount))
register(ResourcePolicy(resource="monitoring.countsource", model=CountSource))


def scope_for(user: RequestUser, action: str) -> Scope:
    """What the matrix lets `user` see of the figures for `action`, from the relations it
    grants. A relation that does not say its scope is a configuration error: it fails loudly
    instead of being left out."""
    relations = policy.policy_for(RESOURCE).relations
    scope = Scope()
    for actor in policy.held_roles_of(user):
        for name in policy.allowed_relations(RESOURCE, actor.role, action):
            relation = relations.get(name)
            if relation is policy.ANY:
                scope |= EVERYTHING
            elif isinstance(relation, ScopedRelation):
                scope |= relation.scope(actor)
            else:
                raise LookupError(
                    f"{RESOURCE}: the matrix grants {action!r} to {actor.role!r} through "
                    f"{name!r}, a relation without a scope"
                )
    return scope


def may(user: RequestUser, action: str) -> bool:
    """May the user use `action` on at least part of the figures (pages, endpoints, menus)?"""
    return policy.can_any(user, action, RESOURCE)
