"""Permission-matrix scenarios for covenants (see brug/core/testing/matrix.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from brug.core.testing.matrix import UNRELATED, ActorContext, scenario
from brug.covenants import models as m
from brug.covenants.tests import factories as f
from brug.registry import models as rm
from brug.registry.tests.factories import (
    OrganisationFactory,
    ProgrammeFactory,
    ProvinceFactory,
    SectorFactory,
)


def _covenant_for(relation: str, actor: ActorContext) -> tuple[m.Covenant, set[str]] | None:
    """A covenant with exactly `relation` to the actor (plus what follows from it)."""
    actor_sectors = list(actor.organisation.sectors.all()) if actor.organisation else []
    if relation == "organisation":
        if actor.organisation is None:
            return None
        sector = actor_sectors[0] if actor_sectors else SectorFactory()
        covenant = f.CovenantFactory(sector=sector, sector_fund=actor.organisation)
        return covenant, {"organisation"} | ({"sector"} if actor_sectors else set())
    if relation == "sector":
        if not actor_sectors:
            return None
        return f.CovenantFactory(sector=actor_sectors[0]), {"sector"}
    if relation == "published":
        covenant = f.CovenantFactory(status=m.CovenantStatus.APPROVED)
        return covenant, {"published"}
    if relation == UNRELATED:
        fund = OrganisationFactory(kind=rm.OrganisationKind.SECTOR_FUND, sectors=[])
        return f.CovenantFactory(sector_fund=fund), set()
    return None


def _below_covenant(make: Callable[[m.Covenant], Any]):  # type: ignore[no-untyped-def]
    def build(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
        built = _covenant_for(relation, actor)
        if built is None:
            return None
        covenant, has = built
        return make(covenant), has

    return build


scenario("covenants.covenant")(_below_covenant(lambda c: c))
_addendum_below = _below_covenant(lambda c: f.AddendumFactory(covenant=c))


@scenario("covenants.addendum")
def addendum(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    if relation != "shared":
        return _addendum_below(relation, actor)
    # Kept with an unrelated covenant, shared with one of the actor's own fund.
    if actor.organisation is None:
        return None
    actor_sectors = list(actor.organisation.sectors.all())
    own = f.CovenantFactory(
        sector=actor_sectors[0] if actor_sectors else SectorFactory(),
        sector_fund=actor.organisation,
    )
    owner_fund = OrganisationFactory(kind=rm.OrganisationKind.SECTOR_FUND, sectors=[])
    joint = f.AddendumFactory(covenant=f.CovenantFactory(sector_fund=owner_fund))
    joint.shared_with.add(own)
    return joint, {"shared"}


scenario("covenants.action")(_below_covenant(lambda c: f.ActionFactory(covenant=c)))
scenario("covenants.commitment")(
    _below_covenant(lambda c: f.CommitmentFactory(action=f.ActionFactory(covenant=c)))
)
scenario("covenants.indicator")(
    _below_covenant(
        lambda c: m.Indicator.objects.create(
            commitment=f.CommitmentFactory(action=f.ActionFactory(covenant=c)), unit="count"
        )
    )
)
scenario("covenants.progressreport")(_below_covenant(lambda c: f.ProgressReportFactory(covenant=c)))
scenario("covenants.evaluation")(_below_covenant(lambda c: f.EvaluationFactory(covenant=c)))
scenario("covenants.discriminationmeasurement")(
    _below_covenant(lambda c: f.MeasurementFactory(addendum=f.AddendumFactory(covenant=c)))
)


@scenario("covenants.covenantgeneration")
def generation(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    return (f.GenerationFactory(), set()) if relation == UNRELATED else None


@scenario("covenants.reportingwindow")
def window(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    return (f.WindowFactory(), set()) if relation == UNRELATED else None


_FAR_PROVINCE = {"nis_code": "99991", "name_nl": "Elders", "name_en": "Elsewhere"}


@scenario("covenants.shortagesignal")
def shortage_signal(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    """A signal with exactly `relation` to the actor: signalled by its organisation, addressed to
    its sector, or in its RTC region."""
    organisation = actor.organisation
    actor_sectors = list(organisation.sectors.all()) if organisation else []
    region = (
        rm.Province.objects.filter(rtc_regions__organisations=organisation).first()
        if organisation
        else None
    )
    far = ProvinceFactory(**_FAR_PROVINCE)
    other_org = OrganisationFactory(kind=rm.OrganisationKind.RTC, sectors=[])
    values: dict[str, Any] = {
        "programme": ProgrammeFactory(),
        "province": far,
        "sector": SectorFactory(),
        "signalled_by_organisation": other_org,
        "shortfall": 3,
    }
    if relation == "organisation":
        if organisation is None:
            return None
        values["signalled_by_organisation"] = organisation
    elif relation == "sector":
        if not actor_sectors:
            return None
        values["sector"] = actor_sectors[0]
    elif relation == "region":
        if region is None:
            return None
        values["province"] = region
    elif relation != UNRELATED:
        return None
    return m.ShortageSignal.objects.create(**values), {relation} - {UNRELATED}
