from __future__ import annotations

from typing import Any

from brug.accounts.models import Membership
from brug.core import policy
from brug.core.policy import (
    Actor,
    ResourcePolicy,
    organisation_relation,
    own_relation,
    register,
)


def memberships_as_actors(user: Any) -> list[Actor]:
    """The roles a signed-in user holds: one actor per active membership."""
    return [
        Actor(role=m.role, user_id=user.pk, organisation_id=m.organisation_id, membership_id=m.pk)
        for m in Membership.objects.filter(user=user, is_active=True).order_by("pk")
    ]


policy.actor_source_register(memberships_as_actors)

register(
    ResourcePolicy(
        resource="accounts.membership",
        model=Membership,
        relations={
            "own": own_relation("user_id"),
            "organisation": organisation_relation("organisation_id"),
        },
    )
)
