"""Time coverage mode (and the stable/coverage comparison) on 10,000s of learners.

Usage: PYTHONPATH=src python bench/matching/bench_coverage.py [--sizes 10000 50000]
       [--shapes 45000:15000] [--prefs 10] [--runs 5] [--reference]

``--sizes N`` uses N learners and 0.4 N openings; ``--shapes N:M`` sets both. With
``--reference`` the previous solver (kept as a test oracle) is timed on the same instances.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate

from brug.matching_engine import check_valid, find_blocking_pairs, run_coverage, run_stable
from brug.matching_engine.compiled import Compiled
from brug.matching_engine.lottery import lottery
from brug.matching_engine.tests import reference_coverage


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float, float, float]:
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), min(cpus), max(cpus)


def score(compiled: Compiled, assigned: list[int]) -> tuple[int, int]:
    pairs = [(k, o) for k, o in enumerate(assigned) if o >= 0]
    return len(pairs), sum(compiled.preferences(k).index(o) for k, o in pairs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 50_000])
    parser.add_argument("--shapes", nargs="*", default=[])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--prefs", type=int, default=10)
    parser.add_argument("--reference", action="store_true")
    args = parser.parse_args()
    shapes = [(n, int(n * 0.4)) for n in args.sizes]
    shapes += [(int(a), int(b)) for a, b in (s.split(":") for s in args.shapes)]
    for n, m in shapes:
        instance = generate(n, m, args.prefs)
        stable = run_stable(instance, 0)
        coverage = run_coverage(instance, 0)
        wall, cpu, lo, hi = timed(lambda: run_coverage(instance, 0), args.runs)  # noqa: B023
        assert check_valid(instance, coverage) == []
        blocking = len(find_blocking_pairs(instance, coverage))
        print(
            f"{n} learners x {args.prefs} / {m} openings: coverage {wall:.2f}s wall, {cpu:.2f}s CPU "
            f"(median of {args.runs}, CPU {lo:.2f}-{hi:.2f}s); "
            f"placed {coverage.stats.placed} vs stable {stable.stats.placed} "
            f"(+{coverage.stats.placed - stable.stats.placed}); mean rank "
            f"{coverage.stats.mean_rank:.2f} vs {stable.stats.mean_rank:.2f}; "
            f"{blocking} blocking pairs"
        )
        if args.reference:
            compiled = instance.compiled
            _, order = lottery(compiled.learner_ids, 0, compiled.sorted_learners)
            solve = reference_coverage.min_cost_max_assignment
            wall, cpu, lo, hi = timed(lambda: solve(compiled, order), args.runs)  # noqa: B023
            same = score(compiled, solve(compiled, order)) == (
                coverage.stats.placed,
                round((coverage.stats.mean_rank or 1) * coverage.stats.placed)
                - coverage.stats.placed,
            )
            print(
                f"  previous solver: {wall:.2f}s wall, {cpu:.2f}s CPU "
                f"(median of {args.runs}, CPU {lo:.2f}-{hi:.2f}s); same placed and total "
                f"rank: {same}"
            )


if __name__ == "__main__":
    main()
