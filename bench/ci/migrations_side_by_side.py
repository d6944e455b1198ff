"""The migration cycle of CI, old (one `brug` process per step) and new (one process), alternating.

    .venv/bin/python bench/ci/migrations_side_by_side.py [--rounds 2] [--old-commit 9bb3203]
        [--postgres postgres://postgres@127.0.0.1:5432/h_ci_mig] [--sqlite-only | --postgres-only]

The old script is `.ci/migrations` as of `--old-commit` (written to `var/` for the run); the new
one is the working tree's. Each round runs old then new (then new then old in the next round)
on SQLite and, with `--postgres`, on PostgreSQL (the database is dropped and created by the
script itself, as in CI). Reported per run: wall time, the CPU time of the script and every
process it started (children's user + system), and on PostgreSQL the server CPU of the
backends of that database (their /proc stat polled every 0.1 s, the last value of each
backend kept; a backend's last < 0.1 s can be missed), with the load average at the start.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TICK = os.sysconf("SC_CLK_TCK")


def _backend_cpu(database: str, stop: threading.Event, seen: dict[int, float]) -> None:
    """Poll the PostgreSQL backends connected to `database` (`postgres: user db ...`)."""
    marker = f" {database} "
    while not stop.is_set():
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                cmdline = Path(entry.path, "cmdline").read_bytes().decode(errors="replace")
                if not cmdline.startswith("postgres:") or marker not in cmdline + " ":
                    continue
                fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
                seen[int(entry.name)] = (int(fields[11]) + int(fields[12])) / TICK
            except (FileNotFoundError, ProcessLookupError, PermissionError, IndexError):
                continue
        stop.wait(0.1)


def run(kind: str, script: Path, target: str) -> dict[str, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    seen: dict[int, float] = {}
    stop = threading.Event()
    poller = None
    if target != "sqlite":
        poller = threading.Thread(target=_backend_cpu, args=(target.rsplit("/", 1)[1], stop, seen))
        poller.start()
    started = time.perf_counter()
    subprocess.run(["bash", str(script), target], check=True, cwd=ROOT, capture_output=True)
    wall = time.perf_counter() - started
    stop.set()
    if poller is not None:
        poller.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    result = {"wall": wall, "cpu": cpu, "server": sum(seen.values()), "load": load}
    print(
        f"{kind:3} {target.split(':')[0]:8} wall {wall:6.1f} s  client CPU {cpu:6.1f} s  "
        f"server CPU {result['server']:5.1f} s  load {load:5.2f}",
        flush=True,
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--old-commit", default="9bb3203")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/h_ci_mig")
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--postgres-only", action="store_true")
    args = parser.parse_args()
    old = ROOT / "var" / f"old-migrations-{os.getpid()}.sh"  # var/.. is the repository, as for .ci/
    old.parent.mkdir(exist_ok=True)
    old.write_text(
        subprocess.run(
            ["git", "show", f"{args.old_commit}:.ci/migrations"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    new = ROOT / ".ci" / "migrations"
    targets = ["sqlite"] if args.sqlite_only else ["sqlite", args.postgres]
    if args.postgres_only:
        targets = [args.postgres]
    results: dict[tuple[str, str], list[dict[str, float]]] = {}
    for i in range(args.rounds):
        order = [("old", old), ("new", new)] if i % 2 == 0 else [("new", new), ("old", old)]
        for target in targets:
            for kind, script in order:
                results.setdefault((kind, target), []).append(run(kind, script, target))
    old.unlink()
    print("\nmedians (wall / client CPU / server CPU, seconds) and new/old ratios")
    for target in targets:
        med = {
            kind: {k: statistics.median(r[k] for r in results[(kind, target)]) for k in r0}
            for kind in ("old", "new")
            for r0 in [results[(kind, target)][0]]
        }
        o, n = med["old"], med["new"]
        print(
            f"{target.split(':')[0]:8} old {o['wall']:.1f} / {o['cpu']:.1f} / {o['server']:.1f}"
            f"  new {n['wall']:.1f} / {n['cpu']:.1f} / {n['server']:.1f}"
            f"  ratio wall {n['wall'] / o['wall']:.2f} CPU {n['cpu'] / o['cpu']:.2f}"
            + (f" server {n['server'] / o['server']:.2f}" if o["server"] else "")
            + f"  (load {o['load']:.1f}-{n['load']:.1f})"
        )


if __name__ == "__main__":
    main()
