"""What one step of the old migration loop cost beyond its work: a `brug migrate` process vs
the same `migrate` called in a running process, alternating, on an up-to-date database.

    .venv/bin/python bench/ci/migrate_process_overhead.py [--runs 5]

The database (`var/h_ci_overhead.sqlite3`, or BENCH_DATABASE_URL) is migrated first; every
measured `migrate` then has nothing to apply, so the difference between the two is the start of
a process (Python, Django, the project's apps and URLs) and the system checks. The old
`.ci/migrations` started 16 processes per database (the app list, forward, 12 × `<app> zero`,
forward, `makemigrations --check`); `tools/migrations_cycle.py` starts one.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    url = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'h_ci_overhead.sqlite3'}"
    )
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brug.config.settings")
    brug = [str(Path(sys.executable).parent / "brug")]
    subprocess.run([*brug, "migrate", "--noinput", "-v0"], check=True, cwd=ROOT)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)  # warm: imports, first render
    process: list[tuple[float, float]] = []
    in_process: list[tuple[float, float]] = []
    for i in range(args.runs):
        for kind in ("process", "call") if i % 2 == 0 else ("call", "process"):
            load = os.getloadavg()[0]
            if kind == "process":
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                wall = time.perf_counter()
                subprocess.run([*brug, "migrate", "--noinput", "-v0"], check=True, cwd=ROOT)
                wall = time.perf_counter() - wall
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
                process.append((cpu, wall))
            else:
                cpu = time.process_time()
                wall = time.perf_counter()
                call_command("migrate", interactive=False, verbosity=0, skip_checks=False)
                wall = time.perf_counter() - wall
                cpu = time.process_time() - cpu
                in_process.append((cpu, wall))
            print(f"{kind:7} CPU {cpu:5.2f} s  wall {wall:5.2f} s  load {load:5.2f}", flush=True)
    p_cpu = statistics.median(c for c, _ in process)
    c_cpu = statistics.median(c for c, _ in in_process)
    print(
        f"median CPU: new process {p_cpu:.2f} s, in the running process {c_cpu:.2f} s; "
        f"difference {p_cpu - c_cpu:.2f} s a step, x15 steps = {15 * (p_cpu - c_cpu):.0f} s "
        "a database"
    )


if __name__ == "__main__":
    main()
