"""Every page of every demo role, in Dutch and in English, at 390 and 1280 pixels wide.

One test per demo login the small demo set creates (parametrized, so pytest-xdist spreads the
roles over its workers). Each collects the pages reachable from the role's menu and home page
(links on the same site, then one level further), deduplicated by URL pattern: a detail page
(`/x/<id>/`) counts once per pattern and role, and every role checks every pattern it reaches.
A search form (a GET form in the page) counts as one more page: its results for a query.
`BRUG_ALL_PAGES_BUDGET` caps the patterns per role for a quick local run (`0`, the default: no
cap); `BRUG_ALL_PAGES_ROLES` narrows the roles. On each page, loaded once per language, at 1280
and then at 390 pixels (the viewport resized, not reloaded), the test asserts:

* no horizontal overflow (`document.documentElement.scrollWidth <= innerWidth`);
* no serious or critical axe-core violation (the WCAG 2.x A/AA rules and axe's best practices);
* no "---------" (Django's empty choice) and no raw key (snake_case token, seed file name);
* no text of the other language.

The demo set is built once per worker and restored from a snapshot for each role
(`core/testing/snapshot.py`). Screenshots go to `.artifacts/screens/<role>/` (git-ignored; the
path is printed); `BRUG_SCREENSHOTS=0` skips them (CI does). All problems of a role's pages
are reported together at the end, and written to `.artifacts/all-pages/<role>.txt` with the
list of pages checked.
"""

from __future__ import annotations

import io
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command

from brug.core.demo import DEMO_PASSWORD
from brug.core.testing.browser import (
    BLOCKING_IMPACTS,
    _axe_source,
    assert_accessible,
    csp_violations,
    login,
)
from brug.core.testing.pages import (
    empty_choice_markers,
    other_language_phrases,
    raw_keys,
    same_site_links,
    url_pattern_key,
)
from brug.core.testing.snapshot import DatabaseSnapshot
from brug.registry.demo import DEMO_LOGINS

LANGUAGE_CHECKS = True

WIDTHS = (1280, 390)
LANGUAGES = ("nl", "en")
ARTIFACTS = Path(__file__).resolve().parents[4] / ".artifacts" / "screens"
REPORTS = ARTIFACTS.parent / "all-pages"
# The demo roles the test walks through (all by default; a comma-separated list narrows it).
ROLES_ENV = "BRUG_ALL_PAGES_ROLES"
BUDGET_ENV = "BRUG_ALL_PAGES_BUDGET"
# Links followed from the home page and menu (depth 1) and from those pages (depth 2).
MAX_DEPTH = 2
# What a search form is sent with: a word the demo set's names and descriptions contain.
SEARCH_TERM = "bouw"
# The axe-core rules that matter here: WCAG 2.0-2.2 A and AA, and axe's best practices.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")

# Visible text of the page, without elements in another language on purpose (the language
# switch says "English" on a Dutch page) and without what is hidden from everyone.
VISIBLE_TEXT_JS = """() => {
  const lang = document.documentElement.lang.slice(0, 2);
  const skip = el => (el.closest('[lang]') && el.closest('[lang]').lang.slice(0, 2) !== lang)
    || el.closest('script, style, template, [hidden], [aria-hidden=true]');
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim() || skip(node.parentElement)) continue;
    out.push(node.textContent.trim());
  }
  for (const el of document.querySelectorAll('option, input[type=submit], [aria-label]')) {
    if (skip(el)) continue;
    out.push(el.getAttribute('aria-label') || el.textContent || el.value || '');
  }
  return out.join('\\n');
}"""
# A form that offers an action with nothing to choose from ("no empty action form").
EMPTY_ACTION_JS = """() => [...document.querySelectorAll('main form[method=post] select')]
  .filter(s => ![...s.options].some(o => o.value !== ''))
  .map(s => s.name || s.id)"""
