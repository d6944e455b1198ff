"""A school guide registers a partnership in a real browser and finds it in the register; the
department reads the learner flows with their sources. axe-core on every page."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from brug.accounts.tests.factories import user_with_role
from brug.core.testing.browser import assert_accessible, login
from brug.monitoring.context import context_load
from brug.registry import models as rm
from brug.registry.tests import factories as rf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_a_partnership_and_read_the_flows(browser_page: Any) -> None:
    page = browser_page
    rf.ProvinceFactory(nis_code="10000", name_nl="Antwerpen")
    rf.StudyDomainFactory(name="Mechanica")
    school = rf.OrganisationFactory(kind=rm.OrganisationKind.SCHOOL, name="Technisch Atheneum")
    guide = user_with_role("guide", school)
    login(page, guide.username)
    page.goto("/partnerschappen/")
    assert_accessible(page)
    page.click("text=Samenwerking registreren")
    page.select_option("#id_kind", "learning_network")
    page.fill("#id_title", "Lerend netwerk lassen")
    page.fill("#id_goal", "Leerkrachten en bedrijven maken samen lesmateriaal")
    page.fill("#id_theme", "Lassen")
    page.fill("#id_start", (date.today() - timedelta(days=5)).isoformat())
    page.check("#id_is_published")
    assert_accessible(page)
    page.click("main button.primary")
    page.wait_for_load_state("networkidle")
    assert "Lerend netwerk lassen" in page.inner_text("h1")
    assert "Technisch Atheneum" in page.inner_text("main")
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto("/partnerschappen/?q=lassers")
    assert "Lerend netwerk lassen" in page.inner_text("#results")
    assert_accessible(page)

    context_load()
    department = user_with_role("department_education")
    login(page, department.username)
    page.goto("/cijfers/leerlingenstromen/")
    main = page.inner_text("main")
    assert "Context uit beleidsdocumenten" in main and "VDAB" in main
    assert_accessible(page)
    page.click("text=Officiële tellingen inlezen")
    assert_accessible(page)
