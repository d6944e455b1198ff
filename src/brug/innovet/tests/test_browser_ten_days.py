"""A teacher and a class through VDAB's 10-day scheme in a real browser, with axe-core on
every page: the teacher asks for two days with the class, VDAB sees the request on its home
page and approves it with an introduction session and an instructor, VDAB records the
introduction, and the teacher records both lesson days."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from brug.accounts.tests.factories import user_with_role
from brug.core.testing.browser import assert_accessible, click_and_confirm, login
from brug.innovet.models import TenDayRequest, TenDayYear
from brug.innovet.tests import factories as f
from brug.registry.models import OrganisationKind
from brug.registry.tests.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _click(page: Any, label: str) -> None:
    with page.expect_navigation():
        page.click(f"main button:has-text('{label}')")
    page.wait_for_load_state("networkidle")


def test_a_teacher_and_a_class_through_the_ten_day_scheme(browser_page: Any) -> None:
    page = browser_page
    school = f.school()
    teacher = f.teacher_at(school)
    vdab = OrganisationFactory(kind=OrganisationKind.VDAB)
    vdab_user = user_with_role("vdab_staff", organisation=vdab)
    centre = f.vdab_centre(provider=vdab)
    today = timezone.localdate()

    # 1. The teacher asks for two lesson days with the class.
    login(page, teacher.username)
    page.goto("/innovet/10-dagen/")
    assert_accessible(page)
    page.select_option("#id_offer", str(centre.pk))
    page.select_option("#id_teacher", str(teacher.pk))
    page.fill("#id_class_group", "6 Elektrotechniek")
    page.select_option("#id_year", TenDayYear.GRADE_2)  # not eligible: refused, nothing stored
    page.fill("#id_learners", "12")
    page.fill("#id_days", "2")
    page.fill("#id_first_day", (today + timedelta(days=20)).isoformat())
    page.fill("#id_last_day", (today + timedelta(days=30)).isoformat())
    _click(page, "Aanvraag versturen")
    assert "geldt niet voor dit leerjaar" in page.inner_text("main")
    assert not TenDayRequest.objects.exists()
    assert_accessible(page)
    page.select_option("#id_year", TenDayYear.BSO_TSO_3G_2)
    _click(page, "Aanvraag versturen")
    request = TenDayRequest.objects.get()
    assert page.url.endswith(f"/innovet/10-dagen/{request.pk}/")
    assert "Wacht op VDAB" in page.inner_text("main")
    assert_accessible(page)

    # 2. VDAB sees the request on its home page and approves it.
    login(page, vdab_user.username)
    page.goto("/")
    assert "6 Elektrotechniek" in page.inner_text("#vdab-awaiting ~ ul")
    with page.expect_navigation():
        page.click("main a:has-text('6 Elektrotechniek')")
    assert_accessible(page)
    page.fill("#id_intro_on", (today + timedelta(days=7)).isoformat())
    page.fill("#id_instructor_name", "Els Peeters")
    click_and_confirm(page, "main button:has-text('Goedkeuren')")
    assert "Goedgekeurd, wegwijssessie gepland" in page.inner_text("main")
    assert "Els Peeters" in page.inner_text("main")

    # 3. The introduction session has taken place.
    _click(page, "Wegwijssessie gevolgd")
    assert "Wegwijssessie gevolgd" in page.inner_text("#status")

    # 4. The teacher holds the two lesson days with the class.
    login(page, teacher.username)
    page.goto(f"/innovet/10-dagen/{request.pk}/")
    _click(page, "Lesdag gehouden")
    assert "1 / 2" in page.inner_text("#days-held")
    _click(page, "Lesdag gehouden")
    assert "Afgerond" in page.inner_text("#status")
    assert_accessible(page)
    request.refresh_from_db()
    assert (request.status, request.days_held, request.instructor_name) == (
        "completed",
        2,
        "Els Peeters",
    )
