"""Root conftest: fixtures every app's tests share.

The browser fixtures are registered once here: a session-scoped Chromium imported into two
apps' conftests would be two fixtures, and the second Playwright could not start inside the
first one's event loop.
"""

pytest_plugins = ["brug.core.testing.browser", "brug.core.testing.smtp"]
