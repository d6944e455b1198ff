"""One language at a time: gettext catalogues, bilingual API errors, plurals, nl-BE formats,
and the codemod that turns bilingual pairs from merged branches into gettext."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.core.serializers.json import DjangoJSONEncoder
from django.template import Context, Template
from django.utils import translation

from brug.accounts.tests.factories import user_with_role
from brug.core import formatting
from brug.core.errors import ServiceError
from brug.core.forms import AccessibleForm
from brug.core.i18n import (
    as_message,
    by_language,
    gettext_lazy,
    ngettext_lazy,
    pgettext_lazy,
)
from brug.core.models import JobStatus

ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT / "tools"))
import i18n_codemod as codemod  # noqa: E402

# Pairs that leaked into pages before the conversion: (Dutch, English).
KNOWN_PAIRS = [
    ("Aanmelden", "Log in"),
    ("Sectorconvenanten", "Sector covenants"),
    ("Werkplekleren", "Workplace learning"),
    ("Overslaan naar de inhoud", "Skip to content"),
]
BILINGUAL_LABEL = re.compile(r">[^<>]*\b(Ontwerp / Draft|ja / yes|Lopend / Running)\b")


def _render(source: str, language: str, **context: object) -> str:
    with translation.override(language):
        return Template("{% load i18n brug %}" + source).render(Context(context))


# --- The source holds no pairs any more -----------------------------------------------------


def test_no_bilingual_pairs_left_in_the_source() -> None:
    assert codemod.count_pairs() == 0, "run 'make i18n-convert'"
    assert codemod.leftovers() == []
    py, html = codemod._files()
    for path in html:
        text = path.read_text()
        assert "{% t " not in text and "|lang" not in text, path
    for path in py:
        assert not re.search(r"\bt\(\s*\"[^\"]*\",\s*\"", path.read_text()), path


# --- Pages speak one language ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_page_speaks_one_language(client, language: str) -> None:  # type: ignore[no-untyped-def]
    client.force_login(user_with_role("department_work"))
    client.cookies["django_language"] = language
    html = client.get("/").content.decode()
    for dutch, english in KNOWN_PAIRS:
        if language == "nl":
            assert english not in html, english
        else:
            assert dutch not in html, dutch
    assert not BILINGUAL_LABEL.search(html)
    assert "---------" not in html


@pytest.mark.django_db
def test_choice_labels_follow_the_language() -> None:
    with translation.override("nl"):
        assert str(JobStatus.RUNNING.label) == "Bezig"
    with translation.override("en"):
        assert str(JobStatus.RUNNING.label) == "Running"


# --- Bilingual errors --------------------------------------------------------------------------


def test_service_error_renders_both_languages_from_the_catalogue() -> None:
    error = ServiceError(gettext_lazy("Choose at least one valid scope."), field="scopes")
    assert error.text.as_dict() == {
        "nl": "Kies minstens één geldige scope.",
        "en": "Choose at least one valid scope.",
    }


@pytest.mark.parametrize("language", ["nl", "en"])
def test_api_problem_details_carry_both_languages(language: str) -> None:
    from brug.core.api.problems import problem

    text = gettext_lazy("Give the token a name of 1 to {n} characters.", n=80)
    with translation.override(language):
        body = problem(status_code=400, code="invalid", text=text).data
    assert body["detail_nl"] == "Geef de token een naam van 1 tot 80 tekens."
    assert body["detail_en"] == "Give the token a name of 1 to 80 characters."
    assert body["detail"] == body[f"detail_{language}"]


def test_format_translates_first_then_formats_with_lazy_parameters() -> None:
    inner = gettext_lazy("Closed")
    text = as_message("{what}: {n}").format(what=inner, n=3)
    assert text.resolve("nl") == "Afgesloten: 3" and text.resolve("en") == "Closed: 3"
    assert json.dumps({"t": gettext_lazy("Closed")}, cls=DjangoJSONEncoder)


def test_context_keeps_two_dutch_translations_apart() -> None:
    assert pgettext_lazy("Lopend", "Running").resolve("nl") == "Lopend"
    assert gettext_lazy("Running").resolve("nl") == "Bezig"


def test_text_from_outside_the_catalogue() -> None:
    text = by_language({"nl": "Keuze 1", "en": "Choice 1"})
    assert text.as_dict() == {"nl": "Keuze 1", "en": "Choice 1"}


# --- Plurals ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "nl", "en"), [(1, "1 uur", "1 hour"), (2, "2 uren", "2 hours"), (0, "0 uren", "0 hours")]
)
def test_plural_forms_in_python(n: int, nl: str, en: str) -> None:
    text = ngettext_lazy("{n} hour", "{n} hours", n, n=n)
    assert text.as_dict() == {"nl": nl, "en": en}


@pytest.mark.parametrize(
    ("n", "nl", "en"),
    [(1, "1 dag per week", "1 day a week"), (4, "4 dagen per week", "4 days a week")],
)
def test_plural_forms_in_templates(n: int, nl: str, en: str) -> None:
    source = (
        "{% blocktranslate count n=days %}{{ n }} day a week{% plural %}"
        "{{ n }} days a week{% endblocktranslate %}"
    )
    assert _render(source, "nl", days=n) == nl
    assert _render(source, "en", days=n) == en


def test_one_application_is_singular() -> None:
    source = (
        "{% blocktranslate count n=k %}{{ n }} application{% plural %}"
        "{{ n }} applications{% endblocktranslate %}"
    )
    assert _render(source, "nl", k=1) == "1 kandidatuur"
    assert _render(source, "nl", k=2) == "2 kandidaturen"


# --- Belgian formats --------------------------------------------------------------------------------


def test_numbers_and_money_in_belgian_dutch() -> None:
    with translation.override("nl"):
        assert formatting.number(12345) == "12.345"
        assert formatting.number(Decimal("0.2"), 2) == "0,20"
        assert formatting.money(1250) == "€ 1.250,00"
        assert formatting.percent(0.2) == "20 %"
        assert formatting.money(None) == "–"
    with translation.override("en"):
        assert formatting.money(1250) == "€ 1,250.00"


def test_filters_and_dates() -> None:
    day = dt.date(2026, 12, 2)
    assert _render("{{ v|money }} {{ n|number }}", "nl", v=1250, n=12345) == "€ 1.250,00 12.345"
    assert _render("{{ d|date }}", "nl", d=day) == "2 december 2026"
    assert _render("{{ d|date:'SHORT_DATE_FORMAT' }}", "nl", d=day) == "02/12/2026"
    assert _render("{{ d|date }}", "en", d=day) == "2 December 2026"
    assert _render("{{ y }}", "nl", y=2026) == "2026"  # years and ids stay ungrouped


def test_dropdowns_say_what_to_choose() -> None:
    class Pick(AccessibleForm):
        kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A")])
        other = forms.ChoiceField(choices=[("", "---------"), ("b", "B")])
        empty_labels = {"other": gettext_lazy("Choose a programme")}

    with translation.override("nl"):
        form = Pick()
        assert ">Kies een optie</option>" in str(form["kind"])
        assert "Kies een opleiding" in str(form["other"])
        assert "---------" not in str(form)


# --- The codemod ------------------------------------------------------------------------------------

PY = """from brug.core.i18n import Text, t

