"""Issue 14 in a real browser: a learner from advice to signed agreement to feedback, with
axe-core on every page.

The learner's route is a parameter (`ROUTES`: keyword arguments of the learner's programme
and the kind of agreement its route signs): a dual-learning learner and a DBSO learner
(part-time vocational, the agreement for alternating training) walk the same way.
"""

from __future__ import annotations

from typing import Any

import pytest

from brug.core.testing.browser import assert_accessible, login
from brug.registry.tests import factories as rf
from brug.workplace import models as m
from brug.workplace import services
from brug.workplace.tests.test_agreement import make_placement
from brug.workplace.tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROUTES = [
    pytest.param({"is_dual": True}, "dual", id="dual"),
    pytest.param({"is_dual": True, "route": "dbso"}, "alternating", id="dbso"),
]


@pytest.mark.parametrize(("route", "kind"), ROUTES)
def test_advice_to_signed_agreement_to_feedback(
    browser_page: Any, route: dict[str, Any], kind: str
) -> None:
    page = browser_page
    w = build_world(n_competences=2)
    w.programme = rf.ProgrammeFactory(**route)
    w.programme.qualifications.add(*rf.QualificationFactory.create_batch(1))
    placement, learner_user = make_placement(w)
    learner = placement.learner

    # 1. The school records the class council's advice: who, when, why.
    login(page, w.guide.username)
    page.goto(f"/werkplekleren/lerenden/{learner.pk}/")
    page.click("text=Advies noteren")
    page.select_option("#id_source", "class_council")
    page.select_option("#id_outcome", "workplace")
    page.select_option("#id_ready", "yes")
    page.select_option("#id_willing", "yes")
    page.fill("#id_reason", "Arbeidsrijp en gemotiveerd na de stage.")
    assert_accessible(page)
    page.click("button:has-text('Advies noteren') >> nth=-1")
    page.wait_for_load_state("networkidle")
    assert "Advies genoteerd" in page.inner_text("main")
    assert m.TrajectoryAdvice.objects.get(learner=learner).given_by == w.guide

    # 2. The school draws up the agreement; a negative allowance is refused with the reason.
    page.goto(f"/werkplekleren/overeenkomsten/{placement.pk}/")
    assert "Nog geen overeenkomst" in page.inner_text("main")
    page.select_option("#id_kind", kind)
    page.fill("#id_days_per_week", "3")
    page.fill("#id_hours_per_week", "22")
    page.fill("#id_allowance_per_month", "-5")
    page.check("input[name=insurer][value=school]")
    page.click("button:has-text('Overeenkomst bewaren')")
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("#id_allowance_per_month", "aria-invalid") == "true"
    assert not m.LearningAgreement.objects.exists()
    assert_accessible(page)
    page.fill("#id_allowance_per_month", "120")
    page.click("button:has-text('Overeenkomst bewaren')")
    page.wait_for_load_state("networkidle")
    assert "Wacht op instemming" in page.inner_text("main")

    # 3. The school records the parent's consent (a minor) and its own.
    for party, name in (("parent", "Els Janssens"), ("school", "Directeur Claes")):
        page.select_option("#id_party", party)
        page.fill("#id_signer_name", name)
        page.click("button:has-text('Instemming registreren')")
        page.wait_for_load_state("networkidle")
    assert not m.LearningAgreement.objects.get().is_signed

    # 4. The company consents: now the agreement is signed, and the PDF is there to sign.
    login(page, w.company_user.username)
    page.goto(f"/werkplekleren/overeenkomsten/{placement.pk}/")
    page.fill("#id_signer_name", "An Peeters")
    page.click("button:has-text('Instemming registreren')")
    page.wait_for_load_state("networkidle")
    assert "Ondertekend" in page.inner_text("main")
    assert_accessible(page)
    assert m.LearningAgreement.objects.get().is_signed

    # 5. After the placement the learner gives feedback on the workplace.
    services.placement_end(actor=w.guide, placement=placement, early=False)
    login(page, learner_user.username)
    page.goto(f"/werkplekleren/overeenkomsten/{placement.pk}/")
    page.check("input[name=learning_culture][value='4']")
    page.check("input[name=guidance][value='5']")
    assert_accessible(page)
    page.click("button:has-text('Feedback geven')")
    page.wait_for_load_state("networkidle")
    assert "Bedankt voor uw feedback" in page.inner_text("main")
    assert m.WorkplaceFeedback.objects.get().respondent == "learner"
