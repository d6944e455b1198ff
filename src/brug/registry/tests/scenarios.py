"""Permission-matrix scenarios for the registry (see brug/core/testing/matrix.py)."""

from __future__ import annotations

from itertools import count

from brug.core.testing.matrix import UNRELATED, ActorContext, scenario
from brug.registry import models as m
from brug.registry.tests import factories as f

# Each call makes a new row (the factories' fixed codes would return the same one), so a list
# grows when the query-budget test asks for more rows.
_n = count(1)
REFERENCE_FACTORIES = {
    "registry.province": lambda: f.ProvinceFactory(
        nis_code=f"9{next(_n):04d}", name_nl="Testprovincie", name_en="Test province"
    ),
    "registry.municipality": lambda: f.MunicipalityFactory(),
    "registry.postalcode": lambda: f.PostalCodeFactory(),
    "registry.rtcregion": lambda: f.RTCRegionFactory(code=f"rtc-test-{next(_n)}"),
    "registry.educationnetwork": lambda: f.EducationNetworkFactory(code=f"net{next(_n)}"),
    "registry.studydomain": lambda: f.StudyDomainFactory(code=f"sd{next(_n)}"),
    "registry.programme": lambda: f.ProgrammeFactory(),
    "registry.qualification": lambda: f.QualificationFactory(),
    "registry.competence": lambda: f.CompetenceFactory(),
    "registry.sector": lambda: f.SectorFactory(),
    "registry.jointcommittee": lambda: f.JointCommitteeFactory(),
    "registry.referencelist": lambda: m.ReferenceList.objects.create(
        key=f"test-list-{next(_n)}",
        title="Test",
        source="test",
        licence="test",
        reference_date="2025",
    ),
}


def _reference_builder(make):  # type: ignore[no-untyped-def]
    def build(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
        return (make(), set()) if relation == UNRELATED else None

    return build


for _resource, _make in REFERENCE_FACTORIES.items():
    scenario(_resource)(_reference_builder(_make))


def _actor_sectors(actor: ActorContext) -> list[m.Sector]:
    return list(actor.organisation.sectors.all()) if actor.organisation is not None else []


@scenario("registry.organisation")
def organisation(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    if relation == "organisation":
        if actor.organisation is None:
            return None
        return actor.organisation, {"organisation"} | (
            {"sector"} if _actor_sectors(actor) else set()
        )
    if relation == "sector":
        sectors = _actor_sectors(actor)
        if not sectors:
            return None
        return f.OrganisationFactory(sectors=sectors[:1]), {"sector"}
    return f.OrganisationFactory(sectors=[]), set()


@scenario("registry.site")
def site(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    if relation == "organisation":
        if actor.organisation is None:
            return None
        has = {"organisation"} | ({"sector"} if _actor_sectors(actor) else set())
        return f.SiteFactory(organisation=actor.organisation), has
    if relation == "sector":
        sectors = _actor_sectors(actor)
        if not sectors:
            return None
        return f.SiteFactory(organisation=f.OrganisationFactory(sectors=sectors[:1])), {"sector"}
    return f.SiteFactory(organisation=f.OrganisationFactory(sectors=[])), set()
