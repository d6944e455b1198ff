"""The client's address, the same for the lockout (django-axes) and the token use log."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings


def _valid(value: str) -> str | None:
    value = value.strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: Any) -> str | None:
    """REMOTE_ADDR, or with BRUG_PROXY_COUNT = n trusted proxies in front, the address the
    outermost trusted proxy saw (the n-th entry from the right of X-Forwarded-For). Entries a
    client writes itself (further left) are never trusted."""
    meta = request.META
    count = int(getattr(settings, "BRUG_PROXY_COUNT", 0) or 0)
    if count > 0:
        forwarded = [p for p in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= count:
            found = _valid(forwarded[-count])
            if found:
                return found
    return _valid(meta.get("REMOTE_ADDR", "") or "")
