"""Root conftest: fixtures every app's tests share.

The browser fixtures are registered once here: a session-scoped Chromium imported into two
apps' conftests would be two fixtures, and the second Playwright could not start inside the
first one's event loop.
"""

pytest_plugins = ["brug.core.testing.browser"]


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """API rate limits count in the cache: every test starts with none used."""
    from django.core.cache import cache

    cache.clear()
