"""Stable versus coverage: the trade-off a coordinator sees."""

from __future__ import annotations

from brug.matching_engine.checks import find_blocking_pairs
from brug.matching_engine.coverage import run_coverage
from brug.matching_engine.model import Comparison, Instance, Result
from brug.matching_engine.stable import run_stable


def comparison_of(instance: Instance, stable: Result, coverage: Result) -> Comparison:
    return Comparison(
        seed=stable.seed,
        stable_placed=stable.stats.placed,
        coverage_placed=coverage.stats.placed,
        extra_placed=coverage.stats.placed - stable.stats.placed,
        coverage_blocking_pairs=len(find_blocking_pairs(instance, coverage)),
        stable_mean_rank=stable.stats.mean_rank,
        coverage_mean_rank=coverage.stats.mean_rank,
    )


def compare(instance: Instance, seed: int | None = None) -> Comparison:
    """Run both modes with the same seed and report extra placements and blocking pairs."""
    stable = run_stable(instance, seed)
    coverage = run_coverage(instance, stable.seed)
    return comparison_of(instance, stable, coverage)