LABEL: Text = t("Lopend", "Running")
ERROR = t("Kies {n} scopes.", "Choose {n} scopes.", n=2)


class Status:
    DRAFT = "draft", "Ontwerp / Draft"
"""


def test_codemod_converts_python_pairs() -> None:
    pairs = codemod.convert_python(PY, None)[1]
    assert codemod.Pair("Ontwerp", "Draft") in pairs and len(pairs) == 3
    decisions = codemod.decide(codemod.Counter(pairs), codemod.Catalogue())
    new, _ = codemod.convert_python(PY, decisions)
    assert 'gettext_lazy("Running")' in new
    assert 'gettext_lazy("Choose {n} scopes.", n=2)' in new
    assert 'DRAFT = "draft", gettext_lazy("Draft")' in new
    assert "LABEL: Message" in new and "import Message, gettext_lazy" in new
    assert codemod.convert_python(new, decisions)[0] == new  # a second run changes nothing


def test_codemod_gives_a_context_to_a_second_dutch_translation() -> None:
    catalogue = codemod.Catalogue()
    catalogue.entries["Running"][None] = "Bezig"
    pairs = codemod.Counter([codemod.Pair("Lopend", "Running"), codemod.Pair("Bezig", "Running")])
    decisions = codemod.decide(pairs, catalogue)
    assert decisions[codemod.Pair("Bezig", "Running")] is None
    assert decisions[codemod.Pair("Lopend", "Running")] == "Lopend"
    new, _ = codemod.convert_python('x = t("Lopend", "Running")\n', decisions)
    assert 'pgettext_lazy("Lopend", "Running")' in new


def test_codemod_converts_templates() -> None:
    source = (
        '{% extends "b.html" %}{% load brug %}{% t "Opslaan" "Save" as save %}'
        "{% t 'Kruimelpad' 'Breadcrumbs' %} {{ o.get_status_display|lang }} {% t x.nl x.en %}"
    )
    pairs = codemod.template_pairs(source)
    decisions = codemod.decide(codemod.Counter(pairs), codemod.Catalogue())
    new = codemod.convert_template(source, decisions)
    assert new == (
        '{% extends "b.html" %}{% load brug i18n %}{% translate "Save" as save %}'
        "{% translate 'Breadcrumbs' %} {{ o.get_status_display }} {{ x }}"
    )
    assert codemod.convert_template(new, decisions) == new
    assert codemod.Pair("50 %", "50 %", template=True).msgid == "50 %%"


def test_codemod_converts_pairs_in_tests_to_texts_of_their_own() -> None:
    source = 'from brug.core.i18n import t\nx = t("Fout", "Error", n=1)\nassert e.text.nl\n'
    new = codemod.convert_test(source)
    assert new == (
        "from brug.core.i18n import by_language\n"
        'x = by_language({"nl": "Fout", "en": "Error"}).format(n=1)\n'
        'assert e.text.resolve("nl")\n'
    )
    assert codemod.convert_test(new) == new
