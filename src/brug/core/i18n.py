"""User-facing text through Django's gettext, rendered late and in either language on demand.

The English text is the message id; the Dutch translation lives in
`brug/locale/nl/LC_MESSAGES/django.po`. The functions here have the names and signatures of
Django's lazy gettext functions (so `makemessages` finds them without extra keywords), plus
keyword parameters for `str.format`: the text is translated first and formatted afterwards.

    gettext_lazy("The period ends before it starts.")
    gettext_lazy("{n} openings were published.", n=3)
    ngettext_lazy("{n} application", "{n} applications", count, n=count)
    pgettext_lazy("covenant status", "Running")

They return a `Message`: a lazy text (a Django `Promise`, so forms, templates, the JSON encoder
and migrations treat it as a lazy translation) that renders in the active language when it is
turned into a string, and in a chosen one with `.resolve("en")`. `.as_dict()` renders both
languages, which the bilingual API problem details (detail_nl/detail_en) and `ServiceError` use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.functional import Promise

LANGUAGES = ("nl", "en")


class Message(Promise):
    """A translatable text with optional context, plural and format parameters."""

    __slots__ = ("context", "msgid", "number", "params", "plural")

    def __init__(
        self,
        msgid: str,
        *,
        context: str | None = None,
        plural: str | None = None,
        number: int = 1,
        params: Mapping[str, object] | None = None,
    ) -> None:
        self.msgid = msgid
        self.context = context
        self.plural = plural
        self.number = number
        self.params: dict[str, object] = dict(params or {})

    def format(self, **params: object) -> Message:
        """The same message with (more) parameters; formatting happens after translation."""
        return Message(
            self.msgid,
            context=self.context,
            plural=self.plural,
            number=self.number,
            params={**self.params, **params},
        )

    def _translated(self) -> str:
        if self.plural is not None:
            if self.context is not None:
                return translation.npgettext(self.context, self.msgid, self.plural, self.number)
            return translation.ngettext(self.msgid, self.plural, self.number)
        if self.context is not None:
            return translation.pgettext(self.context, self.msgid)
        return translation.gettext(self.msgid)

    def _render(self) -> str:
        text = self._translated()
        if not self.params:
            return text
        # Parameters that are messages themselves render in the same (active) language.
        return text.format(**{k: _plain(v) for k, v in self.params.items()})

    def resolve(self, language: str | None = None) -> str:
        """The text in `language` (default: the active language)."""
        if language is None:
            return self._render()
        with translation.override(language[:2]):
            return self._render()

    @property
    def nl(self) -> str:
        return self.resolve("nl")

    @property
    def en(self) -> str:
        return self.resolve("en")

    def as_dict(self) -> dict[str, str]:
        return {lang: self.resolve(lang) for lang in LANGUAGES}

    def __str__(self) -> str:
        return self._render()

    def __format__(self, spec: str) -> str:
        return format(self._render(), spec)

    def __repr__(self) -> str:
        return f"Message({self.msgid!r})"

    def __add__(self, other: object) -> str:
        return self._render() + str(other)

    def __radd__(self, other: object) -> str:
        return str(other) + self._render()

    def __mod__(self, other: Any) -> str:
        return self._render() % other

    def __len__(self) -> int:
        return len(self._render())

    def _key(self) -> tuple[object, ...]:
        return (self.context, self.msgid, self.plural, self.number, sorted(self.params.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Message):
            return self._key() == other._key()
        if isinstance(other, str):
            return self._render() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.context, self.msgid, self.plural, self.number))


def _plain(value: object) -> object:
    return str(value) if isinstance(value, Promise) else value


def gettext_lazy(message: str, /, **params: object) -> Message:
    return Message(message, params=params)


def pgettext_lazy(context: str, message: str, /, **params: object) -> Message:
    return Message(message, context=context, params=params)


def ngettext_lazy(singular: str, plural: str, number: int, /, **params: object) -> Message:
    return Message(singular, plural=plural, number=number, params=params)


def npgettext_lazy(
    context: str, singular: str, plural: str, number: int, /, **params: object
) -> Message:
    return Message(singular, context=context, plural=plural, number=number, params=params)


def as_message(text: Message | Promise | str) -> Message:
    """A Message for any text (a plain string stays as it is in both languages)."""
    if isinstance(text, Message):
        return text
    return _Fixed(text)


class _Fixed(Message):
    """A text that is not in the catalogue (a Django lazy translation, or a plain string)."""

    __slots__ = ("text",)

    def __init__(self, text: Promise | str) -> None:
        super().__init__(str(text) if not isinstance(text, Promise) else "")
        self.text = text

    def format(self, **params: object) -> Message:
        return _Fixed(str(self.text).format(**params))

    def _translated(self) -> str:
        return str(self.text)


# --- Legacy pair helper: `tools/i18n_codemod.py` converts every use; removed after conversion.
@dataclass(frozen=True)
class Text:
    nl: str
    en: str

    def format(self, **params: object) -> Text:
        return Text(nl=self.nl.format(**params), en=self.en.format(**params))

    def resolve(self, language: str | None = None) -> str:
        lang = (language or translation.get_language() or "nl")[:2]
        return self.en if lang == "en" else self.nl

    def __str__(self) -> str:
        return self.resolve()

    def as_dict(self) -> dict[str, str]:
        return {"nl": self.nl, "en": self.en}


def t(nl: str, en: str, **params: object) -> Text:
    text = Text(nl=nl, en=en)
    return text.format(**params) if params else text
