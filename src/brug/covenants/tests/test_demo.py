from __future__ import annotations

import datetime as dt

import pytest

from brug.accounts.tests.factories import user_with_role
from brug.core.demo import SCALES, DemoContext
from brug.covenants import models as m
from brug.covenants.demo import DEMO_CODE, METRIC_FOR, demo_covenants
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


def test_demo_step_generates_nothing_on_the_real_generation(monkeypatch) -> None:
    monkeypatch.setattr("brug.covenants.demo.timezone.localdate", lambda: dt.date(2026, 11, 15))
    ctx = _world()
    demo_covenants(ctx)
    real = m.CovenantGeneration.objects.get(code="2021-2022")
    assert real.covenants.exists()
    # No generated action, report, evaluation, measurement or figure on 2021-2022.
    assert not m.Action.objects.filter(covenant__generation=real).exists()
    assert not m.ProgressReport.objects.filter(covenant__generation=real).exists()
    assert not m.Evaluation.objects.filter(covenant__generation=real).exists()
    assert not m.DiscriminationMeasurement.objects.filter(
        addendum__covenant__generation=real
    ).exists()
    assert not real.covenants.filter(consultant_fte_is_illustrative=True).exists()
    assert not m.Addendum.objects.filter(
        covenant__generation=real, budget_is_illustrative=True
    ).exists()
    # The generated content lives on a generation whose name says it is a demo.
    demo = m.CovenantGeneration.objects.get(code=DEMO_CODE)
    assert "Demo" in demo.name and "fictief" in demo.name
    actions = m.Action.objects.filter(covenant__generation=demo)
    assert actions.exists() and not actions.filter(is_illustrative=False).exists()
    assert m.ProgressReport.objects.filter(covenant__generation=demo, status="submitted").exists()
    assert m.Evaluation.objects.filter(covenant__generation=demo).exists()
    assert m.DiscriminationMeasurement.objects.filter(is_illustrative=True).exists()
    consultant = ctx.shared["demo_users"]["consultant"]
    own = demo.covenants.get(sector_fund=consultant.memberships.get().organisation)
    assert own.status == "running" and own.is_demo


def test_each_demo_commitment_is_measured_by_a_metric_that_counts_what_it_says(
    monkeypatch,
) -> None:
    monkeypatch.setattr("brug.covenants.demo.timezone.localdate", lambda: dt.date(2026, 11, 15))
    demo_covenants(_world())
    commitments = m.Commitment.objects.select_related("action", "indicator")
    assert commitments.exists()
    for c in commitments:
        key = c.indicator.metric_key
        assert key in ("", METRIC_FOR.get(c.action.title)), (c.action.title, key)
        assert not key or c.unit == "count"
    # The old mismatches are gone: diversity plans are never counted by site visits.
    assert not commitments.filter(
        action__title__icontains="diversiteit", indicator__metric_key="workplace.site_visits"
    ).exists()


def test_demo_step_is_deterministic_and_idempotent(monkeypatch) -> None:
    monkeypatch.setattr("brug.covenants.demo.timezone.localdate", lambda: dt.date(2026, 11, 15))
    ctx = _world()
    demo_covenants(ctx)
    titles = sorted(m.Action.objects.values_list("covenant__sector__code", "title"))
    count = m.Action.objects.count()
    demo_covenants(ctx)  # again: nothing doubles
    assert m.Action.objects.count() == count
    assert sorted(m.Action.objects.values_list("covenant__sector__code", "title")) == titles
    assert ctx.counts["covenants 2021-2022 (facts)"] >= 6


def test_pages_name_the_demo_generation_by_its_years_not_its_key(monkeypatch) -> None:
    from django.utils import translation

    monkeypatch.setattr("brug.covenants.demo.timezone.localdate", lambda: dt.date(2026, 11, 15))
    demo_covenants(_world())
    demo = m.CovenantGeneration.objects.get(code=DEMO_CODE)
    real = m.CovenantGeneration.objects.get(code="2021-2022")
    assert real.short_label == "2021-2022"
    covenant = demo.covenants.select_related("sector").first()
    assert covenant is not None
    assert demo.short_label == "demo 2026-2027"
    assert str(covenant) == f"{covenant.sector} · demo 2026-2027"
    assert DEMO_CODE not in str(covenant)
    with translation.override("en"):
        assert demo.short_label == "demo 2026-2027"
