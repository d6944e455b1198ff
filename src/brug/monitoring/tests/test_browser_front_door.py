"""The public in a real browser: searches from the home page and reads the public radar.
axe-core on every page and no Content-Security-Policy refusal."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from brug.core.testing.browser import assert_accessible, csp_violations
from brug.workplace import services
from brug.workplace.tests import factories as f
from brug.workplace.tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_searches_from_the_home_page_and_reads_the_public_radar(
    browser_page: Any,
) -> None:
    page = browser_page
    world = build_world(n_competences=1)
    rec = f.RecognisedFactory(
        company=world.company,
        site=world.site,
        programme=world.programme,
        partnership=world.partnership,
    )
    services.opening_create(
        actor=world.company_user,
        workplace=rec,
        kind="dual",
        start=f.TODAY + timedelta(days=5),
        end=f.TODAY + timedelta(days=100),
        capacity=2,
        publish=True,
    )
    page.goto("/")
    assert "Een leerwerkplek zoeken" in page.inner_text("main")
    assert_accessible(page)
    page.select_option("#front-programme", str(world.programme.pk))
    page.fill("#front-place", world.site.municipality.name_nl)
    with page.expect_navigation():
        page.click("main button:has-text('Plaatsen zoeken')")
    assert "Resultaten (1)" in page.inner_text("main")
    assert "Lerende voordragen" not in page.inner_text("main")
    assert_accessible(page)

    page.goto("/")
    page.fill("#front-q", "lassen")
    with page.expect_navigation():
        page.click("main button:has-text('Aanbod zoeken')")
    assert page.url.endswith("/innovet/?q=lassen&province=")
    assert_accessible(page)

    page.goto("/")
    with page.expect_navigation():
        page.click("main a:has-text('Tekortenradar')")
    assert "/cijfers/open-tekorten/" in page.url
    assert "Tekortenradar" in page.inner_text("h1")
    assert_accessible(page)
    assert csp_violations(page) == []
