"""Time stable mode on 500,000 learners x 10 preferences over 200,000 openings.

Usage: PYTHONPATH=src python bench/matching/bench_engine.py [--runs 5] [--learners N]
Building the instance (generation + validation/indexing) is timed separately.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate

from brug.matching_engine import check_valid, run_stable
from brug.matching_engine.model import Instance


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=500_000)
    parser.add_argument("--openings", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    t0 = time.perf_counter()
    raw = generate(args.learners, args.openings)
    t1 = time.perf_counter()
    # Re-validate and re-index the same specs: the cost of building an Instance alone.
    instance = Instance(raw.learners, raw.openings, raw.seed)
    t2 = time.perf_counter()
    print(f"generate specs + build: {t1 - t0:.2f}s; build Instance only: {t2 - t1:.2f}s")

    times = []
    cpu_times = []
    result = None
    for run in range(args.runs):
        start, cpu = time.perf_counter(), time.process_time()
        result = run_stable(instance, seed=run)
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu)
        print(
            f"run {run}: stable mode {times[-1]:.2f}s wall, {cpu_times[-1]:.2f}s CPU, "
            f"placed {result.stats.placed}"
        )
    assert result is not None
    assert check_valid(instance, result) == []
    s = result.stats
    print(
        f"median stable mode: {statistics.median(times):.2f}s wall, "
        f"{statistics.median(cpu_times):.2f}s CPU over {args.runs} runs "
        f"(wall min {min(times):.2f}s, max {max(times):.2f}s); "
        f"first choice {s.first_choice_share:.1%}, top 3 {s.top3_share:.1%}, "
        f"mean rank {s.mean_rank:.2f}"
    )


if __name__ == "__main__":
    main()
