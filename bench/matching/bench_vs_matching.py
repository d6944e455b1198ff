"""Engine versus the ``matching`` package on one 10,000-learner instance.

Both solve the same strict priorities (the lottery is expanded into full priority lists for
the package); the assignments must be identical. Prints the speed ratio (must be >= 100),
measured in process CPU time so that other load on the machine does not skew it.
Usage: PYTHONPATH=src python bench/matching/bench_vs_matching.py [--learners 10000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate
from matching.games import HospitalResident

from brug.matching_engine import Instance, lottery_numbers, run_stable


def package_inputs(
    instance: Instance, seed: int
) -> tuple[dict[str, list[str]], dict[str, list[str]], dict[str, int]]:
    lids = [lr.id for lr in instance.learners]
    lottery = dict(zip(lids, lottery_numbers(lids, seed), strict=True))
    openings = {o.id: o for o in instance.openings}
    ranks = {
        o.id: {lid: i for i, lid in enumerate(o.priority)}
        for o in instance.openings
        if o.priority is not None
    }

    def acceptable(lid: str, oid: str) -> bool:
        return openings[oid].capacity > 0 and (oid not in ranks or lid in ranks[oid])

    residents = {
        lr.id: [oid for oid in lr.preferences if acceptable(lr.id, oid)] for lr in instance.learners
    }
    residents = {lid: prefs for lid, prefs in residents.items() if prefs}
    applicants: dict[str, list[str]] = {}
    for lid, prefs in residents.items():
        for oid in prefs:
            applicants.setdefault(oid, []).append(lid)
    hospitals = {
        oid: sorted(lids_, key=ranks[oid].__getitem__ if oid in ranks else lottery.__getitem__)
        for oid, lids_ in applicants.items()
    }
    capacities = {oid: openings[oid].capacity for oid in hospitals}
    return residents, hospitals, capacities


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    instance = generate(args.learners, int(args.learners * 0.4))
    seed = 11

    engine_times = []
    for _ in range(args.runs):
        start = time.process_time()
        result = run_stable(instance, seed)
        engine_times.append(time.process_time() - start)
    engine = statistics.median(engine_times)

    residents, hospitals, capacities = package_inputs(instance, seed)
    holder: dict[str, Any] = {}

    def solve() -> None:
        start = time.process_time()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            game = HospitalResident.create_from_dictionaries(residents, hospitals, capacities)
            holder["matching"] = game.solve(optimal="resident")
        holder["seconds"] = time.process_time() - start

    # The package deep-copies its player graph recursively: give it a deep, roomy stack.
    sys.setrecursionlimit(1_000_000)
    threading.stack_size(1 << 30)
    thread = threading.Thread(target=solve)
    thread.start()
    thread.join()
    matching = holder["matching"]
    package = holder["seconds"]

    theirs: dict[str, str | None] = dict.fromkeys(result.assignment)
    for hospital, members in matching.items():
        for resident in members:
            theirs[resident.name] = hospital.name
    assert dict(result.assignment) == theirs, "assignments differ"
    ratio = package / engine
    print(
        f"{args.learners} learners: engine {engine * 1000:.1f} ms CPU (median of {args.runs}), "
        f"matching package {package:.1f}s CPU (build + solve), identical assignment, "
        f"speed ratio {ratio:.0f}x"
    )
    assert ratio >= 100, f"speed ratio {ratio:.0f}x < 100x"


if __name__ == "__main__":
    main()
