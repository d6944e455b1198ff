"""Figures many people ask for the same way (the open figures, counts on dashboards) are computed
once and kept for a short time that the page states ("computed at 10:42, refreshed every 5
minutes"). Local memory by default, Redis when `REDIS_URL` is set (`CACHES`), so every app
server shares them. A lifetime of 0 computes every time (the test settings).

Only aggregates go in the cache, never a record about a person, and a key names everything the
value depends on (date, threshold, scope), so one visitor never gets another's view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

T = TypeVar("T")
PREFIX = "brug:figures:v1:"


@dataclass(frozen=True)
class Cached(Generic[T]):
    value: T
    computed_at: datetime
    max_age_seconds: int

    @property
    def max_age_minutes(self) -> int:
        return max(1, round(self.max_age_seconds / 60))


def figures_lifetime() -> int:
    return int(getattr(settings, "BRUG_FIGURES_CACHE_SECONDS", 300))


def cached(key: str, compute: Callable[[], T], *, seconds: int | None = None) -> Cached[T]:
    """The value under `key`, computed by `compute` when missing or older than `seconds`."""
    lifetime = figures_lifetime() if seconds is None else seconds
    if lifetime <= 0:
        return Cached(compute(), timezone.now(), 0)
    hit = cache.get(PREFIX + key)
    if isinstance(hit, Cached):
        return hit
    fresh = Cached(compute(), timezone.now(), lifetime)
    cache.set(PREFIX + key, fresh, timeout=lifetime)
    return fresh
