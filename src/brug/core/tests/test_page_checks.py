"""The text checks of the all-pages browser test, without a browser: they must find what the
walk-through of issue 12 found, and leave ordinary Dutch or English pages alone."""

from __future__ import annotations

import pytest

from brug.core.testing.pages import (
    bilingual_slash_labels,
    empty_choice_markers,
    other_language_phrases,
    phrase_language,
    raw_keys,
    same_site_links,
    url_pattern_key,
)


@pytest.mark.parametrize(
    "label",
    [
        "Plaatsbezoek / Site visit",
        "Duaal leren / Dual learning",
        "ja / yes",
        "Lopend / Running",
        "Soort: Plaatsbezoek / Site visit",
        "Bewaar de meting / Save the measurement",
        "Erkend / Recognised",
    ],
)
def test_a_label_in_both_languages_is_found(label: str) -> None:
    assert bilingual_slash_labels(label)
    assert other_language_phrases(label, "nl")
    assert other_language_phrases(label, "en")


@pytest.mark.parametrize(
    "text",
    [
        "Pagina 2 / 7 · 140 in totaal",
        "Brussel / Bruxelles",
        "Hasselt / Genk",
        "Werkplekken / lerenden",
        "2025 / 2026",
        "12 / 20 plaatsen vrij",
        "Schooljaar 2026-2027, peildatum 2 december 2026",
    ],
)
def test_ordinary_dutch_is_not_flagged(text: str) -> None:
    assert bilingual_slash_labels(text) == []
    assert other_language_phrases(text, "nl") == []


def test_known_leaked_pairs_in_either_direction() -> None:
    assert other_language_phrases("Status: Running", "nl") == ["Running"]
    assert other_language_phrases("Status: Lopend", "en") == ["Lopend"]
    assert other_language_phrases("1 dagen per week", "en") == ["dagen per week"]
    # A short word leaks only as a whole label ("ja" inside a sentence is not a leak).
    assert other_language_phrases("Bevestigd\nyes\n", "nl") == ["yes"]
    assert other_language_phrases("Staat hij in de lijst? Ja, zeker.", "en") == []
    assert other_language_phrases("Status: Running", "en") == []
    assert phrase_language("de lerende van de school") == "nl"
    assert phrase_language("the learner of the school") == "en"
    assert phrase_language("Genk") is None


def test_raw_keys_and_seed_files() -> None:
    text = "Rol: company_contact\nBron: blauwdruk seed 001 en Seed 004, zie sectors.yaml"
    assert raw_keys(text) == ["Seed 004", "company_contact", "sectors.yaml", "seed 001"]
    # E-mail addresses, links and ordinary words are not keys.
    assert (
        raw_keys("Mail jan_peeters@example.org of zie https://x.be/a_b en /api/v1/some_thing") == []
    )
    assert raw_keys("Bouw, hout en metaal: 12.345 lerenden") == []


def test_empty_choice_marker() -> None:
    assert empty_choice_markers("Opleiding\n---------\nBouw") == 1
    assert empty_choice_markers("Kies een optie") == 0


@pytest.mark.django_db
def test_links_are_deduplicated_by_url_pattern() -> None:
    links = same_site_links(
        [
            "/innovet/aanbod/1/",
            "/innovet/aanbod/1/#sessies",
            "http://testserver/innovet/aanbod/2/",
            "https://elders.example/",
            "mailto:info@brug.example",
            "/cijfers/export.csv",
            "",
        ],
        "http://testserver",
    )
    assert links == ["/innovet/aanbod/1/", "/innovet/aanbod/2/", "/cijfers/export.csv"]
    keys = {url_pattern_key(link) for link in links}
    assert keys == {url_pattern_key("/innovet/aanbod/1/"), None}
    assert url_pattern_key("/privacy/") != url_pattern_key("/cookies/")
    assert url_pattern_key("/afmelden/") is None and url_pattern_key("/api/") is None
