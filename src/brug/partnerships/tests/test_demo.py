"""The demo partnerships and the demo official counts: deterministic, labelled demo, and built
only from demo organisations."""

from __future__ import annotations

from typing import Any

import pytest

from brug.core.demo import SCALES, DemoContext
from brug.monitoring.demo import official_counts
from brug.monitoring.models import CountSource, OfficialCount
from brug.partnerships.demo import register
from brug.partnerships.models import Partnership, PartnershipDecision, PartnershipMember
from brug.registry import models as rm
from brug.registry.tests import factories as rf
from brug.workplace.tests import factories as wf


@pytest.fixture
def demo_world(db: Any) -> None:
    province = rf.ProvinceFactory(nis_code="10000", name_nl="Antwerpen")
    municipality = rf.MunicipalityFactory(province=province)
    for i in range(3):
        rf.OrganisationFactory(
            kind=rm.OrganisationKind.SCHOOL, name=f"School {i} (demo)", is_demo=True
        )
        rf.OrganisationFactory(
            kind=rm.OrganisationKind.COMPANY, name=f"Bedrijf {i} (demo)", is_demo=True
        )
    rf.OrganisationFactory(
        kind=rm.OrganisationKind.PARTNERSHIP, name="Partnerschap (demo)", is_demo=True
    )
    rf.OrganisationFactory(kind=rm.OrganisationKind.COMPANY, name="Echt bedrijf", is_demo=False)
    programme = rf.ProgrammeFactory(grade=3, finality=rm.Finality.LABOUR_MARKET)
    for _ in range(12):
        wf.LearnerFactory(programme=programme, home_municipality=municipality)


def _snapshot() -> list[tuple[str, str, int]]:
    return sorted(
        (p.title, p.kind, p.members.count())
        for p in Partnership.objects.prefetch_related("members")
    )


def test_demo_partnerships_are_deterministic_labelled_and_from_demo_organisations(
    demo_world: None,
) -> None:
    register(DemoContext(scale=SCALES["small"], seed=7))
    first = _snapshot()
    assert len(first) == 41  # 40 + one sectoral partnership per demo partnership body
    assert all(p.is_demo and p.title.startswith("Demo") for p in Partnership.objects.all())
    assert not PartnershipMember.objects.filter(organisation__is_demo=False).exists()
    assert PartnershipDecision.objects.count() == 2
    Partnership.objects.all().delete()
    register(DemoContext(scale=SCALES["small"], seed=7))
    assert _snapshot() == first


def test_demo_official_counts_are_labelled_and_context_is_real(demo_world: None) -> None:
    official_counts(DemoContext(scale=SCALES["small"], seed=7))
    demo = CountSource.objects.get(is_demo=True)
    assert "geen echte cijfers" in demo.title and not demo.is_context
    assert OfficialCount.objects.filter(source=demo, programme__isnull=False).count() == 2
    # The second-to-third-grade transition: per province three finalities in two school years,
    # generated on the demo source only and labelled demo like every other demo figure.
    grade_rows = OfficialCount.objects.filter(source=demo, programme__isnull=True)
    provinces = set(grade_rows.values_list("province", flat=True))
    assert provinces and grade_rows.count() == 6 * len(provinces)
    assert set(grade_rows.values_list("grade", "year_in_grade")) == {(2, 2), (3, 1)}
    assert set(grade_rows.values_list("finality", flat=True)) == {"A", "DA", "D"}
    assert not OfficialCount.objects.filter(is_demo=False, grade__isnull=False).exists()
    assert CountSource.objects.filter(is_context=True, is_demo=False).count() == 3
