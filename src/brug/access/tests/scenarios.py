from __future__ import annotations

from axes.models import AccessAttempt

from brug.access.tests.factories import make_attempt, make_token
from brug.accounts.tests.factories import MembershipFactory
from brug.core.testing.matrix import UNRELATED, ActorContext, scenario


@scenario("access.apitoken")
def api_token(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    if relation == "own":
        if actor.organisation is None:
            return None
        return make_token(actor.user)[0], {"own"}
    if relation == "organisation":
        if actor.organisation is None:
            return None
        colleague = MembershipFactory(organisation=actor.organisation, role=actor.role).user
        return make_token(colleague, organisation=actor.organisation)[0], {"organisation"}
    return make_token()[0], set()


@scenario("access.lockout")
def lockout(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    if relation != UNRELATED:
        return None
    # A user name of its own: a list page may be asked with several attempts.
    return make_attempt(username=f"someone{AccessAttempt.objects.count()}"), set()
