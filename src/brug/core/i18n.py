"""Bilingual text: Dutch first, English second, side by side in the code.

Brug keeps both languages next to each other instead of in message catalogues, so every
refusal reads well in both and no translation can go missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language


@dataclass(frozen=True)
class Text:
    nl: str
    en: str

    def format(self, **params: object) -> Text:
        return Text(nl=self.nl.format(**params), en=self.en.format(**params))

    def resolve(self, language: str | None = None) -> str:
        lang = (language or get_language() or "nl")[:2]
        return self.en if lang == "en" else self.nl

    def __str__(self) -> str:
        return self.resolve()

    def as_dict(self) -> dict[str, str]:
        return {"nl": self.nl, "en": self.en}


def t(nl: str, en: str, **params: object) -> Text:
    text = Text(nl=nl, en=en)
    return text.format(**params) if params else text


def one_side(label: object, language: str | None = None) -> str:
    """One side of a stored bilingual label "Nederlands / English" (model choices) for the
    active language; a label without " / " is returned as it is."""
    text = str(label)
    if " / " not in text:
        return text
    dutch, english = text.split(" / ", 1)
    return Text(nl=dutch, en=english).resolve(language)
