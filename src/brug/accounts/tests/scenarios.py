from __future__ import annotations

from brug.accounts.models import Membership
from brug.accounts.tests.factories import InvitationFactory, MembershipFactory
from brug.core.testing.matrix import ActorContext, scenario
from brug.registry.tests.factories import OrganisationFactory


def _make_admin(actor: ActorContext) -> None:
    Membership.objects.filter(user=actor.user).update(is_org_admin=True)


@scenario("accounts.membership")
def membership(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    if actor.organisation is None and relation != "unrelated":
        return None
    if relation == "own":
        return actor.user.memberships.get(), {"own", "organisation"}
    if relation == "organisation":
        return MembershipFactory(organisation=actor.organisation, role="teacher"), {"organisation"}
    if relation == "administered":
        _make_admin(actor)
        colleague = MembershipFactory(organisation=actor.organisation, role="teacher")
        return colleague, {"organisation", "administered"}
    return MembershipFactory(organisation=OrganisationFactory()), set()


@scenario("accounts.invitation")
def invitation(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    if relation == "administered":
        if actor.organisation is None:
            return None
        _make_admin(actor)
        return InvitationFactory(organisation=actor.organisation), {"administered"}
    return InvitationFactory(), set()
