"""Figures many people ask for the same way (the open figures, counts on dashboards) are computed
once and kept for a short time that the page states ("computed at 10:42, refreshed every 5
minutes"). Local memory by default, Redis when `REDIS_URL` is set (`CACHES`), so every app
server shares them. A lifetime of 0 computes every time (the test settings).

Only aggregates go in the cache, never a record about a person, and a key names everything the
value depends on (date, threshold, scope), so one visitor never gets another's view.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
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


# Inside `refreshing()` every `cached` value is computed afresh and stored, hit or not.
_refreshing: ContextVar[bool] = ContextVar("brug_figures_refreshing", default=False)


def cached(key: str, compute: Callable[[], T], *, seconds: int | None = None) -> Cached[T]:
    """The value under `key`, computed by `compute` when missing or older than `seconds`."""
    lifetime = figures_lifetime() if seconds is None else seconds
    if lifetime <= 0:
        return Cached(compute(), timezone.now(), 0)
    hit = None if _refreshing.get() else cache.get(PREFIX + key)
    if isinstance(hit, Cached):
        return hit
    fresh = Cached(compute(), timezone.now(), lifetime)
    cache.set(PREFIX + key, fresh, timeout=lifetime)
    return fresh


def version(name: str) -> int:
    """The current version of `name` (part of a cache key; `bump` makes every key with the old
    version unreachable). A version the cache lost restarts at a value never used before."""
    key = PREFIX + "version:" + name
    value = cache.get(key)
    if not isinstance(value, int):
        value = time.time_ns()
        if not cache.add(key, value, timeout=None):
            got = cache.get(key)
            value = got if isinstance(got, int) else value
    return value


def bump(name: str) -> None:
    """A write changed what `name` covers: cached values keyed by the old version are dropped."""
    key = PREFIX + "version:" + name
    try:
        cache.incr(key)
    except ValueError:  # not in the cache (never read, or evicted)
        cache.set(key, time.time_ns(), timeout=None)


def peek(key: str) -> object | None:
    """The value stored under `key` by `store`, or None (always None with a lifetime of 0)."""
    if figures_lifetime() <= 0:
        return None
    value: object | None = cache.get(PREFIX + key)
    return value


def store(key: str, value: object) -> None:
    lifetime = figures_lifetime()
    if lifetime > 0:
        cache.set(PREFIX + key, value, timeout=lifetime)


# Figures that most readers ask in the same way (the region's key figures, the open figures),
# computed ahead of the readers: `brug figures-refresh` (every few minutes, from the one cron
# file) runs every registered warmer inside `refreshing()`, so the cache never holds an expired
# value for them and no visitor waits for a cold computation. Domain apps register warmers.
_WARMERS: dict[str, Callable[[], object]] = {}


def warmer_register(name: str, warm: Callable[[], object]) -> None:
    _WARMERS[name] = warm


def warmers() -> dict[str, Callable[[], object]]:
    return dict(_WARMERS)


@contextmanager
def refreshing() -> Iterator[None]:
    token = _refreshing.set(True)
    try:
        yield
    finally:
        _refreshing.reset(token)


def shared() -> bool:
    """Every app server reads the same cache (Redis, `REDIS_URL`): a `bump` reaches them all."""
    backend = str(settings.CACHES.get("default", {}).get("BACKEND", ""))
    return "redis" in backend.lower()


def versioned_max_age_seconds() -> int:
    """How old a value kept current by `bump` can be when another process made the write: 0 with
    a shared cache or no caching; else (each process its own local cache, which another
    process's `bump` does not reach) the figures lifetime. A page states it next to the figures."""
    lifetime = figures_lifetime()
    return 0 if lifetime <= 0 or shared() else lifetime
