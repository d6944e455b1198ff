from __future__ import annotations

import pytest

from brug.covenants.demo import demo_covenants
from brug.covenants.tests.test_demo import _world
from brug.education import models as m
from brug.education.demo import demo_agreements, demo_consultation
from brug.registry.models import OrganisationKind
from brug.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_demo_consultation_only_on_the_demo_generation_labelled_and_idempotent() -> None:
    ctx = _world()
    OrganisationFactory(kind=OrganisationKind.EDUCATION_COUNCIL, sectors=[])
    OrganisationFactory(kind=OrganisationKind.EDUCATION_NETWORK, sectors=[])
    demo_covenants(ctx)
    demo_consultation(ctx)
    rounds = m.ConsultationRound.objects.all()
    assert rounds.count() == 2 and not rounds.filter(is_demo=False).exists()
    assert set(rounds.values_list("covenant__generation__code", flat=True)) == {"demo-huidig"}
    assert set(rounds.values_list("status", flat=True)) == {"open", "closed"}
    assert not m.Advice.objects.filter(is_demo=False).exists()
    assert not m.Advice.objects.filter(round__covenant__generation__code="2021-2022").exists()
    advice = list(m.Advice.objects.order_by("pk").values_list("action_id", "position"))
    demo_consultation(ctx)  # again: nothing doubles
    assert list(m.Advice.objects.order_by("pk").values_list("action_id", "position")) == advice
    assert ctx.counts["education.rounds (demo)"] == 2


def test_demo_agreements_are_labelled_on_the_demo_generation_and_idempotent() -> None:
    ctx = _world()
    for _ in range(3):
        OrganisationFactory(kind=OrganisationKind.EDUCATION_NETWORK, sectors=[])
    demo_covenants(ctx)
    demo_agreements(ctx)
    agreements = m.Agreement.objects.all()
    assert agreements.count() == 2 and all(a.is_demo for a in agreements)
    assert all(a.title.startswith("Demo:") for a in agreements)
    assert set(agreements.values_list("kind", flat=True)) == {"education_covenant", "multi_party"}
    blueprint = agreements.get(kind="multi_party")
    assert blueprint.themes.count() == 5
    assert not m.Agreement.objects.filter(covenants__generation__code="2021-2022").exists()
    shared = m.IntersectoralAction.objects.get()
    assert shared.is_illustrative and shared.generation.code == "demo-huidig"
    assert shared.covenants.count() >= 2
    counts = (m.Engagement.objects.count(), m.EngagementEvaluation.objects.count())
    demo_agreements(ctx)
    assert (m.Engagement.objects.count(), m.EngagementEvaluation.objects.count()) == counts
