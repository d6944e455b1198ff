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


def _run_order(item: pytest.Item) -> int:
    """The long tests first: the all-pages walk (one test per role, 10 s to minutes each), then
    the other browser and live-server tests, then everything else in file order."""
    if "test_browser_all_pages" in item.nodeid and "::test_every_page_" in item.nodeid:
        return 0
    if item.get_closest_marker("browser") or item.nodeid.startswith("tests/test_api_fuzz.py"):
        return 1
    return 2


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the long tests first. `pytest -n 2` hands tests out in collection order; when a
    minutes-long test is among the last ones handed out, one worker runs it alone at the end
    while the other has finished. Long tests first, short ones last, the two workers end
    together (the sort is stable, so each group keeps its order, the same on every worker)."""
    items.sort(key=_run_order)


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
