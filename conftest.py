"""Root conftest: fixtures every app's tests share.

The browser fixtures are registered once here: a session-scoped Chromium imported into two
apps' conftests would be two fixtures, and the second Playwright could not start inside the
first one's event loop.
"""

from __future__ import annotations

import zlib

import factory.random
import pytest

pytest_plugins = [
    "brug.core.testing.browser",
    "brug.core.testing.object_store",
    "brug.core.testing.smtp",
]


def seed_for(nodeid: str) -> int:
    """A stable seed from a test's id: the same test draws the same data on every run, in
    every worker and in any order (Python's `hash` is salted per process, crc32 is not)."""
    return zlib.crc32(nodeid.encode("utf-8"))


@pytest.fixture(autouse=True)
def _seed_generated_data(request: pytest.FixtureRequest) -> None:
    """Seed factory-boy's random and Faker (which share one generator) per test."""
    factory.random.reseed_random(seed_for(request.node.nodeid))


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """API rate limits count in the cache: every test starts with none used."""
    from django.core.cache import cache

    cache.clear()
