from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from brug.accounts.tests.factories import user_with_role
from brug.matching.tests import factories as f
from brug.workplace.tests import factories as wf


@dataclass
class World:
    school: Any
    guide: Any
    programme: Any
    openings: list[Any]
    learners: list[Any]
    learner_user: Any
    company_user: Any


@pytest.fixture
def world(db: Any) -> World:
    """A school with 5 learners of one programme and 3 openings (capacities 2, 1, 1)."""
    school = wf.SchoolFactory()
    guide = user_with_role("guide", school)
    learner_user = user_with_role("learner", school)
    learners = [wf.LearnerFactory(school=school) for _ in range(5)]
    programme = learners[0].programme
    for lr in learners[1:]:
        lr.programme = programme
        lr.save()
    learners[0].user = learner_user
    learners[0].save()
    openings = [
        f.opening_with_mentor(workplace=wf.RecognisedFactory(programme=programme), capacity=c)
        for c in (2, 1, 1)
    ]
    company_user = user_with_role("company_contact", openings[0].company)
    return World(school, guide, programme, openings, learners, learner_user, company_user)
