"""Old and new publication code side by side, alternating in one process (PostgreSQL).

    DEBUG=false DATABASE_URL=postgres://postgres@127.0.0.1:5432/brug_bench_round \\
        .venv/bin/python bench/matching/round_side_by_side.py [--runs 3]

Uses the database `round_flanders.py` generated (run that once first). "row" is the previous
code: PostgreSQL checks every inserted foreign key from its row triggers (at commit);
"set" is `core.bulk.foreign_keys_checked_per_set`: the publication's bulk inserts are checked
per set. Each run undoes the previous publication (not timed) and times compute and publish
like `round_flanders.py`; the variants alternate (row, set, row, set, ...) after one warm-up
each. Prints per run the wall time, this process's CPU time, the CPU time of the PostgreSQL
backend serving it (from /proc: the server must run on this machine) and the load average, then
medians, min-max and the ratio set/row, and checks that both variants publish identical rows
(a digest of placements, training plan items, results and audit entries, keyed by learner).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import round_flanders as rf
from django.db import connection

from brug.accounts.models import User
from brug.core import bulk
from brug.core.models import AuditEntry
from brug.matching import services
from brug.matching.models import MatchingRound
from brug.workplace import models as w


def digest(rnd: MatchingRound) -> str:
    """Everything the publication wrote, with generated ids replaced by the learner."""
    h = hashlib.sha256()
    placements = w.Placement.objects.filter(opening__round_links__round=rnd)
    learner_of = dict(placements.values_list("pk", "learner_id"))
    for row in sorted(
        placements.values_list("learner_id", "opening_id", "mentor_id", "start", "end", "status")
    ):
        h.update(repr(row).encode())
    for row in sorted(
        (learner_of[p], c, loc, prog)
        for p, c, loc, prog in w.TrainingPlanItem.objects.filter(
            plan__placement__in=placements
        ).values_list("plan__placement_id", "competence_id", "location", "progress")
    ):
        h.update(repr(row).encode())
    for row in sorted(
        (lp, op, rank, lot, repr(reasons), learner_of.get(pl) if pl else None)
        for lp, op, rank, lot, reasons, pl in rnd.results.values_list(
            "learner_id", "opening_id", "preference_rank", "lottery_number", "reasons", "placement"
        )
    ):
        h.update(repr(row).encode())
    audits = AuditEntry.objects.filter(
        verb="placement.create", object_id__in=[str(pk) for pk in learner_of]
    )
    for row in sorted(
        (learner_of[int(oid)], rep.split(" @ ")[1], repr(sorted(ch.items())))
        for oid, rep, ch in audits.values_list("object_id", "object_repr", "changes")
    ):
        h.update(repr(row).encode())
    return h.hexdigest()[:16]


def server_cpu() -> float:
    """CPU seconds (user + system) of the PostgreSQL backend serving this connection, read from
    /proc (the server runs on the same machine): its own work, whatever the load."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def one_run(rnd: MatchingRound, admin: User, variant: str) -> dict[str, float | str]:
    bulk.SET_BASED_FK_CHECKS = variant == "set"
    rf.reset(rnd)
    rnd.refresh_from_db()
    load = os.getloadavg()[0]
    s0, c0, t0 = server_cpu(), time.process_time(), time.perf_counter()
    services.round_compute(actor=admin, rnd=rnd)
    s1, c1, t1 = server_cpu(), time.process_time(), time.perf_counter()
    rnd.refresh_from_db()
    services.round_publish(actor=admin, rnd=rnd, mode="stable")
    s2, c2, t2 = server_cpu(), time.process_time(), time.perf_counter()
    return {
        "server": s2 - s0,
        "server_publish": s2 - s1,
        "variant": variant,
        "compute": t1 - t0,
        "publish": t2 - t1,
        "full": t2 - t0,
        "cpu": c2 - c0,
        "cpu_publish": c2 - c1,
        "load": (load + os.getloadavg()[0]) / 2,
        "digest": digest(rnd),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3, help="counted runs per variant")
    args = parser.parse_args()
    assert connection.vendor == "postgresql", "the row-by-row checks are PostgreSQL's"
    rnd = MatchingRound.objects.get(name=rf.NAME)
    admin = User.objects.get(username="bench-admin")
    results: list[dict[str, float | str]] = []
    for i in range(args.runs + 1):
        for variant in ("row", "set"):
            r = one_run(rnd, admin, variant)
            label = "warm-up" if i == 0 else f"run {i}"
            print(
                f"{label:8} {variant}: compute {r['compute']:5.2f} s, publish {r['publish']:5.2f} s,"
                f" full {r['full']:5.2f} s, CPU {r['cpu']:5.2f} s (publish {r['cpu_publish']:4.2f} s),"
                f" server CPU {r['server']:5.2f} s (publish {r['server_publish']:4.2f} s),"
                f" load {r['load']:4.1f}, digest {r['digest']}",
                flush=True,
            )
            if i:
                results.append(r)
    digests = {r["digest"] for r in results}
    print(f"identical publications: {'yes' if len(digests) == 1 else 'NO ' + str(digests)}")
    for key in ("compute", "publish", "full", "cpu", "server", "server_publish"):
        med = {}
        for variant in ("row", "set"):
            values = [float(r[key]) for r in results if r["variant"] == variant]
            med[variant] = statistics.median(values)
            print(
                f"{key:8} {variant}: median {med[variant]:5.2f} s ({min(values):.2f}-{max(values):.2f})"
            )
        pairs = [
            float(b[key]) / float(a[key]) for a, b in zip(results[::2], results[1::2], strict=True)
        ]
        print(
            f"{key:8} ratio set/row: {med['set'] / med['row']:.2f} "
            f"(per pair {min(pairs):.2f}-{max(pairs):.2f})"
        )


if __name__ == "__main__":
    main()
