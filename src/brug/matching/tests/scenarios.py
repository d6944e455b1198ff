"""Permission-matrix scenarios for matching rounds (see brug/core/testing/matrix.py).

Each builder makes an object with the asked relation to the actor and states, from the data
it built, every relation the object has.
"""

from __future__ import annotations

from typing import Any

from brug.core.testing.matrix import ActorContext, scenario
from brug.matching import models as m
from brug.matching.tests import factories as f
from brug.registry.models import Province
from brug.workplace.tests import factories as wf

Built = tuple[Any, set[str]] | None


def _sector(actor: ActorContext) -> Any:
    org = actor.organisation
    return org.sectors.order_by("pk").first() if org is not None else None


def _province(actor: ActorContext) -> Any:
    org = actor.organisation
    if org is None:
        return None
    return Province.objects.filter(rtc_regions__organisations=org).order_by("pk").first()


def _authenticated(actor: ActorContext) -> bool:
    return bool(getattr(actor.user, "is_authenticated", False))


def build_round(relation: str, actor: ActorContext) -> tuple[m.MatchingRound, set[str]] | None:
    """A round with `relation` to the actor (relations of `matching.matchinground`)."""
    org = actor.organisation
    if relation == "organisation":
        return (f.RoundFactory(coordinator=org), {"organisation"}) if org is not None else None
    if relation == "sector":
        sector = _sector(actor)
        if sector is None:
            return None
        return f.RoundFactory(scope=m.RoundScope.SECTOR, sector=sector), {"sector"}
    if relation == "region":
        province = _province(actor)
        if province is None:
            return None
        return f.RoundFactory(scope=m.RoundScope.REGION, province=province), {"region"}
    if relation == "school":
        if org is None:
            return None
        return f.link(f.RoundFactory(), learners=[wf.LearnerFactory(school=org)]), {"school"}
    if relation == "participant":
        if not _authenticated(actor):
            return None
        learner = wf.LearnerFactory(user=actor.user)
        return f.link(f.RoundFactory(), learners=[learner]), {"participant"}
    if relation == "counterpart":
        if org is None:
            return None
        opening = wf.OpeningFactory(workplace=wf.RecognisedFactory(company=org))
        return f.link(f.RoundFactory(), openings=[opening]), {"counterpart"}
    return f.RoundFactory(), set()


@scenario("matching.matchinground")
def matching_round(relation: str, actor: ActorContext) -> Built:
    return build_round(relation, actor)


def _row_parts(relation: str, actor: ActorContext) -> tuple[Any, Any, Any, set[str]] | None:
    """(round, learner, opening, relations) for a preference or result row."""
    org = actor.organisation
    if relation in ("coordinator", "sector", "region"):
        built = build_round({"coordinator": "organisation"}.get(relation, relation), actor)
        if built is None:
            return None
        rnd, _ = built
        return rnd, wf.LearnerFactory(), None, {relation}
    if relation == "own":
        if not _authenticated(actor):
            return None
        return f.RoundFactory(), wf.LearnerFactory(user=actor.user), None, {"own"}
    if relation == "organisation":
        if org is None:
            return None
        return f.RoundFactory(), wf.LearnerFactory(school=org), None, {"organisation"}
    if relation == "counterpart":
        if org is None:
            return None
        opening = wf.OpeningFactory(workplace=wf.RecognisedFactory(company=org))
        return f.RoundFactory(), wf.LearnerFactory(), opening, {"counterpart"}
    return f.RoundFactory(), wf.LearnerFactory(), None, set()


@scenario("matching.roundpreference")
def round_preference(relation: str, actor: ActorContext) -> Built:
    if relation == "counterpart":
        return None
    parts = _row_parts(relation, actor)
    if parts is None:
        return None
    rnd, learner, _, has = parts
    opening = wf.OpeningFactory(programme=learner.programme)
    return f.preference(rnd, learner, opening, 1), has


@scenario("matching.roundresult")
def round_result(relation: str, actor: ActorContext) -> Built:
    parts = _row_parts(relation, actor)
    if parts is None:
        return None
    rnd, learner, opening, has = parts
    if opening is None:
        opening = wf.OpeningFactory()
    result = m.RoundResult.objects.create(
        round=rnd, learner=learner, opening=opening, preference_rank=1, lottery_number=1
    )
    return result, has


@scenario("matching.roundrun")
def round_run(relation: str, actor: ActorContext) -> Built:
    if relation not in ("coordinator", "sector", "region", "unrelated"):
        return None
    built = build_round({"coordinator": "organisation"}.get(relation, relation), actor)
    if built is None:
        return None
    rnd, _ = built
    run = m.RoundRun.objects.create(round=rnd, mode=m.RoundMode.STABLE, seed=1)
    return run, ({relation} if relation != "unrelated" else set())


# The round relations that carry `publish` for the coordinating roles (the matrix's
# matching.matchinground section): a school's own round, a sector round, a region round.
PUBLISHING_RELATION = {"guide": "organisation", "consultant": "sector", "rtc_staff": "region"}


def opening_in_round_to_publish(actor: ActorContext, opening: Any) -> set[str]:
    """Put `opening` in a computed round the actor coordinates in its role's way and return
    {"round_to_publish"}; for other roles, in a computed round of the actor's own
    organisation (which grants them nothing) and return no relation."""
    relation = PUBLISHING_RELATION.get(actor.role)
    built = build_round(relation, actor) if relation else None
    if built is None:
        org = actor.organisation
        rnd = f.RoundFactory(**({"coordinator": org} if org is not None else {}))
        has: set[str] = set()
    else:
        rnd, has = built[0], {"round_to_publish"}
    m.MatchingRound.objects.filter(pk=rnd.pk).update(status=m.RoundStatus.COMPUTED)
    f.link(rnd, openings=[opening])
    return has
