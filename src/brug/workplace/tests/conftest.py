from __future__ import annotations

import pytest

from brug.workplace.tests.world import World, build_world


@pytest.fixture
def world(db: None) -> World:
    return build_world()


# Browser fixtures (pytest_plugins only works in the root conftest, so import them here).
from brug.core.testing.browser import browser_page, chromium  # noqa: E402, F401
