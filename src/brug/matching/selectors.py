"""Every read of matching rounds starts from what the permission matrix lets the user see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from brug.accounts.people import RequestUser
from brug.core import policy
from brug.matching.models import MatchingRound, RoundPreference, RoundResult, RoundRun
from brug.workplace.models import Learner, Opening


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
