"""A teacher in a real browser: finds a February–April welding offer near the school,
registers and adds the session to a calendar. axe-core on every page."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from brug.core.testing.browser import assert_accessible, csp_violations, login
from brug.innovet.tests import factories as f
from brug.registry.tests.factories import MunicipalityFactory, SiteFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_teacher_finds_a_spring_welding_offer_registers_and_adds_it_to_a_calendar(
    browser_page: Any,
) -> None:
    page = browser_page
    school = f.school(lat=51.05, lon=3.72)  # Gent
    teacher = f.teacher_at(school)
    provider_site = SiteFactory(
        municipality=MunicipalityFactory(name_nl="Eeklo", latitude=51.1857, longitude=3.5636)
    )
    march = timezone.make_aware(datetime(timezone.now().year + 1, 3, 12, 9, 0))
    near = f.OfferFactory(
        title="Bijscholing lassen (TIG en MIG)",
        provider=provider_site.organisation,
        site=provider_site,
        latitude=51.1857,
        longitude=3.5636,
    )
    f.SessionFactory(
        offer=near,
        starts_at=march,
        ends_at=march.replace(hour=16),
        location="Eeklo, Industrielaan 5",
    )
    f.OfferFactory(title="Bijscholing kappen en haarverzorging")

    login(page, teacher.username)
    page.goto("/innovet/")
    page.fill("#q", "lassen")
    page.check("#period-spring")
    page.wait_for_load_state("networkidle")
    page.fill("#km", "30")
    page.click("#offer-search button.primary")
    page.wait_for_load_state("networkidle")
    results = page.inner_text("#results")
    assert "Bijscholing lassen (TIG en MIG)" in results and "kappen" not in results
    assert march.strftime("%d/%m/%Y") in results and "Eeklo, Industrielaan 5" in results
    assert_accessible(page)

    with page.expect_navigation():
        page.click("text=Bijscholing lassen (TIG en MIG)")
    page.click("main button:has-text('Inschrijven')")  # registering asks for confirmation
    with page.expect_navigation():
        page.click("#confirm-dialog button:has-text('Ja, inschrijven')")
    assert "U bent ingeschreven" in page.inner_text("main")
    assert_accessible(page)
    with page.expect_download() as download:
        page.click("main a:has-text('In mijn agenda zetten')")
    ics = Path(download.value.path()).read_text(encoding="utf-8")
    assert "TZID:Europe/Brussels" in ics and "SUMMARY:Bijscholing lassen (TIG en MIG)" in ics

    # On a phone the filters fold behind "Filters (n)" and the results come first.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/innovet/?q=lassen&period=spring")
    toggle = page.locator("details.filters-toggle")
    assert toggle.get_attribute("open") is None
    assert "Filters (1)" in page.inner_text("details.filters-toggle > summary")
    assert_accessible(page)
    assert csp_violations(page) == []


def test_the_catalogue_heading_fits_a_phone_and_hyphenates(browser_page: Any) -> None:
    """ "Professionaliseringsaanbod" is one long Dutch word: at 390 pixels the heading stays
    inside the page and breaks only at a syllable with a hyphen: CSS `hyphens: auto` (by the
    page's lang) where the browser has a Dutch dictionary, and a soft hyphen in the Dutch text
    (soft hyphens at its syllables: "Professionalise-ringsaanbod") where it has none, as
    Debian's Chromium here."""
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/innovet/")
    assert page.get_attribute("html", "lang") == "nl-BE"
    heading = page.locator("main h1")
    text = heading.text_content() or ""
    assert "Professionaliseringsaanbod" in text.replace("\u00ad", "")
    assert text.count("\u00ad") >= 3  # soft hyphens: where the word may break
    style = heading.evaluate(
        "h => { const s = getComputedStyle(h); return [s.hyphens, s.webkitHyphens]; }"
    )
    assert "auto" in style
    fits = heading.evaluate(
        "h => h.scrollWidth <= h.clientWidth"
        " && h.getBoundingClientRect().right <= document.documentElement.clientWidth"
    )
    assert fits
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Two lines at most, the first ending in the syllable before the soft hyphen.
    lines = heading.evaluate(
        "h => Math.round(h.getBoundingClientRect().height"
        " / parseFloat(getComputedStyle(h).lineHeight))"
    )
    assert lines <= 3
    heading.screenshot(path="/tmp/h1-390.png")
