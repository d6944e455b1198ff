"""Roles held for an organisation (changed, ended) and organisations brought onto Brug."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from brug.accounts.models import Invitation, Membership
from brug.accounts.roles import Role
from brug.accounts.services._common import (
    _check_role,
)
from brug.accounts.services.invitations import InvitationData, invitation_create
from brug.core import policy
from brug.core.audit import audit_record
from brug.core.errors import NotAllowed, ServiceError
from brug.core.i18n import gettext_lazy
from brug.registry.models import Organisation
from brug.registry.validators import normalise_enterprise_number


@transaction.atomic
def membership_change(
    *, actor: Any, membership: Membership, role: str | None = None, is_org_admin: bool | None = None
) -> Membership:
    membership = (
        Membership.objects.select_for_update().select_related("organisation").get(pk=membership.pk)
    )
    policy.require(actor, "change", membership)
    before = {"role": membership.role, "is_org_admin": membership.is_org_admin}
    if role is not None and role != membership.role:
        _check_role(role, membership.organisation)
        if Membership.objects.filter(
            user_id=membership.user_id, organisation_id=membership.organisation_id, role=role
        ).exists():
            raise ServiceError(
                gettext_lazy("This person already holds that role."),
                field="role",
            )
        membership.role = role
    if is_org_admin is not None:
        if not is_org_admin and membership.is_org_admin:
            _keep_an_admin(membership)
        membership.is_org_admin = is_org_admin
    after = {"role": membership.role, "is_org_admin": membership.is_org_admin}
    if after != before:
        membership.save(update_fields=["role", "is_org_admin"])
        audit_record(
            actor=actor,
            verb="accounts.membership.change",
            obj=membership,
            changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
        )
    return membership


def _keep_an_admin(membership: Membership) -> None:
    others = Membership.objects.filter(
        organisation_id=membership.organisation_id, is_org_admin=True, is_active=True
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise ServiceError(
            gettext_lazy("An organisation keeps at least one administrator."),
            code="last_admin",
        )


@transaction.atomic
def membership_end(*, actor: Any, membership: Membership) -> Membership:
    """End a role: the person keeps the account but no longer acts for this organisation."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    policy.require(actor, "delete", membership)
    if not membership.is_active:
        raise ServiceError(gettext_lazy("This role has already ended."))
    if membership.is_org_admin:
        _keep_an_admin(membership)
    membership.is_active = False
    membership.is_org_admin = False
    membership.save(update_fields=["is_active", "is_org_admin"])
    audit_record(actor=actor, verb="accounts.membership.end", obj=membership)
    return membership


ONBOARD_KINDS = ("company", "school", "sector_fund", "rtc")


def organisation_find(*, kind: str, identifier: str) -> Organisation:
    """The one registry organisation of `kind` with this enterprise number or exact name."""
    if kind not in ONBOARD_KINDS:
        raise ServiceError(gettext_lazy("Choose the kind of organisation."), field="kind")
    value = (identifier or "").strip()
    if not value or len(value) > 300:
        raise ServiceError(
            gettext_lazy("Enter the enterprise number or the name of the organisation."),
            field="identifier",
        )
    candidates = Organisation.objects.none()
    try:
        number = normalise_enterprise_number(value)
    except ServiceError:
        number = ""
    if number:
        candidates = Organisation.objects.filter(kind=kind, enterprise_number=number)
    if not candidates.exists():
        candidates = Organisation.objects.filter(kind=kind, name__iexact=value)
    found = list(candidates.order_by("pk")[:2])
    if len(found) != 1:
        raise ServiceError(
            gettext_lazy(
                "No (or more than one) organisation of this kind with this number or name in "
                "the registry."
            ),
            code="organisation_not_found",
            field="identifier",
        )
    return found[0]


@transaction.atomic
def organisation_onboard(
    *, actor: Any, kind: str, identifier: str, email: str, role: str, language: str
) -> tuple[Invitation, str]:
    """The platform admin brings an organisation from the registry onto Brug by inviting its
    first organisation administrator."""
    organisation = organisation_find(kind=kind, identifier=identifier)
    if not policy.can(actor, "create", Invitation(organisation=organisation, role=role)) or not (
        policy.roles_of(actor) & {Role.PLATFORM_ADMIN}
    ):
        raise NotAllowed(gettext_lazy("Only the platform admin onboards an organisation."))
    return invitation_create(
        actor=actor,
        data=InvitationData(
            organisation=organisation,
            email=email,
            role=role,
            as_org_admin=True,
            language=language,
        ),
    )
