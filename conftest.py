"""Root conftest: fixtures every app's tests share.

The browser fixtures are registered once here: a session-scoped Chromium imported into two
apps' conftests would be two fixtures, and the second Playwright could not start inside the
first one's event loop.
"""

from __future__ import annotations

import subprocess
import zlib
from collections.abc import Iterator
from pathlib import Path

import factory.random
import pytest

pytest_plugins = [
    "brug.core.testing.browser",
    "brug.core.testing.object_store",
    "brug.core.testing.smtp",
]


def pytest_configure(config: pytest.Config) -> None:
    """Compile the translation catalogues when a .po is newer than its .mo (as `make install`
    does), so `pytest` run directly renders Dutch. Only the controller does it, once."""
    if hasattr(config, "workerinput"):
        return
    for po in Path(__file__).parent.glob("src/brug/locale/*/LC_MESSAGES/django.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], check=True)  # noqa: S603, S607


def seed_for(nodeid: str) -> int:
    """A stable seed from a test's id: the same test draws the same data on every run, in
    every worker and in any order (Python's `hash` is salted per process, crc32 is not)."""
    return zlib.crc32(nodeid.encode("utf-8"))


@pytest.fixture(autouse=True)
def _seed_generated_data(request: pytest.FixtureRequest) -> None:
    """Seed factory-boy's random and Faker (which share one generator) per test."""
    factory.random.reseed_random(seed_for(request.node.nodeid))


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A request in English leaves English active in the thread: every test starts in Dutch."""
    from django.utils import translation

    translation.activate("nl")
    yield
    translation.activate("nl")


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """API rate limits count in the cache: every test starts with none used."""
    from django.core.cache import cache

    cache.clear()
