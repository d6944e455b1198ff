from __future__ import annotations

import pytest

from brug.accounts.tests.factories import user_with_role
from brug.core.demo import SCALES, DemoContext
from brug.covenants import models as m
from brug.covenants.demo import demo_covenants
from brug.registry.models import OrganisationKind
from brug.registry.tests.factories import OrganisationFactory, SectorFactory

pytestmark = pytest.mark.django_db


def _world() -> DemoContext:
    for i in range(5):
        sector = SectorFactory(has_dual_partnership=i % 2 == 0)
        OrganisationFactory(kind=OrganisationKind.SECTOR_FUND, sectors=[sector])
    consultant = user_with_role(
        "consultant",
        organisation=OrganisationFactory(
            kind=OrganisationKind.SECTOR_FUND, sectors=[SectorFactory()]
        ),
    )
    ctx = DemoContext(scale=SCALES["small"], seed=7)
    ctx.shared["demo_users"] = {
        "consultant": consultant,
        "department_work": user_with_role("department_work"),
    }
    return ctx


def test_demo_step_is_deterministic_labelled_and_idempotent() -> None:
    ctx = _world()
    demo_covenants(ctx)
    actions = m.Action.objects.filter(covenant__generation__code="2021-2022")
    assert actions.exists() and not actions.filter(is_illustrative=False).exists()
    assert m.ProgressReport.objects.filter(status="submitted").exists()
    assert m.Evaluation.objects.exists()
    titles = sorted(actions.values_list("covenant__sector__code", "title"))
    count = m.Action.objects.count()
    demo_covenants(ctx)  # again: nothing doubles
    assert m.Action.objects.count() == count
    assert sorted(actions.values_list("covenant__sector__code", "title")) == titles
    current = m.CovenantGeneration.objects.get(code="demo-huidig")
    consultant = ctx.shared["demo_users"]["consultant"]
    own = current.covenants.get(sector_fund=consultant.memberships.get().organisation)
    assert own.status == "running" and own.is_demo
    assert ctx.counts["covenants 2021-2022 (facts)"] >= 6
