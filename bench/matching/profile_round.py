"""Where a full round's database time goes: every statement timed and grouped by its text,
plus (PostgreSQL) the deferred foreign-key checks run just before the commit.

    DEBUG=false DATABASE_URL=postgres://postgres@127.0.0.1:5432/brug_bench_round \\
        .venv/bin/python bench/matching/profile_round.py

Uses the database `round_flanders.py` generated (run that once first); undoes the previous
publication the same way, then runs compute and publish once with the statement timer on.
The timer adds a little overhead of its own; use `round_flanders.py` for the figures.
`--row-checks` turns `core.bulk.foreign_keys_checked_per_set` off (the previous behaviour:
every foreign key of the bulk inserts checked row by row by PostgreSQL's triggers).
`--cprofile FILE` also profiles this process (cProfile, written to FILE for `pstats`) and
prints its top functions; it prints this process's and (PostgreSQL) the server backend's
CPU time for compute and publish.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
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


def server_cpu() -> float:
    """CPU seconds of the PostgreSQL backend serving this connection (0 elsewhere)."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--row-checks", action="store_true", help="the previous row-by-row checks")
    parser.add_argument("--cprofile", metavar="FILE", help="also profile this process")
    args = parser.parse_args()
    bulk.SET_BASED_FK_CHECKS = not args.row_checks
    profiler = cProfile.Profile() if args.cprofile else None
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
    load = os.getloadavg()[0]
    with connection.execute_wrapper(timed):
        s0, c0, t0 = server_cpu(), time.process_time(), time.perf_counter()
        if profiler:
            profiler.enable()
        services.round_compute(actor=admin, rnd=rnd)
        if profiler:
            profiler.disable()
        s1, c1, t1 = server_cpu(), time.process_time(), time.perf_counter()
        rnd.refresh_from_db()
        if profiler:
            profiler.enable()
        services.round_publish(actor=admin, rnd=rnd, mode="stable")
        if profiler:
            profiler.disable()
        s2, c2, t2 = server_cpu(), time.process_time(), time.perf_counter()
    print(
        f"foreign keys of the bulk inserts checked {'per set' if bulk.SET_BASED_FK_CHECKS else 'row by row'}"
    )
    print(f"database: {connection.vendor}; compute {t1 - t0:.2f} s, publish {t2 - t1:.2f} s")
    print(
        f"CPU of this process: compute {c1 - c0:.2f} s, publish {c2 - c1:.2f} s; "
        f"server backend: compute {s1 - s0:.2f} s, publish {s2 - s1:.2f} s; "
        f"load average {load:.1f} -> {os.getloadavg()[0]:.1f}"
    )
    if checks:
        print(
            f"deferred constraint checks before each commit: {', '.join(f'{c:.2f} s' for c in checks)}"
        )
    print(f"top {TOP} statements by total time (seconds, count, text):")
    for text, (count, seconds) in sorted(totals.items(), key=lambda kv: -kv[1][1])[:TOP]:
        print(f"{seconds:7.2f} {count:5d}  {text}")
    if profiler:
        profiler.dump_stats(args.cprofile)
        stats = pstats.Stats(args.cprofile)
        stats.sort_stats("tottime").print_stats(30)
        stats.sort_stats("cumulative").print_stats(60)


if __name__ == "__main__":
    main()
