"""Time coverage mode (and the stable/coverage comparison) on 10,000s of learners.

Usage: PYTHONPATH=src python bench/matching/bench_coverage.py [--sizes 10000 50000] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate

from brug.matching_engine import check_valid, find_blocking_pairs, run_coverage, run_stable


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for n in args.sizes:
        instance = generate(n, int(n * 0.4))
        stable = run_stable(instance, 0)
        times = []
        cpu_times = []
        for _ in range(args.runs):
            start, cpu = time.perf_counter(), time.process_time()
            coverage = run_coverage(instance, 0)
            times.append(time.perf_counter() - start)
            cpu_times.append(time.process_time() - cpu)
        assert check_valid(instance, coverage) == []
        blocking = len(find_blocking_pairs(instance, coverage))
        print(
            f"{n} learners: coverage {statistics.median(times):.2f}s wall, "
            f"{statistics.median(cpu_times):.2f}s CPU (median of {args.runs}); "
            f"placed {coverage.stats.placed} vs stable {stable.stats.placed} "
            f"(+{coverage.stats.placed - stable.stats.placed}); mean rank "
            f"{coverage.stats.mean_rank:.2f} vs {stable.stats.mean_rank:.2f}; "
            f"{blocking} blocking pairs"
        )


if __name__ == "__main__":
    main()
