"""Who a registry command acts as: `--user`, or else the first active platform admin."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import CommandError


def command_user(username: str | None, *, required: bool) -> Any:
    from brug.accounts.models import User

    if username:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {username!r}.")
        return user
    admin = (
        User.objects.filter(
            is_active=True, memberships__role="platform_admin", memberships__is_active=True
        )
        .order_by("pk")
        .first()
    )
    if admin is None and required:
        raise CommandError(
            "No platform admin exists: give --user USERNAME (a user allowed to import)."
        )
    return admin or AnonymousUser()
