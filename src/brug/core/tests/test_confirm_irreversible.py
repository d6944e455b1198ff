"""Every irreversible action asks first.

A POST form (or one of its buttons) that rejects, releases, revokes, withdraws, cancels, ends,
removes, deletes, erases, closes, publishes, refuses, declines, submits, approves, signs,
completes or decides must carry `data-confirm` (on the form or on that button): brug.js then
asks in the base template's dialog. The action is recognised by a curated list of verbs in the
URL name or its quoted step (`{% url 'innovet:registration-action' r.pk 'reject' %}`) and in the
English msgid of the button (`{% translate "Close the round" %}`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps

# The verbs of an action that cannot be undone on the page that offers it.
IRREVERSIBLE_VERBS = frozenset(
    {
        "approve",
        "archive",
        "cancel",
        "close",
        "complete",
        "decide",
        "decline",
        "delete",
        "end",
        "erase",
        "filled",
        "publish",
        "refuse",
        "reject",
        "release",
        "remove",
        "revoke",
        "sign",
        "submit",
        "suspend",
        "withdraw",
    }
)

_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
_BUTTON = re.compile(r"<button\b([^>]*)>(.*?)</button>", re.S | re.I)
_URL_TAG = re.compile(r"\{%\s*url\s+(.*?)%\}", re.S)
_QUOTED = re.compile(r"""['"]([^'"]+)['"]""")
_MSGID = re.compile(r"""\{%\s*translate\s+["']([^"']+)["']""")
_ATTR = re.compile(r"""\b(action|formaction)\s*=\s*"((?:[^"{]|\{[^}]*\})*)\"""", re.S)


@dataclass(frozen=True)
class Unconfirmed:
    template: str
    url: str
    button: str

    def __str__(self) -> str:
        return f"{self.template}: button {self.button!r} (action {self.url or 'the page'})"


def _words(text: str) -> set[str]:
    return {w for w in re.split(r"[^a-z]+", text.lower()) if w}


def _url_verbs(attr_value: str) -> set[str]:
    """The verbs in a URL: its name's words and its quoted steps ('reject')."""
    verbs: set[str] = set()
    for tag in _URL_TAG.findall(attr_value):
        for quoted in _QUOTED.findall(tag):
            verbs |= _words(quoted.split(":")[-1])
    return verbs & IRREVERSIBLE_VERBS


def _text_verb(inner: str) -> str | None:
    """The button's first English word when it is an irreversible verb ("Close the round")."""
    msgid = _MSGID.search(inner)
    text = msgid.group(1) if msgid else re.sub(r"<[^>]+>|\{[{%].*?[}%]\}", " ", inner)
    first = next(iter(re.findall(r"[A-Za-z]+", text)), "").lower()
    return first if first in IRREVERSIBLE_VERBS else None


def _attr(attrs: str, name: str) -> str:
    for key, value in _ATTR.findall(attrs):
        if key.lower() == name:
            return value
    return ""


def unconfirmed_actions(source: str, template: str = "") -> list[Unconfirmed]:
    """The irreversible buttons of POST forms in a template's source without a confirmation."""
    found: list[Unconfirmed] = []
    for form in _FORM.finditer(source):
        form_attrs, body = form.group(1), form.group(2)
        if not re.search(r"""method\s*=\s*["']post["']""", form_attrs, re.I):
            continue
        form_confirms = "data-confirm=" in form_attrs
        form_url = _attr(form_attrs, "action")
        for button in _BUTTON.finditer(body):
            attrs, inner = button.group(1), button.group(2)
            if re.search(r"""type\s*=\s*["'](button|reset)["']""", attrs):
                continue
            url = _attr(attrs, "formaction") or form_url
            irreversible = bool(_url_verbs(url)) or _text_verb(inner) is not None
            if irreversible and not (form_confirms or "data-confirm=" in attrs):
                label = _MSGID.search(inner)
                found.append(
                    Unconfirmed(template, url, label.group(1) if label else inner.strip()[:60])
                )
    return found


def _brug_templates() -> list[Path]:
    paths: list[Path] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("brug."):
            continue
        root = Path(config.path) / "templates"
        if root.is_dir():
            paths.extend(sorted(root.rglob("*.html")))
    return paths


def test_every_irreversible_post_action_asks_for_confirmation() -> None:
    templates = _brug_templates()
    assert len(templates) > 50  # the scan found the project's templates
    root = Path(apps.get_app_config("core").path).parent
    missing = [
        problem
        for path in templates
        for problem in unconfirmed_actions(
            path.read_text(encoding="utf-8"), str(path.relative_to(root))
        )
    ]
    assert not missing, "Irreversible actions without data-confirm:\n" + "\n".join(
        str(m) for m in missing
    )


@pytest.mark.parametrize(
    "source",
    [
        # by the URL's step
        """<form method="post" action="{% url 'innovet:registration-action' r.pk 'reject' %}">
        <button class="button danger">{% translate "No" %}</button></form>""",
        # by the URL's name
        """<form method="post" action="{% url 'education:round_close' round.pk %}">
        <button>{% translate "Done" %}</button></form>""",
        # by the button's words
        """<form method="post"><button>{% translate "Erase learner" %}</button></form>""",
        # a second button with its own formaction
        """<form method="post" action="{% url 'x:job' j.pk 'filled' %}" data-confirm="Sure?">
        <button>{% translate "Filled" %}</button></form>
        <form method="POST" action="{% url 'x:save' %}"><button>{% translate "Save" %}</button>
        <button formaction="{% url 'x:job-action' j.pk 'withdraw' %}">Weg</button></form>""",
    ],
)
def test_the_check_finds_a_missing_confirmation(source: str) -> None:
    assert len(unconfirmed_actions(source)) == 1


@pytest.mark.parametrize(
    "source",
    [
        """<form method="post" action="{% url 'a:round_close' round.pk %}" data-confirm="{% translate 'Close?' %}">
        <button>{% translate "Close the round" %}</button></form>""",
        """<form method="post"><button>{% translate "Save" %}</button>
        <button formaction="{% url 'a:t' 1 'refuse' %}" data-confirm="Zeker?">{% translate "Refuse" %}</button></form>""",
        """<form method="get" action="{% url 'a:delete' %}"><button>{% translate "Delete" %}</button></form>""",
        """<form method="post" action="{% url 'a:profile' %}"><button>{% translate "Save" %}</button></form>""",
    ],
)
def test_the_check_accepts_a_confirmed_or_harmless_form(source: str) -> None:
    assert unconfirmed_actions(source) == []
