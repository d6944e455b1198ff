"""The learner's result page: a title without codes, a reason per choice, the next steps, and
the submitted preferences read-only after the round closed."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from brug.matching.explain import REASON_TITLES
from brug.matching.models import RoundResult
from brug.matching.tests.test_pages_api import client_for, published
from brug.matching.tests.test_services import computed

pytestmark = pytest.mark.django_db


def _h1(html: str) -> str:
    match = re.search(r"<h1>(.*?)</h1>", html, re.S)
    assert match is not None
    return match.group(1)


def test_learner_reads_jouw_resultaat_and_a_line_per_choice(world: Any) -> None:
    rnd = published(world)
    own = RoundResult.objects.get(round=rnd, learner=world.learners[0])
    html = (
        client_for(world.learner_user)
        .get(reverse("matching:my_result", args=[rnd.pk]))
        .content.decode()
    )
    assert _h1(html) == "Jouw resultaat"
    assert world.learners[0].pseudonym not in html  # no code about themselves on their page
    assert html.count('class="choice choice-') == 3  # three choices ranked
    assert "Wat nu?" in html
    if own.opening_id:
        assert "Gekregen" in html
    else:
        assert "volgende ronde" in html


def test_every_choice_says_why_it_was_or_was_not_given(world: Any) -> None:
    rnd = published(world)
    client = client_for(world.guide)
    unplaced = 0
    for result in RoundResult.objects.filter(round=rnd):
        html = client.get(
            reverse("matching:my_result", args=[rnd.pk]) + f"?learner={result.learner_id}"
        ).content.decode()
        assert _h1(html) == "Resultaat van de lerende"
        for row in result.reasons:  # each better choice carries the engine's reason
            assert str(REASON_TITLES[row[2]]) in html
        if result.opening_id is None:
            unplaced += 1
            assert "Geen plaats in deze ronde" in html
            assert html.count("choice-not_given") == 3
        else:
            assert html.count("choice-given") == 1
            assert "De plaats start op" in html or "Je start op" in html
    assert unplaced == 1  # five learners, four places


def test_preferences_are_read_only_after_the_deadline(world: Any) -> None:
    rnd = computed(world)
    html = (
        client_for(world.learner_user)
        .get(reverse("matching:preferences", args=[rnd.pk]))
        .content.decode()
    )
    assert "De termijn om keuzes op te geven is voorbij" in html
    assert "kun je je lijst" not in html and "Je kunt je lijst wijzigen" not in html
    assert "<select" not in html  # no form
    assert html.count("<li>") >= 3  # the three submitted choices, in order
    first = world.openings[0].company.name
    assert first in html


def test_english_result_page(world: Any) -> None:
    rnd = published(world)
    client = client_for(world.learner_user)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("matching:my_result", args=[rnd.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert _h1(page.content.decode()) == "Your result"
