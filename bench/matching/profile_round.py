"""Where a full round's database time goes: every statement timed and grouped by its text,
plus (PostgreSQL) the deferred foreign-key checks run just before the commit.

    DEBUG=false DATABASE_URL=postgres://postgres@127.0.0.1:5432/brug_bench_round \\
        .venv/bin/python bench/matching/profile_round.py

Uses the database `round_flanders.py` generated (run that once first); undoes the previous
publication the same way, then runs compute and publish once with the statement timer on.
The timer adds a little overhead of its own; use `round_flanders.py` for the figures.
`--row-checks` turns `core.bulk.foreign_keys_checked_per_set` off (the previous behaviour:
every foreign key of the bulk inserts checked row by row by PostgreSQL's triggers).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import round_flanders as rf
from django.db import connection

from brug.accounts.models import User
from brug.core import bulk
from brug.matching import services
from brug.matching.models import MatchingRound

TOP = 25
totals: dict[str, list[Any]] = defaultdict(lambda: [0, 0.0])


def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        entry = totals[re.sub(r"\s+", " ", sql)[:100]]
        entry[0] += 1
        entry[1] += time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--row-checks", action="store_true", help="the previous row-by-row checks")
    bulk.SET_BASED_FK_CHECKS = not parser.parse_args().row_checks
    rnd = MatchingRound.objects.get(name=rf.NAME)
    rf.reset(rnd)
    rnd.refresh_from_db()
    admin = User.objects.get(username="bench-admin")
    commit = connection._commit
    checks: list[float] = []

    def checked_commit() -> Any:
        if connection.vendor == "postgresql":
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # runs the deferred checks
            checks.append(time.perf_counter() - started)
        return commit()

    connection._commit = checked_commit  # type: ignore[method-assign]
    with connection.execute_wrapper(timed):
        t0 = time.perf_counter()
        services.round_compute(actor=admin, rnd=rnd)
        t1 = time.perf_counter()
        rnd.refresh_from_db()
        services.round_publish(actor=admin, rnd=rnd, mode="stable")
        t2 = time.perf_counter()
    print(
        f"foreign keys of the bulk inserts checked {'per set' if bulk.SET_BASED_FK_CHECKS else 'row by row'}"
    )
    print(f"database: {connection.vendor}; compute {t1 - t0:.2f} s, publish {t2 - t1:.2f} s")
    if checks:
        print(
            f"deferred constraint checks before each commit: {', '.join(f'{c:.2f} s' for c in checks)}"
        )
    print(f"top {TOP} statements by total time (seconds, count, text):")
    for text, (count, seconds) in sorted(totals.items(), key=lambda kv: -kv[1][1])[:TOP]:
        print(f"{seconds:7.2f} {count:5d}  {text}")


if __name__ == "__main__":
    main()
