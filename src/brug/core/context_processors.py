from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from brug.core.navigation import navigation_for


def brug(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    unread = 0
    if user is not None and user.is_authenticated:
        unread = user.notifications.filter(read_at__isnull=True).count()
    return {
        "BRUG_DEMO": settings.BRUG_DEMO,
        "nav": navigation_for(request),
        "unread_notifications": unread,
    }
