"""Issue 17 §4: a recognition goes to the partnership of the programme's responsible sector."""

from __future__ import annotations

import pytest

from brug.registry.tests import factories as rf
from brug.workplace import rules
from brug.workplace.tests import factories as wf

pytestmark = pytest.mark.django_db


def test_partnership_follows_the_programme_then_the_company_then_flanders() -> None:
    bouw, zorg = rf.SectorFactory(name="Bouw"), rf.SectorFactory(name="Zorg")
    flemish = wf.PartnershipFactory(is_flemish_partnership=True)
    of_bouw = wf.PartnershipFactory(sectors=[bouw])
    of_zorg = wf.PartnershipFactory(sectors=[zorg])
    company = wf.CompanyFactory(sectors=[bouw])  # a construction company ...
    care = rf.ProgrammeFactory(name="Verzorging")
    care.sectors.set([zorg])  # ... with a learner in a care programme
    assert rules.partnership_for(company, care) == of_zorg
    unmapped = rf.ProgrammeFactory(name="Onbekend")
    assert rules.partnership_for(company, unmapped) == of_bouw
    assert rules.partnership_for(company) == of_bouw
    assert rules.partnership_for(wf.CompanyFactory(sectors=[]), unmapped) == flemish
