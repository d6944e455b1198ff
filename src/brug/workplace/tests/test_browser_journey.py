"""The journey as people live it, in a real browser, with axe-core on every page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from brug.accounts.tests.factories import MembershipFactory
from brug.core.testing.browser import assert_accessible, click_and_confirm, login
from brug.workplace import models as m
from brug.workplace import services
from brug.workplace.tests import factories as f
from brug.workplace.tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_recognition_to_training_plan_progress(browser_page: Any) -> None:
    page = browser_page
    w = build_world(n_competences=4)
    mentor_login = MembershipFactory(role="company_contact", organisation=w.company).user
    w.mentor.user = mentor_login
    w.mentor.save()
    start = (f.TODAY + timedelta(days=14)).isoformat()
    end = (f.TODAY + timedelta(days=200)).isoformat()

    # 1. The company requests recognition for its site and programme.
    login(page, w.company_user.username)
    page.goto("/werkplekleren/onderneming/")
    assert_accessible(page)
    page.click("text=Erkenning aanvragen")
    page.select_option("#id_company", str(w.company.pk))
    page.select_option("#id_site", str(w.site.pk))
    page.select_option("#id_programme", str(w.programme.pk))
    page.fill("#id_activities", "Metselen en bekisting")
    page.check(f"input[name=mentors][value='{w.mentor.pk}']")
    assert_accessible(page)
    page.click("button[name=submit]")
    page.wait_for_url("**/erkenningen/*/")
    assert "Ingediend" in page.inner_text("main")
    assert_accessible(page)
    recognition = m.Recognition.objects.get(company=w.company)
    assert recognition.partnership_id == w.partnership.pk

    # 1b. The company gives evidence for the conditions (one in the browser, the rest through
    # the service), and the reviewer judges them (again one in the browser).
    others = [k for k in m.ConditionKind.values if k != "insurance"]
    for kind in others:
        services.condition_evidence_record(
            actor=w.company_user, recognition=recognition, kind=kind, evidence="Bewijs"
        )
    page.goto(f"/werkplekleren/erkenningen/{recognition.pk}/voorwaarden/")
    assert_accessible(page)
    page.fill("#id_insurance-evidence", "Polis arbeidsongevallen bij de school")
    page.click("#condition-insurance button:has-text('Bewijs opslaan')")
    page.wait_for_url("**/voorwaarden/")
    assert "Polis arbeidsongevallen" in page.inner_text("main")
    for kind in others:
        services.condition_verdict_record(
            actor=w.reviewer, recognition=recognition, kind=kind, verdict="met"
        )
    login(page, w.reviewer.username)
    page.goto(f"/werkplekleren/erkenningen/{recognition.pk}/voorwaarden/")
    page.select_option("#id_insurance-verdict", "met")
    page.click("#condition-insurance button:has-text('Oordeel opslaan')")
    page.wait_for_url("**/voorwaarden/")
    assert_accessible(page)
    assert recognition.conditions.get(kind="insurance").verdict == "met"

    # 2. The reviewer of the sector's partnership approves it from the queue.
    login(page, w.reviewer.username)
    page.goto("/werkplekleren/beoordelen/")
    assert_accessible(page)
    page.click(f"a[href='/werkplekleren/erkenningen/{recognition.pk}/']")
    assert_accessible(page)
    click_and_confirm(page, "button:has-text('Erkennen')")
    assert "Erkend" in page.inner_text("main")
    recognition.refresh_from_db()
    assert recognition.is_recognised()

    # 3. The company publishes an opening at the recognised workplace.
    login(page, w.company_user.username)
    page.goto(f"/werkplekleren/erkenningen/{recognition.pk}/")
    page.click("text=Plaats publiceren")
    page.select_option("#id_kind", "dual")
    page.fill("#id_start", start)
    page.fill("#id_end", end)
    page.fill("#id_capacity", "0")
    page.click("button[name=save]")
    assert "groter zijn dan nul" in page.inner_text("main")  # refused, with the reason
    assert page.get_attribute("#id_capacity", "aria-invalid") == "true"
    # The error summary at the top has the focus and links to the field; the title says so.
    assert page.evaluate("document.activeElement.className") == "error-summary"
    assert page.locator(".error-summary a[href='#id_capacity']").count() == 1
    assert page.title().startswith("Fout:")
    assert_accessible(page)
    page.fill("#id_capacity", "2")
    page.fill("#id_practical_notes", "Bereikbaar met bus 5")
    page.click("button[name=save]")
    page.wait_for_url("**/plaatsen/*/")
    assert_accessible(page)
    opening = m.Opening.objects.get(workplace=recognition)
    assert opening.status == m.OpeningStatus.PUBLISHED

    # 4. The school guide registers a learner, who applies to the opening.
    login(page, w.guide.username)
    page.goto("/werkplekleren/lerenden/")
    assert_accessible(page)
    page.click("text=Lerende registreren")
    page.fill("#id_first_name", "Noor")
    page.fill("#id_last_name", "Peeters")
    page.select_option("#id_programme", str(w.programme.pk))
    page.select_option("#id_home_municipality", str(w.site.municipality_id))
    page.select_option("#id_ready", "yes")
    page.select_option("#id_willing", "yes")
    assert_accessible(page)
    page.click("button[name=save]")
    page.wait_for_url("**/lerenden/*/")
    page.select_option("#id_opening", str(opening.pk))
    page.click("button:has-text('Kandidaat stellen')")
    page.wait_for_load_state("networkidle")
    assert_accessible(page)
    learner = m.Learner.objects.get(school=w.school)
    application = m.Application.objects.get(learner=learner, opening=opening)

    # 5. The company records the intake and makes the placement.
    login(page, w.company_user.username)
    page.goto(f"/werkplekleren/plaatsen/{opening.pk}/")
    assert "Noor" in page.inner_text("main") and "Peeters" not in page.inner_text("main")
    assert_accessible(page)
    page.select_option(f"#outcome-{application.pk}", "accepted")
    page.click("button:has-text('Intake registreren')")
    page.wait_for_load_state("networkidle")
    page.select_option(f"#mentor-{application.pk}", str(w.mentor.pk))
    page.click("button:has-text('Overeenkomst maken')")
    page.wait_for_url("**/overeenkomsten/*/")
    assert_accessible(page)
    placement = m.Placement.objects.get(learner=learner, opening=opening)

    # 6. The mentor records training-plan progress (htmx, no page reload).
    login(page, mentor_login.username)
    page.goto(f"/werkplekleren/overeenkomsten/{placement.pk}/")
    item = placement.training_plan.items.filter(location=m.LearningLocation.WORKPLACE).first()
    assert item is not None
    page.select_option(f"#progress-{item.pk}", "in_progress")
    page.click(f"#item-{item.pk} button")
    page.wait_for_selector(f"#item-{item.pk} [role=status]")
    assert_accessible(page)
    record = m.ProgressRecord.objects.get(item=item)
    assert record.author_id == mentor_login.pk and record.author_role == "mentor"


def test_axe_check_is_not_vacuous(browser_page: Any) -> None:
    """The accessibility check really fails on a serious violation (an unlabelled field)."""
    browser_page.set_content(
        "<html lang='nl'><head><title>x</title></head><body><main><h1>x</h1>"
        "<input type='text'><img src='x.png'></main></body></html>"
    )
    with pytest.raises(pytest.fail.Exception) as exc:
        assert_accessible(browser_page)
    assert "label" in str(exc.value) or "image-alt" in str(exc.value)
