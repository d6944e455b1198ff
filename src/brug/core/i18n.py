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
from typing import TYPE_CHECKING, Any, cast

from django.utils import translation
from django.utils.functional import Promise

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


LANGUAGES = ("nl", "en")


class _Message(Promise):
    """A translatable text with optional context, plural and format parameters."""

    msgid: str
    context: str | None
    plural: str | None
    number: int
    params: dict[str, object]

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
        self.params = dict(params or {})

    def format(self, **params: object) -> Message:
        """The same message with (more) parameters; formatting happens after translation."""
        return cast(
            "Message",
            _Message(
                self.msgid,
                context=self.context,
                plural=self.plural,
                number=self.number,
                params={**self.params, **params},
            ),
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

    def as_dict(self) -> dict[str, str]:
        return {lang: self.resolve(lang) for lang in LANGUAGES}

    def __str__(self) -> str:
        return self._render()

    def __format__(self, spec: str) -> str:
        return format(self._render(), spec)

    def __repr__(self) -> str:
        return f"Message({self.msgid!r})"

    def __add__(self, other: str) -> str:
        return self._render() + str(other)

    def __radd__(self, other: object) -> str:
        return str(other) + self._render()

    def __mod__(self, other: Any) -> str:
        text: str = self._render() % other
        return text

    def __len__(self) -> int:
        return len(self._render())

    def __getattr__(self, name: str) -> Any:
        """The methods of the rendered text (`.lower()`, `.upper()`, ...), as Django's own lazy
        text offers them: the admin sorts app names with `.lower()`."""
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._render(), name)

    def _key(self) -> tuple[object, ...]:
        return (self.context, self.msgid, self.plural, self.number, sorted(self.params.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _Message):
            return self._key() == other._key()
        if isinstance(other, str):
            return self._render() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.context, self.msgid, self.plural, self.number))


if TYPE_CHECKING:

    class Message(_StrPromise):
        """What the type checker sees: a lazy str (django-stubs' `_StrPromise`) plus these."""

        def format(self, **params: object) -> Message: ...
        def resolve(self, language: str | None = None) -> str: ...
        def as_dict(self) -> dict[str, str]: ...

else:
    Message = _Message


def _plain(value: object) -> object:
    return str(value) if isinstance(value, Promise) else value


def gettext_lazy(message: str, /, **params: object) -> Message:
    return cast("Message", _Message(message, params=params))


def pgettext_lazy(context: str, message: str, /, **params: object) -> Message:
    return cast("Message", _Message(message, context=context, params=params))


def ngettext_lazy(singular: str, plural: str, number: int, /, **params: object) -> Message:
    return cast("Message", _Message(singular, plural=plural, number=number, params=params))


def npgettext_lazy(
    context: str, singular: str, plural: str, number: int, /, **params: object
) -> Message:
    return cast(
        "Message", _Message(singular, context=context, plural=plural, number=number, params=params)
    )


def as_message(text: Message | Promise | str) -> Message:
    """A Message for text that is not in the catalogue: a name, a code, a Django lazy
    translation. With `.format(...)` it composes messages lazily:
    `as_message("{mentor}: {reason}").format(mentor=name, reason=gettext_lazy("..."))`."""
    if isinstance(text, _Message):
        return cast("Message", text)
    return cast("Message", _Fixed(text))


def by_language(texts: Mapping[str, str]) -> Message:
    """Text rendered outside Django in each language (the matching engine explains its
    decisions in Dutch and English itself); Dutch when the active language has none."""
    return cast("Message", _PerLanguage(dict(texts)))


class _Fixed(_Message):
    text: Promise | str

    def __init__(self, text: Promise | str, params: Mapping[str, object] | None = None) -> None:
        super().__init__("", params=params)
        self.text = text

    def format(self, **params: object) -> Message:
        return cast("Message", _Fixed(self.text, params={**self.params, **params}))

    def _translated(self) -> str:
        return str(self.text)

    def __repr__(self) -> str:
        return f"as_message({self.text!r})"


class _PerLanguage(_Message):
    texts: dict[str, str]

    def __init__(self, texts: dict[str, str], params: Mapping[str, object] | None = None) -> None:
        super().__init__(texts.get("en", ""), params=params)
        self.texts = texts

    def format(self, **params: object) -> Message:
        return cast("Message", _PerLanguage(self.texts, params={**self.params, **params}))

    def _translated(self) -> str:
        lang = (translation.get_language() or "nl")[:2]
        text: str = self.texts.get(lang) or self.texts.get("nl", "")
        return text


def one_side(label: object, language: str | None = None) -> str:
    """A label in one language. Stored labels were once "Nederlands / English" pairs; a label
    that still holds one (data written before the catalogues) gives the side of `language`
    (the active language by default); any other label is returned as it is."""
    text = str(label)
    if " / " not in text:
        return text
    dutch, english = text.split(" / ", 1)
    lang = (language or translation.get_language() or "nl")[:2]
    return english if lang == "en" else dutch
