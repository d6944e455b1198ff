"""Menu entries of accounts: colleagues (organisation administrators), onboarding (platform)."""

from __future__ import annotations

from django.http import HttpRequest

from brug.accounts.models import Membership
from brug.accounts.roles import Role
from brug.core import policy
from brug.core.i18n import gettext_lazy
from brug.core.navigation import NavEntry


def administered_organisation(request: HttpRequest) -> int | None:
    """The organisation, among those the person acts for, whose accounts they administer."""
    ids = [a.membership_id for a in policy.held_roles_of(request.user) if a.membership_id]
    if not ids:
        return None
    return (
        Membership.objects.filter(pk__in=ids, is_org_admin=True, is_active=True)
        .order_by("pk")
        .values_list("organisation_id", flat=True)
        .first()
    )


def _is_platform_admin(request: HttpRequest) -> bool:
    return Role.PLATFORM_ADMIN in policy.roles_of(request.user)


NAVIGATION = [
    NavEntry(
        url_name="accounts:my_members",
        label=gettext_lazy("Colleagues"),
        resource="accounts.invitation",
        action="create",
        order=90,
        extra=lambda request: administered_organisation(request) is not None,
    ),
    NavEntry(
        url_name="accounts:onboard",
        label=gettext_lazy("Onboard organisation"),
        resource="accounts.invitation",
        action="create",
        order=91,
        extra=_is_platform_admin,
    ),
]
