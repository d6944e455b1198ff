from __future__ import annotations

from typing import Any

import pytest

from brug.accounts.tests.factories import user_with_role
from brug.core.demo import SCALES, DemoContext
from brug.matching.demo import matching_rounds
from brug.matching.models import MatchingRound, RoundResult, RoundStatus
from brug.matching.tests import factories as f
from brug.workplace.tests import factories as wf

pytestmark = pytest.mark.django_db


def test_demo_learner_gets_a_published_result(world: Any) -> None:
    consultant = user_with_role("consultant")
    world.openings[2].company.sectors.set(consultant.memberships.get().organisation.sectors.all())
    extra = f.opening_with_mentor(
        workplace=wf.RecognisedFactory(
            company=world.openings[2].company, programme=world.programme
        ),
        capacity=9,
    )
    extra.company.sectors.set(consultant.memberships.get().organisation.sectors.all())
    for _ in range(3):  # learners of another school, still without a place after round one
        wf.LearnerFactory(programme=world.programme)
    ctx = DemoContext(scale=SCALES["small"], seed=1)
    ctx.shared["demo_users"] = {
        "guide": world.guide,
        "learner": world.learner_user,
        "consultant": consultant,
    }
    matching_rounds(ctx)
    published = MatchingRound.objects.get(status=RoundStatus.PUBLISHED)
    result = RoundResult.objects.get(round=published, learner__user=world.learner_user)
    assert result.lottery_number >= 1
    assert MatchingRound.objects.filter(status=RoundStatus.OPEN, is_demo=True).count() == 1
    assert ctx.counts["matching rounds"] == 2
