from __future__ import annotations

import datetime as dt
from typing import Any

from axes.models import AccessAttempt
from django.utils import timezone

from brug.access import services
from brug.access.models import ApiToken
from brug.accounts.tests.factories import UserFactory


def make_token(
    user: Any | None = None,
    *,
    organisation: Any = None,
    scopes: list[str] | None = None,
    days: int = 30,
    name: str = "script",
) -> tuple[ApiToken, str]:
    """A token stored like `token_create` stores it, without the policy check (for scenarios)."""
    import secrets

    secret = secrets.token_urlsafe(services.SECRET_BYTES)
    token = ApiToken.objects.create(
        name=name,
        user=user or UserFactory(),
        organisation=organisation,
        scopes=scopes or ["registry:read"],
        prefix=secrets.token_hex(services.PREFIX_BYTES),
        secret_hash=services._hash(secret),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    return token, f"{services.TOKEN_TAG}_{token.prefix}_{secret}"


def make_attempt(username: str = "someone", ip: str = "192.0.2.7", failures: int = 5) -> Any:
    return AccessAttempt.objects.create(
        username=username,
        ip_address=ip,
        user_agent="test",
        http_accept="*/*",
        path_info="/aanmelden/",
        failures_since_start=failures,
        get_data="",
        post_data="",
    )
