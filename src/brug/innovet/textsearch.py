"""The catalogue's text normalising now lives in `brug.core.textsearch` (shared with the
partnership register); this name stays for existing imports."""

from brug.core.textsearch import (
    document,
    fold,
    fts_query,
    parse,
    pg_query,
    stem,
    title_matcher,
    tokens,
)

__all__ = [
    "document",
    "fold",
    "fts_query",
    "parse",
    "pg_query",
    "stem",
    "title_matcher",
    "tokens",
]
