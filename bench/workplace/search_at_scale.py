"""The workplace search on a generated demo set (any scale), old and new side by side.

    DEBUG=false DATABASE_URL=sqlite:////work/wt/nl/var/nl-copy.sqlite3 \
        .venv/bin/python bench/workplace/search_at_scale.py --runs 5

Reads only. Four forms alternate in each run, on the same data and in one process:

* code: `old` is `selectors._nearest_ids` before this change (the hits in the model's order,
  `ORDER BY start, id`, then sorted again in Python); `new` is the current one (no ORDER BY);
* statistics (SQLite only): `nostats` without planner statistics (as `brug demo-data` left the
  file before it ran ANALYZE at the end), `stats` with them. The statistics are switched by
  emptying and refilling `sqlite_stat1` and reloading it (`ANALYZE sqlite_schema`). On
  PostgreSQL `brug demo-data` always ran ANALYZE, so only the code is compared there.

Every form must give the same 50 hits and distances (the digest of all answers is printed).
Wall and process CPU per search (on SQLite the process CPU includes the database's work; on
PostgreSQL the backend's CPU is read from /proc/<pid>/stat), median and p95 (nearest rank).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brug.config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from measure import alternate, box_distances, p95  # noqa: E402

from brug.registry import geo  # noqa: E402
from brug.workplace import models as w  # noqa: E402
from brug.workplace import selectors  # noqa: E402

PLACES = ["Gent", "Antwerpen", "Hasselt", "Brugge"]


def old_nearest_ids(qs: Any, site: str, place: geo.Place, km: float | None) -> Any:
    """`selectors._nearest_ids` before this change (commit c1cf121)."""
    return box_distances(qs, site, place, km)


class Stats:
    """Switch SQLite's planner statistics off and on (a no-op elsewhere)."""

    def __init__(self) -> None:
        self.rows: list[tuple[Any, ...]] = []
        self.sqlite = connection.vendor == "sqlite"
        if not self.sqlite:
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'")
            if not cursor.fetchone()[0]:
                started = time.perf_counter()
                cursor.execute("PRAGMA analysis_limit = 2000")
                cursor.execute("ANALYZE")
                print(f"ANALYZE (limit 2000): {time.perf_counter() - started:.1f} s")
            cursor.execute("SELECT tbl, idx, stat FROM sqlite_stat1")
            self.rows = cursor.fetchall()
        print(f"sqlite_stat1: {len(self.rows)} rows")

    def set(self, on: bool) -> None:
        if not self.sqlite:
            return
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM sqlite_stat1")
            if on:
                cursor.executemany("INSERT INTO sqlite_stat1 VALUES (?, ?, ?)", self.rows)
            cursor.execute("ANALYZE sqlite_schema")  # reload what the planner uses


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--radius", type=int, nargs="*", default=[20, max(selectors.DISTANCES_KM)])
    parser.add_argument("--places", nargs="*", default=PLACES)
    parser.add_argument("--no-programme", action="store_true", help="all programmes only")
    parser.add_argument("--plan", action="store_true", help="print the query plans once")
    args = parser.parse_args()
    settings.DEBUG = False
    stats = Stats()
    new_ids = selectors._nearest_ids
    forms: dict[str, tuple[Callable[..., Any], bool]] = {"new stats": (new_ids, True)}
    if stats.sqlite:
        forms = {
            "old nostats": (old_nearest_ids, False),
            "new nostats": (new_ids, False),
            "old stats": (old_nearest_ids, True),
            **forms,
        }
    else:
        forms = {"old stats": (old_nearest_ids, True), **forms}
    programme_id = (
        w.Opening.objects.filter(status=w.OpeningStatus.PUBLISHED)
        .values_list("programme_id", flat=True)
        .order_by("programme_id")
        .first()
    )
    print(
        f"{connection.vendor}: {w.Opening.objects.count():,} openings; "
        f"load average {os.getloadavg()[0]:.1f}; {args.runs} runs per form, alternating"
    )
    print(
        "| place | km | filter | form | hits | median ms | p95 ms | CPU ms | backend CPU ms |\n"
        "|---|---:|---|---|---:|---:|---:|---:|---:|"
    )
    digest = hashlib.sha256()
    widest: dict[str, list[float]] = {form: [] for form in forms}

    def prepare(form: str) -> None:
        fn, with_stats = forms[form]
        stats.set(with_stats)
        selectors._nearest_ids = fn

    try:
        for name in args.places:
            place = geo.resolve_place(name)
            if place is None:
                continue
            for km in args.radius:
                filters = [("all", None)] + ([] if args.no_programme else [("one", programme_id)])
                for label, programme in filters:
                    criteria = selectors.SearchCriteria(
                        programme_id=programme, place=place, radius_km=km, free_only=True
                    )
                    timings = alternate(forms, prepare, criteria, args.runs)
                    wall, first = timings.wall, timings.hits
                    digest.update(repr((name, km, label, first)).encode())
                    for form in forms:
                        if km == max(args.radius) and label == "all":
                            widest[form].extend(wall[form])
                        print(
                            f"| {name} | {km} | {label} | {form} | {len(first)} "
                            f"| {statistics.median(wall[form]):.1f} | {p95(wall[form]):.1f} "
                            f"| {statistics.median(timings.cpu[form]):.0f} "
                            f"| {statistics.median(timings.backend_cpu[form]):.0f} |",
                            flush=True,
                        )
    finally:
        selectors._nearest_ids = new_ids
        stats.set(True)
    for form, values in widest.items():
        if values:
            print(
                f"all programmes, {max(args.radius)} km, every place, {form}: "
                f"median {statistics.median(values):.1f} ms, p95 {p95(values):.1f} ms"
            )
    print(f"identical answers in every form; digest {digest.hexdigest()[:16]}")
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
