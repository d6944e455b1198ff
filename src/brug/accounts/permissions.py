from __future__ import annotations

from brug.accounts.models import Membership, User
from brug.core import policy
from brug.core.policy import (
    HeldRole,
    ResourcePolicy,
    organisation_relation,
    own_relation,
    register,
)
from brug.core.users import RequestUser


def memberships_as_actors(user: RequestUser) -> list[HeldRole]:
    """The roles a signed-in user holds: one per active membership."""
    if not isinstance(user, User):  # the permission layer asks only for signed-in users
        return []
    return [
        HeldRole(
            role=m.role, user_id=user.pk, organisation_id=m.organisation_id, membership_id=m.pk
        )
        for m in Membership.objects.filter(user=user, is_active=True).order_by("pk")
    ]


policy.held_role_source_register(memberships_as_actors)

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
