"""Permission-matrix scenarios for the registry (see brug/core/testing/matrix.py)."""

from __future__ import annotations

from brug.core.testing.matrix import UNRELATED, ActorContext, scenario
from brug.registry import models as m
from brug.registry.tests import factories as f

REFERENCE_FACTORIES = {
    "registry.province": lambda: f.ProvinceFactory(),
    "registry.municipality": lambda: f.MunicipalityFactory(),
    "registry.postalcode": lambda: f.PostalCodeFactory(),
    "registry.rtcregion": lambda: f.RTCRegionFactory(),
    "registry.educationnetwork": lambda: f.EducationNetworkFactory(),
    "registry.studydomain": lambda: f.StudyDomainFactory(),
    "registry.programme": lambda: f.ProgrammeFactory(),
    "registry.qualification": lambda: f.QualificationFactory(),
    "registry.competence": lambda: f.CompetenceFactory(),
    "registry.sector": lambda: f.SectorFactory(),
    "registry.jointcommittee": lambda: f.JointCommitteeFactory(),
    "registry.referencelist": lambda: m.ReferenceList.objects.create(
        key="test-list", title="Test", source="test", licence="test", reference_date="2025"
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
