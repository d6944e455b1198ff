"""Reads on accounts, always through the permission layer."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from brug.accounts.models import Invitation, Membership, SignIn
from brug.core import policy

PAGE_SIZE = 50


def members_of(user: Any, organisation_id: int) -> QuerySet[Membership]:
    """The people with an active role in the organisation, as far as `user` may see them."""
    return (
        policy.visible(user, Membership.objects.all(), "view")
        .filter(organisation_id=organisation_id, is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def open_invitations_of(user: Any, organisation_id: int) -> QuerySet[Invitation]:
    return (
        policy.visible(user, Invitation.objects.all(), "view")
        .filter(
            organisation_id=organisation_id,
            accepted_at__isnull=True,
            withdrawn_at__isnull=True,
        )
        .select_related("invited_by")
        .order_by("-created_at", "-pk")
    )


def invitation_visible(user: Any, pk: int, action: str) -> Invitation | None:
    return (
        policy.visible(user, Invitation.objects.all(), action)
        .select_related("organisation")
        .filter(pk=pk)
        .first()
    )


def membership_visible(user: Any, pk: int, action: str) -> Membership | None:
    return (
        policy.visible(user, Membership.objects.all(), action)
        .select_related("organisation", "user")
        .filter(pk=pk)
        .first()
    )


def recent_sign_ins(user: Any, limit: int = 10) -> list[SignIn]:
    """A person's own recent sign-ins (only ever their own)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(SignIn.objects.filter(user_id=user.pk).order_by("-at", "-pk")[:limit])


def is_expired(invitation: Invitation) -> bool:
    return invitation.expires_at <= timezone.now()
