from __future__ import annotations

from typing import Any

from django.db.models import Q

from brug.accounts.models import Invitation, Membership
from brug.core.policy import Actor, Relation, ResourcePolicy, register


def _is_org_admin(actor: Actor) -> bool:
    """Does this hat carry the organisation-administrator flag?"""
    if actor.membership_id is None:
        return False
    return Membership.objects.filter(
        pk=actor.membership_id, is_org_admin=True, is_active=True
    ).exists()


def _administered(obj: Any, actor: Actor) -> bool:
    return obj.organisation_id == actor.organisation_id and _is_org_admin(actor)


def _administered_q(actor: Actor) -> Q:
    if not _is_org_admin(actor):
        return Q(pk__in=[])
    return Q(organisation_id=actor.organisation_id)


ADMINISTERED = Relation(
    holds=lambda actor, obj: _administered(obj, actor), q=lambda actor: _administered_q(actor)
)

register(
    ResourcePolicy(
        resource="accounts.membership",
        model=Membership,
        relations={
            "own": Relation(
                holds=lambda actor, obj: obj.user_id == actor.user_id,
                q=lambda actor: Q(user_id=actor.user_id),
            ),
            "organisation": Relation(
                holds=lambda actor, obj: obj.organisation_id == actor.organisation_id,
                q=lambda actor: Q(organisation_id=actor.organisation_id),
            ),
            "administered": ADMINISTERED,
        },
    )
)

register(
    ResourcePolicy(
        resource="accounts.invitation",
        model=Invitation,
        relations={"administered": ADMINISTERED},
    )
)
