"""Constants and helpers shared by the InnoVET services."""

from __future__ import annotations

from collections.abc import Sequence

from brug.accounts.models import Membership, User
from brug.registry.models import (
    OrganisationKind,
)

PROVIDER_KINDS = frozenset(
    {
        OrganisationKind.COMPANY,
        OrganisationKind.SECTOR_FUND,
        OrganisationKind.RTC,
        OrganisationKind.VDAB,
        OrganisationKind.SCHOOL,
        OrganisationKind.SUPPORT_SERVICE,
        OrganisationKind.PARTNERSHIP,
    }
)
SCHOOL_ROLES = ("teacher", "guide")
STALE_AFTER_DAYS = 180


def members_of(organisation_id: int, roles: Sequence[str] | None = None) -> list[User]:
    memberships = Membership.objects.filter(organisation_id=organisation_id, is_active=True)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return list(User.objects.filter(pk__in=memberships.values("user_id"), is_active=True))
