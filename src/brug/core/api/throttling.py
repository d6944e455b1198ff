"""API rate limits with constant-size bookkeeping (a sliding window of two counters).

DRF's `SimpleRateThrottle` keeps the time of every request of the last period in one cache
entry, read and written whole on every request: at 1,200 a minute that is a list of 1,200
floats pickled twice per request (and more where the rate is higher). Here each caller has a
counter per fixed window of one period; a request is allowed while the count of the current
window plus the previous window's count, weighted by how much of it still lies within one
period, stays below the rate. Two cache calls per request (read both counters, then count
the request), whatever the rate; a refused request is not counted, as in DRF. The same rates
(`DEFAULT_THROTTLE_RATES`, scopes `anon` and `user`) and the same idents apply.
"""

from __future__ import annotations

from typing import Any

from rest_framework import throttling


class SlidingWindowMixin:
    # Mixed in before a `SimpleRateThrottle` subclass: replaces its history list.
    cache: Any
    duration: int
    num_requests: int
    rate: str | None
    timer: Any
    key: str | None
    now: float
    _current: int = 0
    _previous: int = 0
    _elapsed: float = 0.0

    def allow_request(self, request: Any, view: Any) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)  # type: ignore[attr-defined]
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        current, previous = f"{self.key}:w{window}", f"{self.key}:w{window - 1}"
        counts = self.cache.get_many([current, previous])
        self._current = int(counts.get(current, 0))
        self._previous = int(counts.get(previous, 0))
        self._elapsed = self.now - window * self.duration
        if self.estimate() >= self.num_requests:
            return False
        try:
            self.cache.incr(current)
        except ValueError:  # the window's first request (or the counter was evicted)
            if not self.cache.add(current, 1, 2 * self.duration):
                self.cache.incr(current)
        return True

    def estimate(self) -> float:
        """Requests within the last period: the current window's and the part of the previous
        window's that is still within one period, assuming those came evenly spread."""
        share = 1 - self._elapsed / self.duration
        return self._current + self._previous * share

    def wait(self) -> float | None:
        """Seconds until a request is allowed again (for `Retry-After`)."""
        limit, period = self.num_requests, self.duration
        if self._current < limit:
            # The previous window's weight must fall until current + previous * share < limit.
            if self._previous <= 0:
                return None
            share = (limit - self._current) / self._previous
            return max(1.0, period * (1 - share) - self._elapsed)
        # Full already: when this window ends, its count becomes the previous window's.
        share = limit / self._current
        return max(1.0, (period - self._elapsed) + period * (1 - share))


class AnonRateThrottle(SlidingWindowMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(SlidingWindowMixin, throttling.UserRateThrottle):
    pass
