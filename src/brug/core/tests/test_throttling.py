"""The API rate limits count with two counters per caller (a sliding window), not a list of
every request's time: the same limits, constant bookkeeping whatever the rate."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.core.cache import cache

from brug.core.api.throttling import AnonRateThrottle, UserRateThrottle

START = 6_000_000.0  # a window boundary for a period of 60 s


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def _clean() -> Any:
    cache.clear()
    yield
    cache.clear()


def _throttle(clock: Clock, rate: str = "5/min") -> UserRateThrottle:
    throttle = UserRateThrottle()
    throttle.rate = rate
    throttle.num_requests, throttle.duration = throttle.parse_rate(rate)
    throttle.timer = clock
    return throttle


def _person(pk: int = 424242) -> Any:
    return SimpleNamespace(user=SimpleNamespace(is_authenticated=True, pk=pk), META={})


def _asks(clock: Clock, n: int, pk: int = 424242) -> list[bool]:
    return [_throttle(clock).allow_request(_person(pk), None) for _ in range(n)]


def test_the_limit_holds_within_a_window_and_refusals_are_not_counted() -> None:
    clock = Clock()
    assert _asks(clock, 7) == [True] * 5 + [False, False]
    throttle = _throttle(clock)
    assert throttle.allow_request(_person(), None) is False
    assert throttle.wait() == pytest.approx(60.0)  # the whole window, then the last one fades
    # Refused requests were not counted: 5 in the current window, not 8.
    clock.now += 60
    assert _throttle(clock).estimate() == 0  # not asked yet: nothing read
    fresh = _throttle(clock)
    assert fresh.allow_request(_person(), None) is False  # the previous 5 weigh fully at t=0
    assert fresh._previous == 5


def test_the_previous_window_weighs_by_how_much_of_it_is_within_one_period() -> None:
    clock = Clock()
    assert _asks(clock, 5) == [True] * 5
    clock.now = START + 60 + 30  # half-way the next window: the previous 5 count as 2.5
    assert _asks(clock, 4) == [True, True, True, False]
    throttle = _throttle(clock)
    assert throttle.allow_request(_person(), None) is False
    # 3 + 5 x (1 - (30 + t) / 60) < 5 from t = 6 s on.
    assert throttle.wait() == pytest.approx(6.0)
    clock.now = START + 180  # two periods later nothing counts
    assert _asks(clock, 5) == [True] * 5


def test_callers_are_counted_apart_and_anonymous_callers_by_address() -> None:
    clock = Clock()
    assert _asks(clock, 6, pk=1) == [True] * 5 + [False]
    assert _asks(clock, 1, pk=2) == [True]
    anon = AnonRateThrottle()
    anon.rate, anon.timer = "1/min", clock
    anon.num_requests, anon.duration = anon.parse_rate(anon.rate)
    visitor = SimpleNamespace(
        user=SimpleNamespace(is_authenticated=False),
        META={"REMOTE_ADDR": "10.0.0.9"},
        headers={},
    )
    assert anon.allow_request(visitor, None) is True
    assert anon.allow_request(visitor, None) is False
    # A signed-in caller is not counted by the anonymous limit.
    assert anon.allow_request(_person(), None) is True
