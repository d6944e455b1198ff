"""The guide in a real browser: finds a place from the learner's page and puts the learner
forward; saves a search and gets an alert when a matching opening is published. axe-core on
every page and no Content-Security-Policy refusal."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from brug.core.models import Notification, SavedSearch
from brug.core.testing.browser import assert_accessible, csp_violations, login
from brug.registry.tests import factories as rf
from brug.workplace import models as m
from brug.workplace import services
from brug.workplace.tests import factories as f
from brug.workplace.tests.world import World, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _setting() -> tuple[World, Any, Any]:
    world = build_world(n_competences=1)
    eeklo = rf.MunicipalityFactory(name_nl="Eeklo", latitude=51.1857, longitude=3.5636)
    gent = rf.MunicipalityFactory(name_nl="Gent", latitude=51.0543, longitude=3.7174)
    site = rf.SiteFactory(organisation=world.company, municipality=gent)
    rec = f.RecognisedFactory(
        company=world.company, site=site, programme=world.programme, partnership=world.partnership
    )
    return world, eeklo, rec


def _publish(world: World, rec: Any) -> m.Opening:
    return services.opening_create(
        actor=world.company_user,
        workplace=rec,
        kind="dual",
        start=f.TODAY + timedelta(days=5),
        end=f.TODAY + timedelta(days=100),
        capacity=2,
        publish=True,
    )


def test_guide_finds_and_proposes_a_place_from_the_learner_page(browser_page: Any) -> None:
    page = browser_page
    world, eeklo, rec = _setting()
    opening = _publish(world, rec)
    learner = services.learner_register(
        actor=world.guide,
        school=world.school,
        programme=world.programme,
        grade=3,
        home_municipality=eeklo,
        first_name="Noor",
        last_name="Geheim",
    )
    login(page, world.guide.username)
    page.goto(f"/werkplekleren/lerenden/{learner.pk}/")
    with page.expect_navigation():
        page.click("text=Zoek een plaats voor deze lerende")
    assert page.input_value("#id_place") == "Eeklo"
    assert "Resultaten (1)" in page.inner_text("main")
    assert_accessible(page)
    with page.expect_navigation():
        page.click("main button:has-text('Lerende voordragen')")
    assert "Kandidatuur ingediend." in page.inner_text("main")
    assert_accessible(page)
    assert m.Application.objects.filter(learner=learner, opening=opening).exists()
    assert csp_violations(page) == []


def test_guide_saves_a_search_and_gets_an_alert_when_an_opening_is_published(
    browser_page: Any,
) -> None:
    page = browser_page
    world, _eeklo, rec = _setting()
    login(page, world.guide.username)
    page.goto(f"/werkplekleren/zoeken/?programme={world.programme.pk}&place=Eeklo&radius=30")
    assert "Geen plaatsen gevonden" in page.inner_text("main")
    assert_accessible(page)
    page.click("text=Deze zoekopdracht bewaren")
    page.fill("#id_name", "Bouw binnen 30 km van Eeklo")
    page.select_option("#id_mail", "daily")
    with page.expect_navigation():
        page.click("main button:has-text('Zoekopdracht bewaren')")
    assert "Bouw binnen 30 km van Eeklo" in page.inner_text("main")
    assert_accessible(page)
    assert SavedSearch.objects.filter(owner=world.guide, mail="daily").count() == 1

    opening = _publish(world, rec)  # the company publishes; the alert follows the commit
    page.goto("/meldingen/")
    main = page.inner_text("main")
    assert "Bouw binnen 30 km van Eeklo" in main
    assert_accessible(page)
    note = Notification.objects.get(recipient=world.guide)
    assert note.url.endswith(f"/plaatsen/{opening.pk}/")
    page.goto("/")
    assert Notification.objects.filter(recipient=world.guide, read_at__isnull=False).count() == 1
    assert csp_violations(page) == []
