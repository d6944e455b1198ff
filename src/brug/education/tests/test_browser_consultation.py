"""A consultation round as its people live it, in a real browser, with axe-core on every page:
the department shares a draft covenant's education actions, an education network advises on an
action, the sector reads the advice, the department closes the round, and the council reads its
analysis."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from brug.core.testing.browser import assert_accessible, click_and_confirm, login
from brug.education import models as m
from brug.education.tests.conftest import make_table

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _click(page: Any, label: str) -> None:
    with page.expect_navigation():
        page.click(f"main button:has-text('{label}')")
    page.wait_for_load_state("networkidle")


def test_consultation_round_from_opening_to_the_councils_analysis(browser_page: Any) -> None:
    page = browser_page
    table = make_table()
    action = table.actions[0]

    # 1. The department opens a round on the submitted covenant.
    login(page, table.department.username)
    page.goto("/onderwijsoverleg/")
    assert_accessible(page)
    page.goto("/onderwijsoverleg/nieuw/")
    assert_accessible(page)
    page.select_option("#id_covenant", str(table.covenant.pk))
    page.fill("#id_closes_on", (timezone.localdate() + dt.timedelta(days=14)).isoformat())
    page.fill("#id_note", "Graag uw advies over de acties voor leraren.")
    _click(page, "Voorleggen aan onderwijs")
    rnd = m.ConsultationRound.objects.get()
    assert page.url.endswith(f"/onderwijsoverleg/{rnd.pk}/")
    assert "Open voor advies" in page.inner_text("main")
    assert_accessible(page)

    # 2. The education network gives its advice on one action.
    login(page, table.network_user.username)
    page.goto(f"/onderwijsoverleg/{rnd.pk}/")
    assert_accessible(page)
    page.select_option(f"#id_a{action.pk}-position", "remarks")
    page.fill(f"#id_a{action.pk}-text", "Betrek ook het buitengewoon onderwijs.")
    with page.expect_navigation():
        page.click(f"#actie-{action.pk} button:has-text('Advies bewaren')")
    advice = m.Advice.objects.get()
    assert (advice.organisation, advice.position) == (table.network, "remarks")
    assert "Advies bewaard" in page.inner_text("main")

    # 3. The sector reads the advice on its own action.
    login(page, table.consultant.username)
    page.goto(f"/onderwijsoverleg/{rnd.pk}/")
    assert "Betrek ook het buitengewoon onderwijs." in page.inner_text(f"#actie-{action.pk}")
    assert_accessible(page)

    # 4. The department closes the round.
    login(page, table.department.username)
    page.goto(f"/onderwijsoverleg/{rnd.pk}/")
    click_and_confirm(page, "main button:has-text('Ronde afsluiten')")
    assert not m.ConsultationRound.objects.get().is_open

    # 5. The council reads the analysis of the generation, computed from the records.
    login(page, table.council_user.username)
    page.goto(f"/onderwijsoverleg/rapport/?generatie={table.covenant.generation.code}")
    assert_accessible(page)
    assert "Per soort actie" in page.inner_text("main")
