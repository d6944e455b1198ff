from __future__ import annotations

import pytest

from brug.covenants.demo import demo_covenants
from brug.covenants.tests.test_demo import _world
from brug.education import models as m
from brug.education.demo import demo_consultation
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
