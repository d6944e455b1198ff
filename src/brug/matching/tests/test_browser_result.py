"""In a browser: a learner reads its result, a reason per choice and what comes next (axe)."""

from __future__ import annotations

from typing import Any

import pytest

from brug.core.testing.browser import assert_accessible, csp_violations, login
from brug.matching.models import RoundResult
from brug.matching.tests.test_pages_api import published

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_learner_reads_the_reason_per_choice(browser_page: Any, world: Any) -> None:
    rnd = published(world)
    result = RoundResult.objects.get(round=rnd, learner=world.learners[0])
    page = browser_page
    login(page, world.learner_user.username)
    page.goto(f"/matching/rondes/{rnd.pk}/resultaat/")
    assert page.inner_text("main h1") == "Jouw resultaat"
    choices = page.locator("main .choice")
    assert choices.count() == 3
    for index in range(3):
        text = choices.nth(index).inner_text()
        rank = index + 1
        if result.preference_rank == rank:
            assert "Gekregen" in text
        elif result.preference_rank is not None and rank > result.preference_rank:
            assert "Niet nodig" in text
        else:  # the engine's reason, with a short answer in front
            assert f"Keuze {rank} (" in text
    assert "Wat nu?" in page.inner_text("main")
    assert world.learners[0].pseudonym not in page.inner_text("main")
    assert_accessible(page)
    # the submitted choices, read-only now
    page.click("text=De keuzes die je opgaf, bekijken")
    page.wait_for_load_state("networkidle")
    assert "De termijn om keuzes op te geven is voorbij" in page.inner_text("main")
    assert page.locator("main select").count() == 0
    assert_accessible(page)
    assert not csp_violations(page)
