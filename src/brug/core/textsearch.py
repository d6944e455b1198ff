"""Dutch-aware text normalising for the SQLite full-text backend (`brug.core.fulltext`).

PostgreSQL does this with its `dutch` configuration (snowball stemmer); on SQLite we store and
query the same light stems, so "lassers", "lassen" and "las" all find "lassen".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

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


Phrase = list[str]  # stems; one word or a quoted phrase


def parse(text: str) -> tuple[list[list[Phrase]], list[Phrase]]:
    """Websearch-like input -> (AND-ed groups of OR-ed phrases, excluded phrases).

    Words are AND-ed, "a OR b" / "a of b" OR-ed, "-word" excluded, "quoted words" a phrase.
    Only stems (letters and digits) come out, so user input can never be query syntax.
    """
    groups: list[list[Phrase]] = []
    negatives: list[Phrase] = []
    pending_or = False
    for raw in re.findall(r'"[^"]*"|\S+', text):
        if raw.lower() in {"or", "of"} and groups:
            pending_or = True
            continue
        negative = raw.startswith("-") and len(raw) > 1
        words = tokens(raw.strip('"-'))
        if not words:
            continue
        if negative:
            negatives.append(words)
        elif pending_or:
            groups[-1].append(words)
            pending_or = False
        else:
            groups.append([words])
    return groups, negatives


def fts_query(text: str) -> str:
    """SQLite FTS5 syntax; the last word of each phrase matches as a prefix."""

    def phrase(words: Phrase) -> str:
        return '"' + " ".join(words) + '"*'

    groups, negatives = parse(text)
    if not groups:
        return ""
    parts = [
        phrase(g[0]) if len(g) == 1 else "(" + " OR ".join(phrase(p) for p in g) + ")"
        for g in groups
    ]
    query = " AND ".join(parts)
    for words in negatives:
        query += f" NOT {phrase(words)}"
    return query


def pg_query(text: str) -> str:
    """PostgreSQL raw tsquery with the same meaning as `fts_query` (prefix on the last word)."""

    def phrase(words: Phrase) -> str:
        quoted = [f"'{w}'" for w in words]
        quoted[-1] += ":*"
        return "(" + " <-> ".join(quoted) + ")"

    groups, negatives = parse(text)
    if not groups:
        return ""
    parts = ["(" + " | ".join(phrase(p) for p in g) + ")" for g in groups]
    parts += [f"!{phrase(words)}" for words in negatives]
    return " & ".join(parts)


def title_matcher(text: str) -> Callable[[str], bool]:
    """A test: does every AND-ed group of the query occur in a title (words as prefixes)?

    SQLite ranks a row whose title names what was searched above one that only mentions it in
    passing (PostgreSQL does the same with a weighted title vector, `FullTextIndex.title`).
    """
    groups, _negatives = parse(text)

    def matches(title: str) -> bool:
        if not groups:
            return False
        words = tokens(title)

        def found(phrase: Phrase) -> bool:
            return all(any(w.startswith(p) for w in words) for p in phrase)

        return all(any(found(p) for p in group) for group in groups)

    return matches
