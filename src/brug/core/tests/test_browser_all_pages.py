"""Every page of every demo role, in Dutch and in English, at 390 and 1280 pixels wide.

For each demo login the small demo set creates, the test collects the pages reachable from the
role's menu and home page (links on the same site, then one level further, deduplicated by URL
pattern, at most `BRUG_ALL_PAGES_BUDGET` patterns per role: 6 by default, `0` for no limit; a
pattern for at most `BRUG_ALL_PAGES_ROLES_PER_PATTERN` roles: 2 by default, `0` for every role),
and on each page, in each language and at each width, asserts:

* no horizontal overflow (`document.documentElement.scrollWidth <= innerWidth`);
* no serious or critical axe-core violation;
* no "---------" (Django's empty choice) and no raw key (snake_case token, seed file name);
* with `LANGUAGE_CHECKS` (after the gettext conversion lands): no text of the other language.

Screenshots go to `.artifacts/screens/<role>/` (git-ignored; the path is printed); set
`BRUG_SCREENSHOTS=0` to skip them. All problems of all pages are reported together at the end.
"""

from __future__ import annotations

import io
import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from brug.core.demo import DEMO_PASSWORD
from brug.core.testing.browser import (
    BLOCKING_IMPACTS,
    assert_accessible,
    axe_violations,
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

# Flip to True once the gettext conversion (branch i18n) is merged: until then Dutch pages
# still carry English fragments on purpose-built pairs, and the other way round.
LANGUAGE_CHECKS = True

WIDTHS = (1280, 390)
LANGUAGES = ("nl", "en")
ARTIFACTS = Path(__file__).resolve().parents[4] / ".artifacts" / "screens"
# The demo roles the test walks through (all by default; a comma-separated list narrows it).
ROLES_ENV = "BRUG_ALL_PAGES_ROLES"
BUDGET_ENV = "BRUG_ALL_PAGES_BUDGET"
DEFAULT_BUDGET = 6
PER_PATTERN_ENV = "BRUG_ALL_PAGES_ROLES_PER_PATTERN"
DEFAULT_ROLES_PER_PATTERN = 2

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


@dataclass
class Walk:
    role: str
    checked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _budget() -> int:
    return int(os.environ.get(BUDGET_ENV, DEFAULT_BUDGET))


def _roles_per_pattern() -> int:
    return int(os.environ.get(PER_PATTERN_ENV, DEFAULT_ROLES_PER_PATTERN)) or 10_000


def _roles() -> list[str]:
    from brug.registry.demo import DEMO_LOGINS

    wanted = os.environ.get(ROLES_ENV, "")
    roles = list(DEMO_LOGINS)
    if wanted:
        roles = [r for r in roles if r in wanted.split(",") or DEMO_LOGINS[r] in wanted.split(",")]
    return roles


def _hrefs(page: Any, selector: str) -> list[str]:
    return list(page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))"))


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


def check_page(page: Any, *, path: str, language: str, shots: Path | None, walk: Walk) -> None:
    """The checks on the loaded page at every width (the page is loaded once per language)."""
    where = f"[{walk.role} {language}] {path}"
    text = page.evaluate(VISIBLE_TEXT_JS)
    if n := empty_choice_markers(text):
        walk.problems.append(f'{where}: "---------" {n}x')
    if keys := raw_keys(text):
        walk.problems.append(f"{where}: raw keys {keys[:8]}")
    if empty := page.evaluate(EMPTY_ACTION_JS):
        walk.problems.append(f"{where}: action form with an empty list {empty}")
    if LANGUAGE_CHECKS and (leaks := other_language_phrases(text, language)):
        walk.problems.append(f"{where}: other language {leaks[:8]}")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate(OVERFLOW_JS)
        if overflow["scroll"] > overflow["inner"]:
            walk.problems.append(
                f"{where} @{width}: horizontal overflow {overflow['scroll']}px > "
                f"{overflow['inner']}px ({', '.join(overflow['wide'])})"
            )
        for v in axe_violations(page):
            if v.get("impact") in BLOCKING_IMPACTS:
                targets = [", ".join(n.get("target", [])) for n in v.get("nodes", [])[:3]]
                walk.problems.append(f"{where} @{width}: axe {v['id']} ({v['impact']}) {targets}")
        if shots is not None:
            name = re.sub(r"[^a-zA-Z0-9]+", "-", path).strip("-") or "home"
            page.screenshot(
                path=str(shots / f"{name[:80]}-{language}-{width}.png"),
                full_page=page.evaluate("document.body.scrollHeight") < 8000,
            )


def walk_role(
    browser: Any,
    base_url: str,
    role: str,
    username: str,
    *,
    budget: int,
    shots_root: Path | None,
    seen_everywhere: Counter[str],
    resolve_key: Callable[[str], str | None] = url_pattern_key,
) -> Walk:
    """Log in as one demo role and check the pages its menu and home page lead to."""
    walk = Walk(role)
    context = browser.new_context(base_url=base_url, locale="nl-BE")
    context.set_default_timeout(20_000)
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
            key = resolve_key(path.split("?")[0])
            if key is None or key in keys:
                continue
            keys.add(key)
            # A page pattern is checked for at most `BRUG_ALL_PAGES_ROLES_PER_PATTERN` roles (the
            # home page for every role): the same template rarely breaks only for a third role.
            if key != "home" and seen_everywhere[key] >= _roles_per_pattern():
                continue
            seen_everywhere[key] += 1
            links: list[str] = []
            for language in LANGUAGES:
                _set_language(page, base_url, language)
                page.set_viewport_size({"width": WIDTHS[0], "height": 900})
                response = page.goto(path)
                status = response.status if response is not None else 0
                if status >= 400:
                    walk.problems.append(f"[{role} {language}] {path}: HTTP {status}")
                    break
                check_page(page, path=path, language=language, shots=shots, walk=walk)
                if language == LANGUAGES[0]:
                    selector = "nav.main-nav a, main a" if depth == 0 else "main a"
                    links = same_site_links(_hrefs(page, selector), base_url)
            walk.checked.append(path)
            if depth < 2:
                queue.extend((link, depth + 1) for link in links)
    finally:
        context.close()
    return walk


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_page_of_every_demo_role(chromium: Any, live_server: Any) -> None:
    from brug.registry.demo import DEMO_LOGINS

    call_command("demo_data", scale="small", seed=1, no_progress=True, stdout=io.StringIO())
    shots_root = None if os.environ.get("BRUG_SCREENSHOTS") == "0" else ARTIFACTS
    if shots_root is not None:
        print(f"\nScreenshots: {shots_root}")
    seen_everywhere: Counter[str] = Counter()
    problems: list[str] = []
    total = 0
    for role in _roles():
        walk = walk_role(
            chromium,
            live_server.url,
            role,
            DEMO_LOGINS[role],
            budget=_budget(),
            shots_root=shots_root,
            seen_everywhere=seen_everywhere,
        )
        total += len(walk.checked)
        assert walk.checked, f"{role}: no page reached"
        problems += walk.problems
    print(f"Checked {total} pages in {len(LANGUAGES)} languages at {len(WIDTHS)} widths.")
    assert not problems, "\n".join(problems)


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
