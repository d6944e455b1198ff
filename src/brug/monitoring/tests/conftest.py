"""A small world with hand-computed shortage figures (see test_shortage.py for the numbers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

from brug.registry import models as rm
from brug.registry.tests import factories as rf
from brug.workplace import models as wm
from brug.workplace.tests import factories as wf

TODAY = date.today()


@dataclass
class World:
    p1: rm.Province
    p2: rm.Province
    x: rm.Programme
    z: rm.Programme
    sector: rm.Sector
    fund: rm.Organisation
    rtc: rm.Organisation
    school: rm.Organisation
    o1: wm.Opening


def _opening(site_municipality: Any, programme: Any, partnership: Any, **kw: Any) -> wm.Opening:
    company = wf.CompanyFactory(sectors=[])
    site = rf.SiteFactory(organisation=company, municipality=site_municipality)
    workplace = kw.pop("workplace", None) or wf.RecognisedFactory(
        company=company, site=site, programme=programme, partnership=partnership
    )
    defaults = {
        "start": TODAY - timedelta(days=10),
        "end": TODAY + timedelta(days=100),
        "kind": wm.PlacementKind.DUAL,
    }
    return wf.OpeningFactory(workplace=workplace, **(defaults | kw))


@pytest.fixture
def world(db: Any) -> World:
    p1 = rf.ProvinceFactory(nis_code="10000", name_nl="Antwerpen")
    p2 = rf.ProvinceFactory(nis_code="70000", name_nl="Limburg")
    m1 = rf.MunicipalityFactory(province=p1)
    m2 = rf.MunicipalityFactory(province=p2)
    region = rf.RTCRegionFactory(code="rtc-antwerpen", name="RTC Antwerpen")
    region.provinces.set([p1])
    rtc = rf.OrganisationFactory(
        kind=rm.OrganisationKind.RTC, name="RTC Antwerpen", rtc_region=region
    )
    sector = rf.SectorFactory(name="Bouw")
    partnership = wf.PartnershipFactory(sectors=[sector])
    fund = rf.OrganisationFactory(
        kind=rm.OrganisationKind.SECTOR_FUND, name="Constructiv", sectors=[sector]
    )
    x = rf.ProgrammeFactory(name="Ruwbouw duaal", is_dual=True)
    y = rf.ProgrammeFactory(name="Wetenschappen", finality=rm.Finality.TRANSITION)
    z = rf.ProgrammeFactory(name="Schilderwerk", is_dual=False)
    school = wf.SchoolFactory()

    def learner(programme: Any, municipality: Any, **kw: Any) -> wm.Learner:
        return wf.LearnerFactory(
            school=school, programme=programme, home_municipality=municipality, **kw
        )

    o1 = _opening(m1, x, partnership, capacity=3)
    _opening(m1, x, partnership, workplace=o1.workplace, capacity=5, status=wm.OpeningStatus.DRAFT)
    expired = wf.RecognisedFactory(
        programme=x,
        partnership=partnership,
        valid_from=TODAY - timedelta(days=400),
        valid_until=TODAY - timedelta(days=1),
        site=rf.SiteFactory(municipality=m1),
    )
    _opening(m1, x, partnership, workplace=expired, capacity=4)
    o5 = _opening(
        m1,
        x,
        partnership,
        workplace=o1.workplace,
        capacity=2,
        start=TODAY - timedelta(days=500),
        end=TODAY - timedelta(days=1),
    )
    _opening(m2, x, partnership, capacity=2)

    l1 = learner(x, m1)
    wf.PlacementFactory(learner=l1, opening=o1, start=TODAY, end=TODAY)
    learner(x, m1)  # l2: no placement
    l3 = learner(x, m1, ready=False, willing=False)  # l3: start-up phase
    wm.StartUpTrajectory.objects.create(learner=l3, content="Aanloopfase", duration_weeks=6)
    learner(x, m1, ready=True, willing=False)  # l4: does not need a place
    l5 = learner(x, m1)
    wf.PlacementFactory(
        learner=l5,
        opening=o1,
        start=TODAY,
        end=TODAY,
        status=wm.PlacementStatus.ENDED_EARLY,
        end_reason=wm.EndReason.MISMATCH,
        ended_on=TODAY,
    )
    l6 = learner(x, m1)
    wf.PlacementFactory(
        learner=l6, opening=o5, start=TODAY - timedelta(days=500), end=TODAY - timedelta(days=400)
    )
    learner(x, m2)  # l7
    learner(y, m1)  # l8: transition programme, no workplace learning
    learner(z, m1)  # l9: no recognitions for Z
    return World(p1=p1, p2=p2, x=x, z=z, sector=sector, fund=fund, rtc=rtc, school=school, o1=o1)
