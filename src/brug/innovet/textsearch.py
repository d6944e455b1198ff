"""Dutch-aware text normalising for the SQLite full-text backend.

PostgreSQL does this with its `dutch` configuration (snowball stemmer); on SQLite we store and
query the same light stems, so "lassers", "lassen" and "las" all find "lassen".
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[a-z0-9]+")
# Longest first; a stem must keep at least three letters.
_SUFFIXES = (
    "heden",
    "tjes",
    "jes",
    "tje",
    "je",
    "ers",
    "ere",
    "er",
    "en",
    "es",
    "e",
    "s",
)
_STOPWORDS = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "van",
        "voor",
        "in",
        "op",
        "met",
        "aan",
        "te",
        "tot",
        "bij",
        "of",
        "om",
        "als",
        "door",
        "over",
        "uit",
        "naar",
        "is",
        "zijn",
        "die",
        "dat",
        "the",
        "a",
        "an",
        "and",
        "of",
        "for",
        "to",
        "in",
        "on",
        "with",
        "at",
        "by",
    ]
)


def fold(text: str) -> str:
    """Lowercase and strip accents: 'Technologie & Énergie' -> 'technologie & energie'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if suffix == "heden":
                word += "heid"
            break
    # lessen -> less -> les; bakken -> bakk -> bak
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]
    return word


def tokens(text: str) -> list[str]:
    return [stem(w) for w in _WORD.findall(fold(text)) if w not in _STOPWORDS]


def document(text: str) -> str:
    return " ".join(tokens(text))


def fts_query(text: str) -> str:
    """A websearch-like query for FTS5: words AND-ed, "-word" excluded, "a OR b" / "a of b" ORed.

    Every term is quoted, so user input can never be FTS5 syntax.
    """
    parts: list[str] = []
    negatives: list[str] = []
    pending_or = False
    for raw in re.findall(r'"[^"]*"|\S+', text):
        if raw.lower() in {"or", "of"} and parts:
            pending_or = True
            continue
        negative = raw.startswith("-") and len(raw) > 1
        words = tokens(raw.strip('"-'))
        if not words:
            continue
        term = '"' + " ".join(words) + '"'  # a phrase when the input was quoted
        if negative:
            negatives.append(term)
        elif pending_or:
            parts[-1] = f"({parts[-1]} OR {term})"
            pending_or = False
        else:
            parts.append(term)
    if not parts:
        return ""
    query = " AND ".join(parts)
    for term in negatives:
        query += f" NOT {term}"
    return query
