"""Every read of matching rounds starts from what the permission matrix lets the user see."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from brug.accounts.people import RequestUser
from brug.core import policy
from brug.matching.models import (
    MatchingRound,
    RoundPreference,
    RoundResult,
    RoundRun,
    RoundStatus,
)
from brug.workplace.models import Learner, Opening, Placement


def rounds_visible_to(user: RequestUser, action: str = "view") -> QuerySet[MatchingRound]:
    return policy.visible(user, MatchingRound.objects.all(), action).select_related(
        "coordinator", "sector", "province"
    )


def runs_visible_to(user: RequestUser, rnd: MatchingRound) -> QuerySet[RoundRun]:
    return policy.visible(user, RoundRun.objects.filter(round=rnd)).defer("assignment", "details")


def preferences_visible_to(
    user: RequestUser, rnd: MatchingRound | None = None
) -> QuerySet[RoundPreference]:
    qs = RoundPreference.objects.all() if rnd is None else RoundPreference.objects.filter(round=rnd)
    return policy.visible(user, qs).select_related("opening", "learner")


def results_visible_to(
    user: RequestUser, rnd: MatchingRound | None = None
) -> QuerySet[RoundResult]:
    qs = RoundResult.objects.all() if rnd is None else RoundResult.objects.filter(round=rnd)
    return policy.visible(user, qs).select_related(
        "learner", "opening", "opening__company", "opening__site"
    )


def round_openings(rnd: MatchingRound) -> QuerySet[Opening]:
    """The openings of a round the user may see (it may view the round)."""
    return Opening.objects.filter(round_links__round=rnd).select_related(
        "company", "site__municipality", "programme"
    )


def rankable_learners(user: RequestUser, rnd: MatchingRound) -> QuerySet[Learner]:
    """The round's learners for whom `user` may set preferences (own record or own school).

    Mirrors the `own` / `organisation` relations of `matching.roundpreference` on learners.
    """
    learners = Learner.objects.filter(round_links__round=rnd).order_by("pseudonym")
    condition = Q(pk__in=[])
    for actor in policy.held_roles_of(user):
        for relation in policy.allowed_relations("matching.roundpreference", actor.role, "create"):
            if relation == "any":
                return learners
            if relation == "own" and actor.user_id is not None:
                condition |= Q(user_id=actor.user_id)
            if relation == "organisation" and actor.organisation_id is not None:
                condition |= Q(school_id=actor.organisation_id)
    return learners.filter(condition)


def result_placement(result: RoundResult) -> Placement | None:
    """The agreement a published result led to (start date, mentor), if the school made it.

    The reader was allowed to see the result; the placement is the same learner's."""
    if result.placement_id is None:
        return None
    return (
        Placement.objects.select_related("mentor", "opening__company", "opening__site")
        .filter(pk=result.placement_id)
        .first()
    )


def next_round_for(user: RequestUser, result: RoundResult) -> MatchingRound | None:
    """The next round of the same learner still open for preferences, among those the reader
    may see (a learner sees only rounds they take part in)."""
    return (
        rounds_visible_to(user)
        .filter(
            learner_links__learner_id=result.learner_id,
            status__in=[RoundStatus.DRAFT, RoundStatus.OPEN],
            preference_deadline__gt=timezone.now(),
        )
        .exclude(pk=result.round_id)
        .order_by("preference_deadline")
        .first()
    )
