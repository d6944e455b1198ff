"""Factories for matching rounds. Rows made here skip the services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone

from brug.matching import models as m
from brug.workplace.tests import factories as wf


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.MatchingRound

    name = factory.Sequence(lambda n: f"Ronde {n}")
    coordinator = factory.SubFactory(wf.SchoolFactory)
    scope = m.RoundScope.SCHOOL
    preference_deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    intake_deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    seed = 42


def past_deadlines(rnd: m.MatchingRound) -> m.MatchingRound:
    """Let time pass: both deadlines are over."""
    now = timezone.now()
    m.MatchingRound.objects.filter(pk=rnd.pk).update(
        preference_deadline=now - timedelta(days=2), intake_deadline=now - timedelta(days=1)
    )
    rnd.refresh_from_db()
    return rnd


def link(rnd: m.MatchingRound, *, openings: Any = (), learners: Any = ()) -> m.MatchingRound:
    m.RoundOpening.objects.bulk_create([m.RoundOpening(round=rnd, opening=o) for o in openings])
    m.RoundLearner.objects.bulk_create([m.RoundLearner(round=rnd, learner=lr) for lr in learners])
    return rnd


def opening_with_mentor(**kwargs: Any) -> Any:
    """A published opening at a recognised workplace that has an active mentor."""
    opening = wf.OpeningFactory(**kwargs)
    mentor = wf.MentorFactory(company=opening.company)
    opening.workplace.mentors.add(mentor)
    return opening


def preference(rnd: m.MatchingRound, learner: Any, opening: Any, rank: int) -> m.RoundPreference:
    return m.RoundPreference.objects.create(round=rnd, learner=learner, opening=opening, rank=rank)