OVERFLOW_JS = """() => {
  const doc = document.documentElement;
  const wide = [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > innerWidth + 1
      && !el.closest('.table-region, [role=region][tabindex]'))
    .slice(0, 3)
    .map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : ''));
  return {scroll: doc.scrollWidth, inner: innerWidth, wide};
}"""
# After a resize: two animation frames, so the new layout has been computed and painted.
SETTLE_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
# The address each search form (GET) of the page leads to, sent with its first empty text field
# filled in and every other field as the page offers it.
SEARCH_FORMS_JS = """term => [...document.querySelectorAll('main form')]
  .filter(f => (f.getAttribute('method') || 'get').toLowerCase() === 'get')
  .map(f => {
    const data = new FormData(f);
    const text = [...f.elements].find(e => e.name && !e.value
      && ['search', 'text'].includes(e.type));
    if (text) data.set(text.name, term);
    for (const [k, v] of [...data.entries()]) if (v === '') data.delete(k);
    const query = new URLSearchParams(data).toString();
    return query ? (f.getAttribute('action') || location.pathname) + '?' + query : null;
  })
  .filter(Boolean)"""
# Each page is looked at in one round trip to the browser per width instead of one per check
# (the same snippets as above, called in the same order): at the width it was loaded at, its
# text, its forms, the overflow, axe-core and, when the crawl goes on from it, its links and
# search forms; after the resize, the layout settled, the overflow and axe-core again.
FIRST_LOOK_JS = f"""async ({{axeOptions, linkSelector, term, resized}}) => {{
  if (typeof window.axe === 'undefined') return null;
  if (resized) await ({SETTLE_JS})();
  const text = ({VISIBLE_TEXT_JS})();
  const empty = ({EMPTY_ACTION_JS})();
  const overflow = ({OVERFLOW_JS})();
  const violations = (await axe.run(document, axeOptions)).violations;
  const hrefs = linkSelector
    ? [...document.querySelectorAll(linkSelector)].map(e => e.getAttribute('href')) : [];
  const searches = linkSelector ? ({SEARCH_FORMS_JS})(term) : [];
  return {{text, empty, overflow, violations, hrefs, searches}};
}}"""
RESIZED_LOOK_JS = f"""async axeOptions => {{
  if (typeof window.axe === 'undefined') return null;
  await ({SETTLE_JS})();
  const overflow = ({OVERFLOW_JS})();
  const violations = (await axe.run(document, axeOptions)).violations;
  return {{overflow, violations}};
}}"""


@dataclass
class Walk:
    role: str
    checked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _budget() -> int:
    return int(os.environ.get(BUDGET_ENV, "0"))


def _roles() -> list[str]:
    wanted = [w for w in os.environ.get(ROLES_ENV, "").split(",") if w]
    return [r for r in DEMO_LOGINS if not wanted or r in wanted or DEMO_LOGINS[r] in wanted]


def _log_in(page: Any, username: str) -> None:
    page.goto("/aanmelden/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button.primary")
    page.wait_for_load_state("load")
    if "/aanmelden/" in page.url:
        raise AssertionError(f"demo login {username} failed")


def _set_language(page: Any, base_url: str, language: str) -> None:
    # The site's own mechanism: the language switch stores Django's language cookie.
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])


def _look(page: Any, script: str, argument: Any) -> dict[str, Any]:
    """Evaluate one of the batched looks; axe-core comes with the walk's context (an init
    script), and is put into the page first should it be missing."""
    result: dict[str, Any] | None = page.evaluate(script, argument)
    if result is None:
        page.evaluate(_axe_source() + "\n;undefined")
        result = page.evaluate(script, argument)
    assert result is not None, "axe-core could not be loaded into the page"
    return result


