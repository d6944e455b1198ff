from __future__ import annotations

from brug.accounts.tests.factories import MembershipFactory
from brug.core.testing.matrix import ActorContext, scenario
from brug.registry.tests.factories import OrganisationFactory


@scenario("accounts.membership")
def membership(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    if relation == "own":
        if actor.organisation is None:
            return None
        return actor.user.memberships.get(), {"own", "organisation"}
    if relation == "organisation":
        if actor.organisation is None:
            return None
        return MembershipFactory(organisation=actor.organisation, role="teacher"), {"organisation"}
    return MembershipFactory(organisation=OrganisationFactory()), set()
