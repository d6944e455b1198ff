"""What `brug.core.api_cache.write_hook` costs a statement, hook on the connection vs not.

Usage (a migrated database; a scratch table is created and dropped):

    DATABASE_URL=sqlite:////tmp/bench-hook.sqlite3 .venv/bin/python bench/core/write_hook.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/brug_bench .venv/bin/python bench/core/write_hook.py

Each batch is a loop of ORM work on `auth.Group` (create, read by pk, filter, update, delete:
three writes, two reads and the savepoint statements of `atomic()`), in one transaction. The
forms alternate batch by batch in one process: `none` (no hook on the connection: what the
current code leaves when the API cache is off) and `hook` (the hook first in the execute
wrappers, as every connection had it before; with the cache off it runs `is_write()` on each
statement and bumps nothing). Process CPU (the hook runs in the app process; on PostgreSQL the
server's work is not in it) and wall per statement, median of the batches; and what the code
installs on a new connection with the cache off and on.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brug.config.settings")

import django

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from brug.core import api_cache  # noqa: E402


def batch(n: int) -> None:
    with transaction.atomic():
        for i in range(n):
            with transaction.atomic():
                group = Group.objects.create(name=f"bench-hook-{i}")
                Group.objects.get(pk=group.pk)
                list(Group.objects.filter(name__startswith="bench-hook-")[:5])
                Group.objects.filter(pk=group.pk).update(name=f"bench-hook-{i}-x")
                group.delete()


def use(hook: bool) -> None:
    wrappers = connection.execute_wrappers
    if api_cache.write_hook in wrappers:
        wrappers.remove(api_cache.write_hook)
    if hook:
        wrappers.insert(0, api_cache.write_hook)


def installed(**overrides: object) -> bool:
    with override_settings(**overrides):
        connection.close()
        connection.ensure_connection()
        return api_cache.write_hook in connection.execute_wrappers


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--batches", type=int, default=15, help="per form")
    parser.add_argument("--loops", type=int, default=200, help="ORM loops per batch")
    args = parser.parse_args()
    print(
        f"{connection.vendor}; cache enabled: {api_cache.enabled()}; new connection with the cache"
        f" off has the hook: {installed(BRUG_API_CACHE_SECONDS=30, BRUG_API_CACHE_LOCAL=False)};"
        f" on: {installed(BRUG_API_CACHE_SECONDS=30, BRUG_API_CACHE_LOCAL=True)}"
    )
    connection.ensure_connection()
    with CaptureQueriesContext(connection) as ctx:
        batch(1)
    statements = len(ctx.captured_queries) * args.loops
    forms = {"none": False, "hook": True}
    cpu: dict[str, list[float]] = {form: [] for form in forms}
    wall: dict[str, list[float]] = {form: [] for form in forms}
    load0 = os.getloadavg()[0]
    batch(args.loops)  # warm up
    for _ in range(args.batches):
        for form, hook in forms.items():
            use(hook)
            c0, t0 = time.process_time(), time.perf_counter()
            batch(args.loops)
            cpu[form].append((time.process_time() - c0) / statements * 1e6)
            wall[form].append((time.perf_counter() - t0) / statements * 1e6)
    print(
        f"{args.batches} batches per form, alternating, {statements} statements a batch; "
        f"load average {load0:.1f} -> {os.getloadavg()[0]:.1f}"
    )
    print("| form | CPU µs / statement (median) | wall µs / statement (median) |\n|---|---:|---:|")
    for form in forms:
        print(
            f"| {form} | {statistics.median(cpu[form]):.1f} | {statistics.median(wall[form]):.1f} |"
        )
    extra = statistics.median(cpu["hook"]) - statistics.median(cpu["none"])
    print(
        f"hook - none: {extra:.2f} µs CPU a statement "
        f"({extra / statistics.median(cpu['none']) * 100:.1f} % of the statement's CPU)"
    )


if __name__ == "__main__":
    main()