def _layout_problems(
    walk: Walk, where: str, width: int, overflow: dict[str, Any], violations: list[Any]
) -> None:
    if overflow["scroll"] > overflow["inner"]:
        walk.problems.append(
            f"{where} @{width}: horizontal overflow {overflow['scroll']}px > "
            f"{overflow['inner']}px ({', '.join(overflow['wide'])})"
        )
    for v in violations:
        if v.get("impact") in BLOCKING_IMPACTS:
            targets = [", ".join(n.get("target", [])) for n in v.get("nodes", [])[:3]]
            walk.problems.append(f"{where} @{width}: axe {v['id']} ({v['impact']}) {targets}")


def check_page(
    page: Any,
    *,
    path: str,
    language: str,
    shots: Path | None,
    walk: Walk,
    link_selector: str | None = None,
) -> tuple[list[str], list[str]]:
    """The checks on the loaded page at every width (the page is loaded once per language and
    resized from one width to the next). With `link_selector`, also returns the `href`s of the
    page's links matching the selector and the addresses of its search forms, read at the
    first width, for the crawl to follow."""
    where = f"[{walk.role} {language}] {path}"
    axe_options = {"resultTypes": ["violations"], "runOnly": {"type": "tag", "values": AXE_TAGS}}
    hrefs: list[str] = []
    searches: list[str] = []
    for i, width in enumerate(WIDTHS):
        resized = page.viewport_size["width"] != width
        if resized:
            page.set_viewport_size({"width": width, "height": 900})
        if i > 0:
            look = _look(page, RESIZED_LOOK_JS, axe_options)
        else:
            look = _look(
                page,
                FIRST_LOOK_JS,
                {
                    "axeOptions": axe_options,
                    "linkSelector": link_selector,
                    "term": SEARCH_TERM,
                    "resized": resized,
                },
            )
            text = look["text"]
            if n := empty_choice_markers(text):
                walk.problems.append(f'{where}: "---------" {n}x')
            if keys := raw_keys(text):
                walk.problems.append(f"{where}: raw keys {keys[:8]}")
            if look["empty"]:
                walk.problems.append(f"{where}: action form with an empty list {look['empty']}")
            if LANGUAGE_CHECKS and (leaks := other_language_phrases(text, language)):
                walk.problems.append(f"{where}: other language {leaks[:8]}")
            hrefs, searches = look["hrefs"], look["searches"]
        _layout_problems(walk, where, width, look["overflow"], look["violations"])
        if shots is not None:
            name = re.sub(r"[^a-zA-Z0-9]+", "-", path).strip("-") or "home"
            page.screenshot(
                path=str(shots / f"{name[:80]}-{language}-{width}.png"),
                full_page=page.evaluate("document.body.scrollHeight") < 8000,
            )
    return hrefs, searches


def page_key(path: str, resolve_key: Callable[[str], str | None] = url_pattern_key) -> str | None:
    """What makes a page a page of its own: its URL pattern; a search (a query with a text
    field filled in by `SEARCH_FORMS_JS`) is one more page of that pattern."""
    key = resolve_key(path.split("?")[0])
    if key is not None and SEARCH_TERM in urlsplit(path).query:
        return f"{key}?search"
    return key


