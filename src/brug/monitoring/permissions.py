"""Who may see which monitoring figures. The rules: brug/permission_matrix.py (`monitoring.snapshot`).

Relations: `overall` (a Flanders-wide figure), `sector` (a figure for one of the actor's sectors),
`region` (a figure for a province of the actor's RTC). Aggregate pages have no row of their own,
so they are actions on the same resource: `open_data`, `shortage`, `drilldown`.
`scope_for` turns the matrix into the part of the world an actor may see for an action, so a
shortage cell is shown exactly when `policy.can` would allow a snapshot of its sector or province.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from brug.core import policy
from brug.core.policy import Relation, ResourcePolicy, register
from brug.monitoring.models import Snapshot
from brug.registry.scopes import province_ids, sector_ids

RESOURCE = "monitoring.snapshot"
NOTHING = Q(pk__in=[])


def _in(field: str, ids: list[int]) -> Q:
    return Q(**{f"{field}__in": ids}) if ids else NOTHING


register(
    ResourcePolicy(
        resource=RESOURCE,
        model=Snapshot,
        relations={
            "overall": Relation(
                holds=lambda actor, obj: obj.sector_id is None and obj.province_id is None,
                q=lambda actor: Q(sector__isnull=True, province__isnull=True),
            ),
            "sector": Relation(
                holds=lambda actor, obj: (
                    obj.sector_id is not None and obj.sector_id in sector_ids(actor)
                ),
                q=lambda actor: _in("sector_id", sector_ids(actor)),
            ),
            "region": Relation(
                holds=lambda actor, obj: (
                    obj.province_id is not None and obj.province_id in province_ids(actor)
                ),
                q=lambda actor: _in("province_id", province_ids(actor)),
            ),
        },
    )
)


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


def scope_for(user: Any, action: str) -> Scope:
    everything = False
    sectors: set[int] = set()
    provinces: set[int] = set()
    for actor in policy.actors_of(user):
        for relation in policy.allowed_relations(RESOURCE, actor.role, action):
            if relation == "any":
                everything = True
            elif relation == "sector":
                sectors |= set(sector_ids(actor))
            elif relation == "region":
                provinces |= set(province_ids(actor))
    return Scope(everything, frozenset(sectors), frozenset(provinces))


def may(user: Any, action: str) -> bool:
    """May the user use `action` on at least part of the figures (pages, endpoints, menus)?"""
    return policy.can_any(user, action, RESOURCE)
