"""Property: publishing any engine result (or any assignment at all) never exceeds an
opening's capacity and never duplicates a placement."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brug.accounts.tests.factories import user_with_role
from brug.core.errors import ServiceError
from brug.matching import services
from brug.matching.models import RoundRun, RoundStatus
from brug.matching.tests import factories as f
from brug.registry.tests import factories as rf
from brug.workplace.models import Opening, Placement
from brug.workplace.tests import factories as wf


class Rollback(Exception):
    pass


instances = st.fixed_dictionaries(
    {
        "capacities": st.lists(st.integers(1, 3), min_size=1, max_size=4),
        "learners": st.integers(1, 7),
        "seed": st.integers(0, 10_000),
        "reserve": st.sampled_from([0, 0.5]),
        "mode": st.sampled_from(["stable", "coverage"]),
        "data": st.data(),
        "tamper": st.booleans(),
    }
)


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=instances)
def test_publish_never_exceeds_capacity_or_duplicates(case: dict[str, Any]) -> None:
    try:
        with transaction.atomic():
            _check(case)
            raise Rollback
    except Rollback:
        pass


def _check(case: dict[str, Any]) -> None:
    data = case["data"]
    school = wf.SchoolFactory()
    guide = user_with_role("guide", school)
    programme = rf.ProgrammeFactory()
    openings = [
        f.opening_with_mentor(workplace=wf.RecognisedFactory(programme=programme), capacity=c)
        for c in case["capacities"]
    ]
    learners = [
        wf.LearnerFactory(
            school=school, programme=programme, has_support_need=data.draw(st.booleans())
        )
        for _ in range(case["learners"])
    ]
    rnd = f.link(
        f.RoundFactory(coordinator=school, seed=case["seed"], reserve_share=case["reserve"]),
        openings=openings,
        learners=learners,
    )
    for learner in learners:
        prefs = data.draw(st.permutations(openings))[: data.draw(st.integers(0, len(openings)))]
        for rank, opening in enumerate(prefs, 1):
            f.preference(rnd, learner, opening, rank)
    rnd = f.past_deadlines(rnd)
    rnd.status = RoundStatus.CLOSED
    rnd.save()
    services.round_compute(actor=guide, rnd=rnd)
    rnd.refresh_from_db()
    run = RoundRun.objects.get(round=rnd, mode=case["mode"])
    if case["tamper"]:  # any assignment at all, also an over-full one
        run.assignment = {
            str(lr.pk): data.draw(st.sampled_from([None, *[o.pk for o in openings]]))
            for lr in learners
        }
        run.save()
    try:
        services.round_publish(actor=guide, rnd=rnd, mode=case["mode"])
    except ServiceError as exc:
        assert case["tamper"] and exc.code == "stale"
        assert not Placement.objects.filter(opening__in=openings).exists()
    for opening in Opening.objects.filter(pk__in=[o.pk for o in openings]):
        count = Placement.objects.filter(opening=opening).count()
        assert count == opening.filled <= opening.capacity
    per_learner = Counter(
        Placement.objects.filter(learner__in=learners).values_list("learner_id", flat=True)
    )
    assert all(n == 1 for n in per_learner.values())
    with pytest.raises(ServiceError):  # never twice
        services.round_publish(actor=guide, rnd=rnd, mode=case["mode"])
