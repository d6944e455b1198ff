"""Permission-matrix scenarios for monitoring (see brug/core/testing/matrix.py)."""

from __future__ import annotations

from typing import Any

from brug.core.testing.matrix import UNRELATED, ActorContext, scenario
from brug.monitoring.tests.factories import (
    CountSourceFactory,
    OfficialCountFactory,
    SnapshotFactory,
)
from brug.registry.models import Province
from brug.registry.tests.factories import ProvinceFactory, SectorFactory

Built = tuple[Any, set[str]] | None


def _actor_provinces(actor: ActorContext) -> list[Province]:
    org = actor.organisation
    if org is None or org.rtc_region_id is None:
        return []
    return list(org.rtc_region.provinces.all())


@scenario("monitoring.snapshot")
def snapshot(relation: str, actor: ActorContext) -> Built:
    org = actor.organisation
    if relation == "overall":
        return SnapshotFactory(), {"overall"}
    if relation == "sector":
        sectors = list(org.sectors.all()) if org is not None else []
        if not sectors:
            return None
        return SnapshotFactory(sector=sectors[0]), {"sector"}
    if relation == "region":
        provinces = _actor_provinces(actor)
        if not provinces:
            return None
        return SnapshotFactory(province=provinces[0]), {"region"}
    # unrelated: a sector and a province the actor has nothing to do with
    if len(_actor_provinces(actor)) == 0 and org is not None and org.sectors.exists():
        return SnapshotFactory(sector=SectorFactory()), set()
    other = ProvinceFactory(nis_code="99999", name_nl="Elders", name_en="Elsewhere")
    return SnapshotFactory(province=other), set()


@scenario("monitoring.officialcount")
def official_count(relation: str, actor: ActorContext) -> Built:
    return (OfficialCountFactory(), set()) if relation == UNRELATED else None


@scenario("monitoring.countsource")
def count_source(relation: str, actor: ActorContext) -> Built:
    return (CountSourceFactory(), set()) if relation == UNRELATED else None
