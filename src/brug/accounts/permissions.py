from __future__ import annotations

from django.db.models import Q

from brug.accounts.models import Invitation, Membership, User
from brug.core import policy
from brug.core.policy import (
    HeldRole,
    Relation,
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
    memberships = list(Membership.objects.filter(user=user, is_active=True).order_by("pk"))
    # A person with roles in several organisations acts for the one chosen (session).
    chosen = getattr(user, "brug_active_organisation_id", None)
    if chosen is not None and any(m.organisation_id == chosen for m in memberships):
        memberships = [m for m in memberships if m.organisation_id == chosen]
    return [
        HeldRole(
            role=m.role, user_id=user.pk, organisation_id=m.organisation_id, membership_id=m.pk
        )
        for m in memberships
    ]


policy.held_role_source_register(memberships_as_actors)


def _is_org_admin(actor: HeldRole) -> bool:
    """Does this hat carry the organisation-administrator flag?"""
    if actor.membership_id is None:
        return False
    return Membership.objects.filter(
        pk=actor.membership_id, is_org_admin=True, is_active=True
    ).exists()


def _administered(obj: Invitation | Membership, actor: HeldRole) -> bool:
    return obj.organisation_id == actor.organisation_id and _is_org_admin(actor)


def _administered_q(actor: HeldRole) -> Q:
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
