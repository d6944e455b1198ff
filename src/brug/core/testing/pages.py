"""What the all-pages browser test checks on every page, as plain functions.

The text checks (`raw_keys`, `other_language_phrases`, `bilingual_slash_labels`,
`empty_choice_markers`) take text and return what they found, so they are unit-tested without a
browser (`core/tests/test_page_checks.py`). The crawl helpers (`same_site_links`,
`url_pattern_key`) decide which pages the browser visits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

# --- Which pages to visit -------------------------------------------------------------------

# Links the crawl never follows: they change state on GET, leave the HTML pages or are the
# machine interface (the API has its own tests and documentation check).
SKIP_PREFIXES = (
    "/afmelden/",
    "/aanmelden/",
    "/oidc/",
    "/taal/",
    "/api/",
    "/beheer/",
    "/static/",
    "/media/",
)
# Downloads (spreadsheets, PDFs, exports) are not pages.
SKIP_SUFFIXES = (".csv", ".xlsx", ".pdf", ".json", ".zip", ".ics", ".yaml", ".txt")
SKIP_WORDS = ("export", "download", "pdf", "xlsx", "csv", "bestand", "attest/")


def url_pattern_key(path: str) -> str | None:
    """The URL pattern a path belongs to (`workplace:opening-detail`), so two offers count as
    one page; None for a path that is not one of the site's HTML pages."""
    if not path.startswith("/") or path.startswith(SKIP_PREFIXES):
        return None
    lowered = path.lower()
    if lowered.endswith(SKIP_SUFFIXES) or any(word in lowered for word in SKIP_WORDS):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    name = match.view_name or match.route
    # A statement page is one view with a different `name` per page.
    if "name" in match.kwargs and isinstance(match.kwargs["name"], str):
        name = f"{name}[{match.kwargs['name']}]"
    return name


def same_site_links(hrefs: Iterable[str], base_url: str) -> list[str]:
    """The paths (with query string) of the links that stay on this site, in page order,
    without fragments and without duplicates."""
    base = urlsplit(base_url)
    seen: dict[str, None] = {}
    for href in hrefs:
        if not href:
            continue
        parts = urlsplit(href)
        if parts.scheme and parts.scheme not in ("http", "https"):
            continue
        if parts.netloc and parts.netloc != base.netloc:
            continue
        path = parts.path or "/"
        if parts.query:
            path = f"{path}?{parts.query}"
        seen.setdefault(path, None)
    return list(seen)


# --- Text a person must not read ------------------------------------------------------------

EMPTY_CHOICE = "---------"

# snake_case tokens (two or more lower-case words joined by "_"): raw keys of choices,
# roles or settings that reached a page instead of their label.
_SNAKE = re.compile(r"(?<![\w@./:-])[a-z]+(?:_[a-z0-9]+)+(?![\w@-]|\.\w)")
# Internal references to the seed files (the reference data's working files).
_SEED_FILE = re.compile(r"\b(?:seed|blauwdruk)[ _-]?\d{2,3}\b|\b\w+\.(?:ya?ml|toml|py)\b", re.I)
# Links and e-mail addresses may carry underscores; they are not keys a person reads as text.
_URLISH = re.compile(r"\S+@\S+|\bhttps?://\S+|(?<!\w)/[\w./-]*_[\w./-]*")


def raw_keys(text: str) -> list[str]:
    """Internal words in visible text: snake_case keys and references to seed files."""
    clean = _URLISH.sub(" ", text)
    found = [m.group(0) for m in _SNAKE.finditer(clean)]
    found += [m.group(0) for m in _SEED_FILE.finditer(clean)]
    return sorted(set(found))


def empty_choice_markers(text: str) -> int:
    """How many times Django's empty choice label ("---------") is in the text."""
    return text.count(EMPTY_CHOICE)


