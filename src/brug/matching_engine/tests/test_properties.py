"""Property tests over random tiny instances (brute force as the oracle)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brug.matching_engine import (
    Instance,
    check_stable,
    find_blocking_pairs,
    run_coverage,
    run_stable,
)
from brug.matching_engine.tests.helpers import (
    all_valid_assignments,
    as_result,
    assert_valid,
    instances,
    rank_of,
    reference_choice,
    stable_assignments,
)

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(instances())
def test_stable_is_valid_stable_and_learner_optimal(instance: Instance) -> None:
    result = run_stable(instance)
    assert_valid(instance, result)
    assert check_stable(instance, result)
    stable = stable_assignments(instance, result.seed, result.reserve_share)
    assert dict(result.assignment) in stable
    for other in stable:
        for lid, oid in other.items():
            # no learner is better off in any stable matching
            assert rank_of(instance, lid, result.assignment[lid]) <= rank_of(instance, lid, oid)


@SETTINGS
@given(instances())
def test_blocking_pairs_match_literal_choice_function(instance: Instance) -> None:
    seed = instance.seed or 0
    share = instance.reserve_share
    for assignment in list(all_valid_assignments(instance))[:40]:
        result = as_result(instance, assignment, seed, share)
        expected = set()
        for learner in instance.learners:
            current = assignment[learner.id]
            for oid in learner.preferences:
                if oid == current:
                    break
                holders = [lid for lid, o in assignment.items() if o == oid]
                if learner.id in reference_choice(
                    instance, oid, [*holders, learner.id], seed, share
                ):
                    expected.add((learner.id, oid))
        assert set(find_blocking_pairs(instance, result)) == expected


@SETTINGS
@given(instances())
def test_coverage_is_optimal_and_places_at_least_as_many(instance: Instance) -> None:
    stable = run_stable(instance)
    coverage = run_coverage(instance)
    assert_valid(instance, coverage)
    assert coverage.stats.placed >= stable.stats.placed
    best = max(
        (
            sum(o is not None for o in a.values()),
            -sum(rank_of(instance, lid, o) for lid, o in a.items() if o is not None),
        )
        for a in all_valid_assignments(instance)
    )
    rank_sum = sum(
        rank_of(instance, lid, o) for lid, o in coverage.assignment.items() if o is not None
    )
    assert (coverage.stats.placed, -rank_sum) == best


@settings(max_examples=100, deadline=None)
@given(instances(max_learners=12, max_openings=6, max_prefs=4), st.integers(0, 1000))
def test_deterministic_per_seed(instance: Instance, seed: int) -> None:
    for run in (run_stable, run_coverage):
        a = run(instance, seed)
        b = run(instance, seed)
        assert dict(a.assignment) == dict(b.assignment)
        assert a.stats == b.stats
        assert_valid(instance, a)
    assert check_stable(instance, run_stable(instance, seed))


@settings(max_examples=60, deadline=None)
@given(instances(max_learners=40, max_openings=12, max_prefs=5))
def test_medium_instances_valid_and_stable(instance: Instance) -> None:
    stable = run_stable(instance)
    coverage = run_coverage(instance)
    assert_valid(instance, stable)
    assert_valid(instance, coverage)
    assert not find_blocking_pairs(instance, stable)
    assert coverage.stats.placed >= stable.stats.placed
