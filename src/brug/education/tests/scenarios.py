"""Permission-matrix scenarios for education consultation (see brug/core/testing/matrix.py)."""

from __future__ import annotations

from brug.core.testing.matrix import UNRELATED, ActorContext, scenario
from brug.covenants.tests.scenarios import _covenant_for
from brug.education.tests import factories as f
from brug.registry import models as rm
from brug.registry.tests.factories import OrganisationFactory


@scenario("education.consultationround")
def consultation_round(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    built = _covenant_for(relation, actor)
    if built is None:
        return None
    covenant, has = built
    return f.RoundFactory(covenant=covenant), has


def _unrelated_adviser() -> rm.Organisation:
    return OrganisationFactory(kind=rm.OrganisationKind.EDUCATION_COUNCIL, sectors=[])


@scenario("education.advice")
def advice(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    if relation == "adviser":
        if actor.organisation is None:
            return None
        built = _covenant_for(UNRELATED, actor)
        assert built is not None
        covenant, _ = built
        rnd = f.RoundFactory(covenant=covenant)
        return f.AdviceFactory(round=rnd, organisation=actor.organisation), {"adviser"}
    built = _covenant_for(relation, actor)
    if built is None:
        return None
    covenant, has = built
    rnd = f.RoundFactory(covenant=covenant)
    return f.AdviceFactory(round=rnd, organisation=_unrelated_adviser()), has


def _other_party() -> rm.Organisation:
    return OrganisationFactory(kind=rm.OrganisationKind.EDUCATION_NETWORK, sectors=[])


@scenario("education.agreement")
def agreement(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    if relation == "party":
        if actor.organisation is None:
            return None
        return f.AgreementFactory(parties=[actor.organisation, _other_party()]), {"party"}
    if relation == UNRELATED:
        return f.AgreementFactory(parties=[_other_party()]), set()
    return None


@scenario("education.engagement")
def engagement(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    if relation in ("party", "owner"):
        if actor.organisation is None:
            return None
        theme = f.ThemeFactory(
            agreement=f.AgreementFactory(parties=[actor.organisation, _other_party()])
        )
        if relation == "owner":
            return f.EngagementFactory(theme=theme, owner=actor.organisation), {"party", "owner"}
        return f.EngagementFactory(theme=theme), {"party"}
    if relation == UNRELATED:
        return f.EngagementFactory(theme=f.ThemeFactory()), set()
    return None


@scenario("education.intersectoralaction")
def intersectoral_action(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    built = _covenant_for(relation, actor)
    if built is None:
        return None
    covenant, has = built
    has = has - {"published"}  # not a relation of intersectoral actions
    if relation == "published":
        has = set()
    other = _covenant_for(UNRELATED, actor)
    assert other is not None
    action = f.IntersectoralActionFactory(
        generation=covenant.generation, covenants=[covenant, other[0]]
    )
    return action, has