# Pairs that leaked into the other language's pages (issue 12), Dutch first. Extend this list
# when a walk-through finds another one.
KNOWN_LEAKS: tuple[tuple[str, str], ...] = (
    ("Plaatsbezoek", "Site visit"),
    ("Duaal leren", "Dual learning"),
    ("Lopend", "Running"),
    ("Concept", "Draft"),
    ("Ingediend", "Submitted"),
    ("Goedgekeurd", "Approved"),
    ("Geannuleerd", "Cancelled"),
    ("Ingetrokken", "Withdrawn"),
    ("Erkend", "Recognised"),
    ("Wachtlijst", "Waiting list"),
    # Not "Taal": it is also part of a study domain's official name ("Taal en cultuur").
    ("Doelgraad", "Target level"),
    ("kandidaturen", "applications"),
    ("dagen per week", "days per week"),
    ("Leerwerkplekken", "Learning workplaces"),
    ("Sectorconvenanten", "Sector covenants"),
    ("Werkplekleren", "Workplace learning"),
    ("Opleiding", "Programme"),
    ("Onderneming", "Company"),
    ("Vestiging", "Site"),
    ("Lerende", "Learner"),
    ("Aanmelden", "Log in"),
    ("Afmelden", "Log out"),
    ("Meldingen", "Notifications"),
    ("Opslaan", "Save"),
    ("Indienen", "Submit"),
    ("Zoeken", "Search"),
    ("Volgende", "Next"),
    ("Vorige", "Previous"),
)
# Single short words that are one language's own ("ja" / "yes") leak only as a whole label.
_SHORT_LEAKS: tuple[tuple[str, str], ...] = (("ja", "yes"), ("nee", "no"))
# Function words that mark a phrase as Dutch or English; ordinary words are learned from
# KNOWN_LEAKS. Words both languages share ("in", "of" is Dutch "or") are left out on purpose.
_NL_WORDS = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "van",
        "voor",
        "met",
        "niet",
        "naar",
        "op",
        "aan",
        "uw",
        "jouw",
        "je",
        "bij",
        "door",
        "als",
        "dan",
        "zijn",
        "wordt",
        "worden",
        "nog",
        "geen",
        "alle",
        "deze",
        "dit",
        "wat",
        "wie",
        "waar",
        "hoe",
        "per",
        "tot",
        "ja",
        "nee",
        "mijn",
        "onze",
        "ook",
    ]
)
_EN_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "for",
        "with",
        "not",
        "to",
        "on",
        "at",
        "your",
        "you",
        "by",
        "from",
        "as",
        "than",
        "are",
        "is",
        "be",
        "still",
        "no",
        "all",
        "these",
        "this",
        "what",
        "who",
        "where",
        "how",
        "until",
        "yes",
        "my",
        "our",
        "also",
        "of",
    ]
)


def _words(phrase: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", phrase.lower())


def _vocabulary(pairs: Iterable[tuple[str, str]]) -> tuple[set[str], set[str]]:
    nl: set[str] = set()
    en: set[str] = set()
    for dutch, english in pairs:
        nl.update(_words(dutch))
        en.update(_words(english))
    shared = nl & en
    return nl - shared, en - shared


_NL_VOCAB, _EN_VOCAB = _vocabulary(KNOWN_LEAKS + _SHORT_LEAKS)


def phrase_language(phrase: str) -> str | None:
    """ "nl", "en" or None (cannot tell) for a short phrase, by its function words and the
    words of the known leaked pairs."""
    words = _words(phrase)
    nl = sum(1 for w in words if w in _NL_WORDS or w in _NL_VOCAB)
    en = sum(1 for w in words if w in _EN_WORDS or w in _EN_VOCAB)
    if nl > en:
        return "nl"
    if en > nl:
        return "en"
    return None


_SLASH_PAIR = re.compile(r"([^\n/|·:()\[\]]{1,60}?)\s/\s([^\n/|·:()\[\]]{1,60})")


def bilingual_slash_labels(text: str) -> list[str]:
    """Labels written in both languages at once, "Plaatsbezoek / Site visit": a " / " with a
    Dutch phrase on one side and an English phrase on the other."""
    found = []
    for line in text.splitlines():
        for match in _SLASH_PAIR.finditer(line):
            left, right = match.group(1).strip(), match.group(2).strip()
            # The phrase right next to the slash: at most four words on each side.
            left = " ".join(left.split()[-4:])
            right = " ".join(right.split()[:4])
            languages = {phrase_language(left), phrase_language(right)}
            if languages == {"nl", "en"}:
                found.append(f"{left} / {right}")
    return found


def other_language_phrases(
    text: str, language: str, pairs: Iterable[tuple[str, str]] = KNOWN_LEAKS
) -> list[str]:
    """Phrases of the other language in a page's text: on a Dutch page the English half of a
    known leaked pair (and the other way round), plus labels with both halves."""
    found = []
    for dutch, english in pairs:
        if dutch.lower() == english.lower():
            continue
        other = english if language == "nl" else dutch
        if re.search(rf"(?<!\w){re.escape(other)}(?!\w)", text):
            found.append(other)
    for dutch, english in _SHORT_LEAKS:
        other = english if language == "nl" else dutch
        if re.search(rf"^\s*{re.escape(other)}\s*$", text, re.M | re.I):
            found.append(other)
    found += bilingual_slash_labels(text)
    return found
