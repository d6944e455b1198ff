"""Browser tests: Playwright driving Debian's Chromium, with axe-core for accessibility.

The fixtures are registered once for the whole suite by the root `conftest.py`
(`pytest_plugins = ["brug.core.testing.browser"]`).

Chromium comes from apt (`/usr/bin/chromium`); no browser is downloaded. Without it the tests
skip with a clear message. Mark browser tests `@pytest.mark.browser`.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")
TEST_PASSWORD = "brug-test-pass"  # noqa: S105 - the password of UserFactory in tests


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium not found at /usr/bin/chromium: apt-get install chromium")
    # live_server and Playwright's sync API both run an event loop in this process.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium: Any, live_server: Any) -> Iterator[Any]:
    """A fresh page (new browser context, so no cookies) whose base URL is the live server."""
    context = chromium.new_context(base_url=live_server.url, locale="nl-BE")
    context.set_default_timeout(15_000)
    page = context.new_page()
    # Every Content-Security-Policy refusal the browser reports (see csp_violations).
    page._brug_csp_violations = []
    page.on(
        "console",
        lambda message: (
            page._brug_csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()


def open_menu_item(page: Any, text: str) -> None:
    """Follow a menu link by its text; a link inside a closed menu group (or the folded phone
    menu) is reached the way a person does: by opening the group first."""
    link = page.locator("nav a", has_text=text).first
    if not link.is_visible():
        toggle = page.locator(".menu-toggle, button[aria-controls]").first
        if (
            toggle.count()
            and toggle.is_visible()
            and toggle.get_attribute("aria-expanded") == "false"
        ):
            toggle.click()
        group = link.locator("xpath=ancestor::details[1]/summary")
        if group.count():
            group.click()
    link.click()


def click_and_confirm(page: Any, selector: str) -> None:
    """Press a button whose action asks first (`data-confirm`) and answer yes in the page's
    confirm dialog; wait for the page the form leads to."""
    page.click(selector)
    with page.expect_navigation():
        page.click("#confirm-dialog button[value=confirm]")
    page.wait_for_load_state("networkidle")


def login(page: Any, username: str, password: str = TEST_PASSWORD) -> None:
    """Log in through the login form, starting from a clean session."""
    page.context.clear_cookies()
    page.goto("/aanmelden/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button.primary")
    page.wait_for_load_state("networkidle")
    if "/aanmelden/" in page.url:
        raise AssertionError(f"Login failed for {username}")


def csp_violations(page: Any) -> list[str]:
    """The Content-Security-Policy refusals the browser logged on this page so far."""
    return list(getattr(page, "_brug_csp_violations", []))


def axe_violations(page: Any, tags: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """axe-core's violations on the page: every rule, or only the rules with one of `tags`."""
    # Evaluated through the DevTools protocol, not as an inline <script>, which the page's
    # Content-Security-Policy (script-src 'self') rightly refuses.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source() + "\n;undefined")
    options: dict[str, Any] = {"resultTypes": ["violations"]}
    if tags:
        options["runOnly"] = {"type": "tag", "values": list(tags)}
    result: dict[str, Any] = page.evaluate(
        "async options => await axe.run(document, options)", options
    )
    return list(result["violations"])


@functools.cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def assert_accessible(page: Any) -> None:
    """Fail on any axe-core violation of impact serious or critical, listing each."""
    blocking = [v for v in axe_violations(page) if v.get("impact") in BLOCKING_IMPACTS]
    if blocking:
        lines = [f"Accessibility violations on {page.url}:"]
        for v in blocking:
            lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
            for node in v.get("nodes", [])[:5]:
                lines.append(
                    f"    {', '.join(node.get('target', []))}: {node.get('failureSummary', '')}"
                )
        message = "\n".join(lines)
        print(message)
        pytest.fail(message)
