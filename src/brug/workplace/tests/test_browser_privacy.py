"""The school's data-protection contact in a real browser: reads the read log, opens a
learner's data page, downloads the export and erases the learner; axe-core on every page and
no Content-Security-Policy refusal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from brug.accounts.tests.factories import user_with_role
from brug.core.testing.browser import assert_accessible, click_and_confirm, csp_violations, login
from brug.workplace import models as m
from brug.workplace import selectors
from brug.workplace.tests import factories as f
from brug.workplace.tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_data_protection_contact_reads_the_log_exports_and_erases(browser_page: Any) -> None:
    page = browser_page
    world = build_world()
    learner = f.LearnerFactory(school=world.school)
    f.LearnerIdentityFactory(learner=learner, first_name="Noor", last_name="Janssens")
    selectors.learner_identity_for(world.guide, learner, purpose="learner page")
    dpo = user_with_role("privacy_contact", organisation=world.school)

    login(page, dpo.username)
    page.goto("/werkplekleren/leeslog/")
    assert learner.pseudonym in page.inner_text("main")
    assert_accessible(page)

    page.goto(f"/werkplekleren/lerenden/{learner.pk}/")
    with page.expect_navigation():
        page.click("text=Gegevens en rechten")
    assert_accessible(page)
    with page.expect_download() as download:
        page.click("text=Gegevensbestand (JSON)")
    assert "Janssens" in Path(download.value.path()).read_text(encoding="utf-8")

    page.fill("#id_reason", "verzoek van de ouders")
    page.check("#id_confirm")
    click_and_confirm(page, "main button:has-text('Lerende wissen')")
    assert "De lerende is gewist." in page.inner_text("main")
    assert_accessible(page)
    assert not m.LearnerIdentity.objects.filter(learner=learner).exists()
    assert csp_violations(page) == []
