"""Two versions of the code, one full round each, alternating (old, new, old, new, ...).

    DEBUG=false DATABASE_URL=postgres://postgres@127.0.0.1:5432/brug_bench_round \\
        .venv/bin/python bench/matching/round_old_vs_new.py --old /tmp/brug-old [--runs 3]

`--old` is a directory holding another version's `src/` (e.g. `git archive <commit> src |
tar -x -C /tmp/brug-old`, plus the compiled `.mo` files); the new one is this tree's. Uses
the database `round_flanders.py` generated (run that once first). Each run is a fresh
process (`--one-run`) that imports `brug` from its version's `src/`, undoes the previous
publication (not timed) and times `round_compute` and `round_publish` like
`round_flanders.py`, with this process's CPU time and, on PostgreSQL, the CPU time of the
server backend serving it (from /proc: the server must run on this machine), and the load
average. One warm-up each, then `--runs` counted runs each; prints medians, min-max and the
ratio new/old, and checks that both versions wrote identical previews and publications
(digests of the previews' contents and of the published rows, keyed by learner).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
NEW_SRC = HERE.parents[1] / "src"
KEYS = (
    "compute",
    "publish",
    "full",
    "cpu",
    "cpu_compute",
    "cpu_publish",
    "server",
    "client_server",
)


def one_run(src: str) -> dict[str, Any]:
    sys.path.insert(0, src)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brug.config.settings")
    import django

    django.setup()
    import brug

    assert str(Path(brug.__file__).resolve()).startswith(str(Path(src).resolve())), brug.__file__
    sys.path.insert(1, str(HERE))
    import round_flanders as rf
    from django.db import connection
    from round_side_by_side import digest, server_cpu

    from brug.accounts.models import User
    from brug.matching import services
    from brug.matching.models import MatchingRound, RoundRun

    rnd = MatchingRound.objects.get(name=rf.NAME)
    admin = User.objects.get(username="bench-admin")
    rf.reset(rnd)
    rnd.refresh_from_db()
    pg = connection.vendor == "postgresql"
    load = os.getloadavg()[0]
    s0, c0, t0 = server_cpu() if pg else 0.0, time.process_time(), time.perf_counter()
    services.round_compute(actor=admin, rnd=rnd)
    s1, c1, t1 = server_cpu() if pg else 0.0, time.process_time(), time.perf_counter()
    rnd.refresh_from_db()
    services.round_publish(actor=admin, rnd=rnd, mode="stable")
    s2, c2, t2 = server_cpu() if pg else 0.0, time.process_time(), time.perf_counter()
    preview = hashlib.sha256()
    for row in (
        RoundRun.objects.filter(round=rnd)
        .order_by("mode")
        .values_list(
            "mode",
            "seed",
            "reserve_share",
            "assignment",
            "stats",
            "fairness",
            "unplaced",
            "details",
            "blocking_pairs",
        )
    ):
        preview.update(json.dumps(row, sort_keys=True, default=str).encode())
    return {
        "compute": t1 - t0,
        "publish": t2 - t1,
        "full": t2 - t0,
        "cpu": c2 - c0,
        "cpu_compute": c1 - c0,
        "cpu_publish": c2 - c1,
        "server": s2 - s0,
        "server_compute": s1 - s0,
        "server_publish": s2 - s1,
        "client_server": (c2 - c0) + (s2 - s0),
        "load": (load + os.getloadavg()[0]) / 2,
        "digest": digest(rnd),
        "preview": preview.hexdigest()[:16],
        "vendor": connection.vendor,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--old", help="directory holding the old version's src/")
    parser.add_argument("--runs", type=int, default=3, help="counted runs per version")
    parser.add_argument(
        "--old-database",
        metavar="URL",
        help="DATABASE_URL for the old version (when the versions' schemas differ: e.g. a copy "
        "made with `createdb -T`, migrated by neither or by the old code only)",
    )
    parser.add_argument("--one-run", metavar="SRC", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_run:
        print(json.dumps(one_run(args.one_run)))
        return
    versions = {"old": str(Path(args.old) / "src"), "new": str(NEW_SRC)}
    results: list[dict[str, Any]] = []
    env = {name: dict(os.environ) for name in versions}
    if args.old_database:
        env["old"]["DATABASE_URL"] = args.old_database
    for i in range(args.runs + 1):
        for name, src in versions.items():
            out = subprocess.run(
                [sys.executable, __file__, "--one-run", src],
                env=env[name],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            r = json.loads(out.strip().splitlines()[-1])
            r["version"] = name
            label = "warm-up" if i == 0 else f"run {i}"
            print(
                f"{label:8} {name}: compute {r['compute']:5.2f} s, publish {r['publish']:5.2f} s, "
                f"full {r['full']:5.2f} s, CPU {r['cpu']:5.2f} s (compute {r['cpu_compute']:4.2f}, "
                f"publish {r['cpu_publish']:4.2f}), server CPU {r['server']:5.2f} s (compute "
                f"{r['server_compute']:4.2f}, publish {r['server_publish']:4.2f}), "
                f"client+server {r['client_server']:5.2f} s, load {r['load']:4.1f}, "
                f"digest {r['digest']}, preview {r['preview']}",
                flush=True,
            )
            if i:
                results.append(r)
    same = len({(r["digest"], r["preview"]) for r in results}) == 1
    print(f"{results[0]['vendor']}: identical previews and publications: {'yes' if same else 'NO'}")
    loads = [r["load"] for r in results]
    print(f"load average during the counted runs: {min(loads):.1f}-{max(loads):.1f}")
    for key in (*KEYS, "server_compute", "server_publish"):
        med = {}
        for name in versions:
            values = [float(r[key]) for r in results if r["version"] == name]
            med[name] = statistics.median(values)
            print(
                f"{key:14} {name}: median {med[name]:6.2f} s ({min(values):.2f}-{max(values):.2f})"
            )
        if med["old"]:
            pairs = [
                float(b[key]) / float(a[key])
                for a, b in zip(results[::2], results[1::2], strict=True)
                if float(a[key])
            ]
            print(
                f"{key:14} ratio new/old: {med['new'] / med['old']:.2f} "
                f"(per pair {min(pairs):.2f}-{max(pairs):.2f})"
            )


if __name__ == "__main__":
    main()
