"""Reads of the access app, always through the policy."""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from django.db.models import QuerySet

from brug.access.models import ApiToken, ApiTokenUse
from brug.core import policy


def tokens_visible_to(user: Any) -> QuerySet[ApiToken]:
    return policy.visible(user, ApiToken.objects.select_related("user", "organisation"))


def token_uses(user: Any, token: ApiToken) -> QuerySet[ApiTokenUse]:
    policy.require(user, "view", token)
    return token.uses.all()


def lockouts_visible_to(user: Any) -> QuerySet[AccessAttempt]:
    return policy.visible(user, AccessAttempt.objects.order_by("-attempt_time", "-pk"))
