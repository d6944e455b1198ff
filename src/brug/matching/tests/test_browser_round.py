"""A matching round as its people live it, in a real browser, with axe-core on every page:
the school guide opens the round, a learner ranks, the guide closes and computes it (the
background job), compares stable and coverage, publishes, and the learner reads the result
with its explanation."""

from __future__ import annotations

from typing import Any

import pytest

from brug.core.testing.browser import assert_accessible, click_and_confirm, login
from brug.matching.models import MatchingRound, RoundResult, RoundStatus
from brug.matching.tests import factories as f
from brug.matching.tests.test_services import create
from brug.workplace.models import Placement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _click(page: Any, label: str) -> None:
    """A form posted as a whole page: wait for the page it leads to."""
    with page.expect_navigation():
        page.click(f"main button:has-text('{label}')")
    page.wait_for_load_state("networkidle")


def _save_in_place(page: Any, label: str) -> None:
    """An htmx form: wait for its POST to be answered and swapped in."""
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.click(f"main button:has-text('{label}')")
    page.wait_for_load_state("networkidle")


def test_round_from_opening_to_the_learners_explanation(browser_page: Any, world: Any) -> None:
    page = browser_page
    rnd = create(world)
    detail = f"/matching/rondes/{rnd.pk}/"
    o = world.openings

    # 1. The guide opens the draft round for preferences.
    login(page, world.guide.username)
    page.goto(detail)
    assert_accessible(page)
    _click(page, "Openen voor voorkeuren")
    assert "Open voor voorkeuren" in page.inner_text("main")

    # 2. The learner ranks two workplaces on its own page (htmx form).
    login(page, world.learner_user.username)
    page.goto(f"{detail}voorkeuren/")
    assert_accessible(page)
    page.select_option("#id_choice_1", str(o[1].pk))
    page.select_option("#id_choice_2", str(o[0].pk))
    _save_in_place(page, "Bewaren")
    ranked = rnd.preferences.filter(learner=world.learners[0]).order_by("rank")
    assert [p.opening_id for p in ranked] == [o[1].pk, o[0].pk]

    # The guide ranks for the other learners; then the deadlines pass.
    login(page, world.guide.username)
    for i, learner in enumerate(world.learners[1:], 1):
        page.goto(f"{detail}voorkeuren/?learner={learner.pk}")
        page.select_option("#id_choice_1", str(o[i % 3].pk))
        page.select_option("#id_choice_2", str(o[(i + 1) % 3].pk))
        _save_in_place(page, "Bewaren")
    f.past_deadlines(rnd)

    # 3. The guide closes the preferences and computes: the job runs, the preview appears.
    page.goto(detail)
    click_and_confirm(page, "main button:has-text('Voorkeuren afsluiten')")
    _click(page, "Berekenen")
    page.goto(detail)
    main = page.inner_text("main")
    assert "Voorbeeld: stabiel naast maximale plaatsing" in main
    assert "Eerlijkheid" in main
    assert_accessible(page)

    # 4. The guide publishes the stable result: placements for everyone placed.
    page.check("input[name=mode][value=stable]")
    click_and_confirm(page, "main button:has-text('Publiceren')")
    rnd = MatchingRound.objects.get(pk=rnd.pk)
    assert rnd.status == RoundStatus.PUBLISHED and rnd.mode == "stable"
    placed = RoundResult.objects.filter(round=rnd, opening__isnull=False).count()
    assert placed == Placement.objects.filter(opening__in=o).count() == 4  # capacity 2 + 1 + 1

    # 5. The learner reads its result and why it did not get a better choice.
    result = RoundResult.objects.get(round=rnd, learner=world.learners[0])
    login(page, world.learner_user.username)
    page.goto(f"{detail}resultaat/")
    assert_accessible(page)
    text = page.inner_text("main")
    assert str(result.lottery_number) in text
    if result.preference_rank != 1:
        assert "Keuze 1 (" in text  # the explanation of the better choice it missed
    others = RoundResult.objects.filter(round=rnd).exclude(pk=result.pk)
    assert all(r.learner.pseudonym not in text for r in others)
