"""Accounts of people and organisations: invitations, roles, onboarding, profile, sign-ins.

One module per concern; every public name is available from `brug.accounts.services`.
"""

from brug.accounts.services._common import (
    NAME_MAX,
    SIGN_IN_RETENTION_DAYS,
    USERNAME_MAX,
    token_hash,
)
from brug.accounts.services.invitations import (
    InvitationData,
    NewAccount,
    invitation_accept_existing,
    invitation_accept_new,
    invitation_accept_oidc,
    invitation_create,
    invitation_for_token,
    invitation_resend,
    invitation_withdraw,
)
from brug.accounts.services.memberships import (
    ONBOARD_KINDS,
    membership_change,
    membership_end,
    organisation_find,
    organisation_onboard,
)
from brug.accounts.services.profile import ProfileData, profile_update, sign_in_record

__all__ = [
    "NAME_MAX",
    "ONBOARD_KINDS",
    "SIGN_IN_RETENTION_DAYS",
    "USERNAME_MAX",
    "InvitationData",
    "NewAccount",
    "ProfileData",
    "invitation_accept_existing",
    "invitation_accept_new",
    "invitation_accept_oidc",
    "invitation_create",
    "invitation_for_token",
    "invitation_resend",
    "invitation_withdraw",
    "membership_change",
    "membership_end",
    "organisation_find",
    "organisation_onboard",
    "profile_update",
    "sign_in_record",
    "token_hash",
]
