from __future__ import annotations

from typing import Any

from django.db.models import Q

from brug.accounts.models import Invitation, Membership
from brug.core import policy
from brug.core.policy import (
    Actor,
    Relation,
    ResourcePolicy,
    organisation_relation,
    own_relation,
    register,
)


def memberships_as_actors(user: Any) -> list[Actor]:
    """The roles a signed-in user holds: one actor per active membership."""
    memberships = list(Membership.objects.filter(user=user, is_active=True).order_by("pk"))
    # A person with roles in several organisations acts for the one chosen (session).
    chosen = getattr(user, "brug_active_organisation_id", None)
    if chosen is not None and any(m.organisation_id == chosen for m in memberships):
        memberships = [m for m in memberships if m.organisation_id == chosen]
    return [
        Actor(role=m.role, user_id=user.pk, organisation_id=m.organisation_id, membership_id=m.pk)
        for m in memberships
    ]


policy.actor_source_register(memberships_as_actors)


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
            "own": own_relation("user_id"),
            "organisation": organisation_relation("organisation_id"),
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
