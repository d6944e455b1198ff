"""The one full-text search of Brug, shared by the InnoVET catalogue and the partnership
register: a model with a `search_document` text column is found by words, ranked by relevance.

Two backends with the same contract, chosen by database vendor:
* PostgreSQL: `to_tsvector('dutch', search_document)` with a functional GIN index,
  `websearch_to_tsquery`-like raw queries (`textsearch.pg_query`) and `ts_rank`;
* SQLite: an FTS5 table (rowid = the row's id) holding light Dutch stems (`textsearch`), kept in
  sync by `FullTextIndex.write`, which every write of the model calls through its app.

`FullTextIndex.migration()` creates the vendor structure (the GIN index or the FTS5 table) in
the owning app's migration.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, migrations
from django.db.models import Model, QuerySet
from django.db.models.expressions import RawSQL

from brug.core import textsearch

M = TypeVar("M", bound=Model)
IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def is_postgres(using: Any = None) -> bool:
    return (using or connection).vendor == "postgresql"


def backend_name() -> str:
    return "postgresql-dutch" if is_postgres() else "sqlite-fts5"


@dataclass(frozen=True)
class FullTextIndex:
    """The full-text index of one model: `table` is the model's database table, `fts_table` the
    SQLite FTS5 table, `gin_index` the PostgreSQL index name."""

    table: str
    fts_table: str
    gin_index: str
    column: str = "search_document"
    # A title column ranks above the rest of the document on PostgreSQL ("lassen" puts welding
    # courses first, not a row that only lists a welding programme); SQLite does the same with
    # `textsearch.title_matcher` where the caller sorts.
    title: str | None = None
    # SQLite: a column holding `textsearch.document(title)` (the title's stems), so the relevance
    # sort runs in SQL (`sqlite_page_ids`) with the same title test as `title_matcher`.
    title_stems: str | None = None
    # PostgreSQL: a stored column holding the weighted vector above (title A, document D; a
    # generated column made by the owning app's migration), so ts_rank reads it instead of
    # running to_tsvector twice per matching row. Same vector, same rank.
    rank_vector: str | None = None

    def __post_init__(self) -> None:
        # The names go into SQL text: only plain identifiers written in the code are accepted.
        for name in (
            self.table,
            self.fts_table,
            self.gin_index,
            self.column,
            self.title or "x",
            self.title_stems or "x",
            self.rank_vector or "x",
        ):
            if not IDENTIFIER.fullmatch(name):
                raise ValueError(f"not an SQL identifier: {name!r}")

    # ------------------------------------------------------------------ structure

    def ensure(self, using: Any = None) -> None:
        """Create the SQLite FTS5 table if it is missing (cheap; also after `migrate`)."""
        conn = using or connection
        if conn.vendor == "postgresql" and self.rank_vector:
            # PostgreSQL: the stored rank vector (tests build tables without migrations).
            with conn.cursor() as cursor:
                cursor.execute(self.rank_vector_sql())
            return
        if conn.vendor != "sqlite":
            return
        with conn.cursor() as cursor:
            cursor.execute(self._fts_sql())

    def rank_vector_sql(self) -> str:
        """PostgreSQL: the generated column `rank_vector`, the weighted vector ts_rank reads —
        the expression Django writes for SearchVector(title, weight A) + (column, weight D)."""
        if not (self.rank_vector and self.title):
            raise ValueError("rank_vector_sql needs rank_vector and title")
        return (
            f"ALTER TABLE IF EXISTS {self.table} "
            f"ADD COLUMN IF NOT EXISTS {self.rank_vector} tsvector "
            "GENERATED ALWAYS AS ("
            f"setweight(to_tsvector('dutch'::regconfig, COALESCE({self.title}, '')), 'A') || "
            f"setweight(to_tsvector('dutch'::regconfig, COALESCE({self.column}, '')), 'D')"
            ") STORED"
        )

    def _fts_sql(self) -> str:
        return (
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.fts_table} "
            "USING fts5(document, tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')"
        )

    def _gin_sql(self) -> str:
        return (
            f"CREATE INDEX IF NOT EXISTS {self.gin_index} ON {self.table} "
            f"USING gin (to_tsvector('dutch'::regconfig, COALESCE({self.column}, '')))"
        )

    def migration(self) -> migrations.RunPython:
        """The migration operation that creates (and on reverse drops) the vendor structure."""

        def create(apps: Any, schema_editor: Any) -> None:
            vendor = schema_editor.connection.vendor
            if vendor == "postgresql":
                schema_editor.execute(self._gin_sql())
            elif vendor == "sqlite":
                schema_editor.execute(self._fts_sql())

        def drop(apps: Any, schema_editor: Any) -> None:
            vendor = schema_editor.connection.vendor
            if vendor == "postgresql":
                schema_editor.execute(f"DROP INDEX IF EXISTS {self.gin_index}")
            elif vendor == "sqlite":
                schema_editor.execute(f"DROP TABLE IF EXISTS {self.fts_table}")

        return migrations.RunPython(create, drop)

    # ------------------------------------------------------------------ writing

    def write(self, rows: Iterable[tuple[int, str]]) -> None:
        """Store the (id, search document) pairs in the SQLite FTS table (PostgreSQL indexes the
        column itself)."""
        if is_postgres():
            return
        self.ensure()
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT OR REPLACE INTO {self.fts_table}(rowid, document) VALUES (%s, %s)",  # noqa: S608 (identifier checked)
                [(pk, textsearch.document(doc)) for pk, doc in rows],
            )

    def remove(self, ids: Iterable[int]) -> None:
        if is_postgres():
            return
        self.ensure()
        with connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {self.fts_table} WHERE rowid = %s",  # noqa: S608 (identifier checked)
                [(i,) for i in ids],
            )

    # ------------------------------------------------------------------ searching

    def match(self, qs: QuerySet[M], text: str) -> QuerySet[M] | None:
        """Filter to rows matching `text` (PostgreSQL also annotates `rank`); None: no terms
        (only stop words), so the caller searches on its filters alone."""
        if is_postgres():
            raw = textsearch.pg_query(text)
            if not raw:
                return None
            vector = SearchVector(self.column, config="dutch")
            query = SearchQuery(raw, config="dutch", search_type="raw")
            weighted: Any = (
                SearchVector(self.title, config="dutch", weight="A")
                + SearchVector(self.column, config="dutch", weight="D")
                if self.title
                else vector
            )
            if self.rank_vector:
                weighted = RawSQL(f'"{self.table}"."{self.rank_vector}"', ())  # noqa: S611 (identifiers checked)
            ranked: QuerySet[M] = (
                qs.annotate(search=vector)
                .filter(search=query)
                .annotate(rank=SearchRank(weighted, query))
            )
            return ranked
        fts = textsearch.fts_query(text)
        if not fts:
            return None
        self.ensure()
        # A non-correlated IN (...) runs the FTS query once, whatever plan SQLite picks for the
        # other filters (a join let it probe the FTS table once per row without ANALYZE stats).
        return qs.filter(
            pk__in=RawSQL(  # noqa: S611 (identifier checked, the text is a parameter)
                f"SELECT rowid FROM {self.fts_table} WHERE {self.fts_table} MATCH %s",  # noqa: S608
                (fts,),
            )
        )

    def sqlite_ranks(self, text: str) -> dict[int, float]:
        """bm25 per matching row (lower is better), in one pass over the FTS index."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, bm25({self.fts_table}) FROM {self.fts_table} "  # noqa: S608
                f"WHERE {self.fts_table} MATCH %s",
                (textsearch.fts_query(text),),
            )
            return dict(cursor.fetchall())

    def sqlite_page_ids(
        self, filtered: QuerySet[M], text: str, *, offset: int, limit: int
    ) -> list[int]:
        """One page of the ids of `filtered` (rows matching `text`) by relevance, ordered by
        SQLite: rows whose title names every AND-ed group of the query first (the test of
        `textsearch.title_matcher`, on the `title_stems` column), then bm25, then id — the
        order the Python ranking gives, without reading every match into Python."""
        if not self.title_stems:
            raise ValueError("sqlite_page_ids needs the title_stems column")
        groups, _negatives = textsearch.parse(text)
        tests: list[str] = []
        params: list[Any] = []
        for group in groups:
            alternatives = []
            for phrase in group:
                words = []
                for word in phrase:
                    # A title word starts with the stem: ' ' + stem occurs in ' ' + stems.
                    words.append(f"instr(' ' || o.{self.title_stems}, ' ' || %s) > 0")
                    params.append(word)
                alternatives.append("(" + " AND ".join(words) + ")")
            tests.append("(" + " OR ".join(alternatives) + ")")
        in_title = " AND ".join(tests) if tests else "0"
        ids_sql, ids_params = filtered.order_by().values("pk").query.sql_with_params()
        sql = (
            f"SELECT o.id FROM {self.table} o "  # noqa: S608 (identifiers checked, values are parameters)
            f"JOIN (SELECT rowid AS id, bm25({self.fts_table}) AS r FROM {self.fts_table} "
            f"WHERE {self.fts_table} MATCH %s) m ON m.id = o.id "
            f"WHERE o.id IN ({ids_sql}) "
            f"ORDER BY ({in_title}) DESC, m.r, o.id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [textsearch.fts_query(text), *ids_params, *params, limit, offset])
            return [row[0] for row in cursor.fetchall()]
