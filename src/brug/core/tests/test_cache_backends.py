"""`brug.core.cache_backends.RedisCache` against a real Redis (127.0.0.1:6379 unless
`BRUG_TEST_REDIS_URL` says otherwise). Where no Redis answers these tests skip, except under
`BRUG_REQUIRE_REDIS=1` (CI sets it, and `.ci/run` starts Redis), where they fail."""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from brug.core.cache_backends import RedisCache

URL = os.environ.get("BRUG_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_cache() -> Iterator[RedisCache]:
    cache = RedisCache(URL, {"KEY_PREFIX": f"brug-test-{uuid.uuid4().hex}"})
    try:
        cache.get("ping")
    except Exception as exc:  # any connection error: no Redis here
        if os.environ.get("BRUG_REQUIRE_REDIS") == "1":
            raise
        pytest.skip(f"no Redis at {URL}: {exc}")
    yield cache
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{cache.key_prefix}:*"))
    if keys:
        client.delete(*keys)


def _counting(cache: RedisCache) -> list[Any]:
    """Every command the kept client sends from now on (one entry per round trip)."""
    client = cache._cache.get_client(write=True)
    sent: list[Any] = []
    original = client.execute_command

    def execute_command(*args: Any, **options: Any) -> Any:
        sent.append(args[0])
        return original(*args, **options)

    client.execute_command = execute_command
    return sent


def test_the_client_is_kept_per_pool(redis_cache: RedisCache) -> None:
    first = redis_cache._cache.get_client(write=True)
    assert redis_cache._cache.get_client(write=True) is first
    assert redis_cache._cache.get_client(write=False) is first  # one server: the same pool


def test_it_stores_and_reads_as_djangos_backend(redis_cache: RedisCache) -> None:
    redis_cache.set("a", {"x": [1, 2]}, 30)
    assert redis_cache.get("a") == {"x": [1, 2]}
    assert redis_cache.add("a", 1) is False
    assert redis_cache.get_many(["a", "missing"]) == {"a": {"x": [1, 2]}}
    redis_cache.delete("a")
    assert redis_cache.get("a", "gone") == "gone"


def test_incr_is_one_round_trip_and_keeps_djangos_contract(redis_cache: RedisCache) -> None:
    with pytest.raises(ValueError, match="not found"):
        redis_cache.incr("counter")
    assert redis_cache.get("counter") is None  # a missing key is not created at 0
    redis_cache.add("counter", 1, 60)
    sent = _counting(redis_cache)
    assert redis_cache.incr("counter") == 2
    assert redis_cache.incr("counter", 5) == 7
    assert sent == ["EVALSHA", "EVALSHA"]  # not EXISTS and INCRBY: one round trip each
    assert redis_cache.get("counter") == 7
    assert 0 < redis_cache._cache.get_client().ttl(redis_cache.make_key("counter")) <= 60


def test_incr_from_many_threads_counts_every_one(redis_cache: RedisCache) -> None:
    redis_cache.set("shared", 0, 60)

    def count() -> None:
        for _ in range(50):
            redis_cache.incr("shared")

    threads = [threading.Thread(target=count) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert redis_cache.get("shared") == 200


def test_the_data_version_and_rate_limits_work_on_it(redis_cache: RedisCache, settings) -> None:  # type: ignore[no-untyped-def]
    """The two users of `incr` on every request or write: `caching.bump` and the sliding-window
    rate limit, run through Django's cache handler with this backend."""
    from django.core.cache import cache

    from brug.core import caching

    settings.CACHES = {
        "default": {
            "BACKEND": "brug.core.cache_backends.RedisCache",
            "LOCATION": URL,
            "KEY_PREFIX": redis_cache.key_prefix,
        }
    }
    assert caching.shared()
    before = caching.version("test-data")
    caching.bump("test-data")
    caching.bump("test-data")
    assert caching.version("test-data") == before + 2
    cache.delete(caching.PREFIX + "version:test-data")
    caching.bump("test-data")  # lost from the cache: starts again at a new value
    assert caching.version("test-data") > before + 2


def test_the_sliding_window_rate_limit_counts_on_it(redis_cache: RedisCache) -> None:
    from types import SimpleNamespace

    from brug.core.api.throttling import UserRateThrottle

    person = SimpleNamespace(user=SimpleNamespace(is_authenticated=True, pk=4242), META={})
    answers = []
    for _ in range(5):
        throttle = UserRateThrottle()
        throttle.cache = redis_cache
        throttle.rate = "3/min"
        throttle.num_requests, throttle.duration = throttle.parse_rate("3/min")
        throttle.timer = lambda: 6_000_000.0  # a window boundary: the previous window is empty
        answers.append(throttle.allow_request(person, None))
    assert answers == [True, True, True, False, False]
