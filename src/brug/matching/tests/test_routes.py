"""Matching with the learning routes of issue 14: a round over DBSO learners and openings runs as
before, and only openings of the learners' own programme (so their route) enter the round."""

from __future__ import annotations

from typing import Any

import pytest

from brug.matching import services
from brug.matching.models import RoundMode, RoundResult, RoundRun, RoundStatus
from brug.matching.tests import factories as f
from brug.matching.tests.test_services import computed, create
from brug.registry.models import LearningRoute
from brug.registry.tests import factories as rf
from brug.workplace.tests import factories as wf

pytestmark = pytest.mark.django_db


def test_round_over_dbso_learners_only_takes_their_route(world: Any) -> None:
    world.programme.route = LearningRoute.PART_TIME_VOCATIONAL
    world.programme.save()
    full_time = rf.ProgrammeFactory(route=LearningRoute.FULL_TIME)
    other = f.opening_with_mentor(workplace=wf.RecognisedFactory(programme=full_time), capacity=5)
    rnd = create(world)
    assert other not in set(rnd.openings.all())
    assert {o.programme.route for o in rnd.openings.all()} == {LearningRoute.PART_TIME_VOCATIONAL}
    rnd = computed(world)
    assert rnd.status == RoundStatus.COMPUTED
    stable = RoundRun.objects.get(round=rnd, mode="stable")
    assert stable.stats["placed"] == 4  # capacities 2 + 1 + 1
    summary = services.round_publish(actor=world.guide, rnd=rnd, mode=RoundMode.STABLE)
    assert summary == {"placed": 4, "unplaced": 1}
    placed = RoundResult.objects.filter(round=rnd, opening__isnull=False)
    assert {r.opening.programme.route for r in placed} == {LearningRoute.PART_TIME_VOCATIONAL}