def walk_role(
    browser: Any,
    base_url: str,
    role: str,
    username: str,
    *,
    budget: int,
    shots_root: Path | None,
    resolve_key: Callable[[str], str | None] = url_pattern_key,
) -> Walk:
    """Log in as one demo role and check the pages its menu and home page lead to."""
    walk = Walk(role)
    context = browser.new_context(base_url=base_url, locale="nl-BE")
    context.set_default_timeout(20_000)
    # axe-core in every page of the walk from the start (through the DevTools protocol, as
    # `axe_violations` puts it in, so the page's Content-Security-Policy does not apply), sent
    # to the browser once instead of once per page load.
    context.add_init_script(script=_axe_source())
    page = context.new_page()
    shots = None
    if shots_root is not None:
        shots = shots_root / role
        shots.mkdir(parents=True, exist_ok=True)
    try:
        _log_in(page, username)
        queue: list[tuple[str, int]] = [("/", 0)]
        keys: set[str] = set()
        while queue and (budget == 0 or len(walk.checked) < budget):
            path, depth = queue.pop(0)
            key = page_key(path, resolve_key)
            if key is None or key in keys:
                continue
            keys.add(key)
            links: list[str] = []
            for language in LANGUAGES:
                _set_language(page, base_url, language)
                page.set_viewport_size({"width": WIDTHS[0], "height": 900})
                response = page.goto(path)
                status = response.status if response is not None else 0
                if status >= 400:
                    walk.problems.append(f"[{role} {language}] {path}: HTTP {status}")
                    break
                selector = None
                if language == LANGUAGES[0] and depth < MAX_DEPTH:
                    selector = "nav.main-nav a, main a" if depth == 0 else "main a"
                hrefs, searches = check_page(
                    page,
                    path=path,
                    language=language,
                    shots=shots,
                    walk=walk,
                    link_selector=selector,
                )
                if selector is not None:
                    links = same_site_links(hrefs, base_url) + searches
            walk.checked.append(path)
            queue.extend((link, depth + 1) for link in links)
    finally:
        context.close()
    return walk


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup: None, django_db_blocker: Any) -> Iterator[DatabaseSnapshot]:
    """The `small` demo set (seed 1), built once per test process and kept as a snapshot; the
    database is emptied again right away, so other tests never see it."""
    email_backend = settings.EMAIL_BACKEND
    with django_db_blocker.unblock():
        call_command("demo_data", scale="small", seed=1, no_progress=True, stdout=io.StringIO())
        snapshot = DatabaseSnapshot.take()
        call_command("flush", interactive=False, verbosity=0)
    # `demo-data` silences e-mail for the demo; the tests after this one expect the outbox.
    settings.EMAIL_BACKEND = email_backend
    yield snapshot
    snapshot.close()


@pytest.fixture
def demo_database(transactional_db: None, demo_snapshot: DatabaseSnapshot) -> None:
    """The demo set in this test's (transactional) database."""
    demo_snapshot.restore()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", _roles())
def test_every_page_of_a_demo_role(
    role: str, chromium: Any, live_server: Any, demo_database: None
) -> None:
    started = time.monotonic()
    shots_root = None if os.environ.get("BRUG_SCREENSHOTS") == "0" else ARTIFACTS
    if shots_root is not None:
        print(f"\nScreenshots: {shots_root / role}")
    walk = walk_role(
        chromium,
        live_server.url,
        role,
        DEMO_LOGINS[role],
        budget=_budget(),
        shots_root=shots_root,
    )
    summary = (
        f"{role}: checked {len(walk.checked)} pages in {len(LANGUAGES)} languages "
        f"at {len(WIDTHS)} widths in {time.monotonic() - started:.0f} s."
    )
    # What was checked and found, per role, also while the other roles are still running.
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"{role}.txt").write_text(
        "\n".join([summary, *walk.checked, "", *walk.problems, ""]), encoding="utf-8"
    )
    print(summary)
    assert walk.checked, f"{role}: no page reached"
    assert not walk.problems, "\n".join(walk.problems)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_menu_folds_behind_a_button_on_a_phone(browser_page: Any) -> None:
    from brug.accounts.tests.factories import user_with_role

    page = browser_page
    login(page, user_with_role("consultant").username)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    toggle = page.locator(".nav-toggle")
    menu = page.locator("#main-menu")
    assert toggle.is_visible() and not menu.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    # The page title is in the first screen on a phone.
    box = page.locator("h1").bounding_box()
    assert box is not None and box["y"] + box["height"] < 844 / 2
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true" and menu.is_visible()
    page.click("#main-menu summary >> nth=0")
    assert page.locator("#main-menu details[open] a").first.is_visible()
    page.keyboard.press("Escape")
    assert page.locator("#main-menu details[open]").count() == 0
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not toggle.is_visible() and menu.is_visible()
    assert csp_violations(page) == []
