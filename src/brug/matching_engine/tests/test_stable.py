"""Example-based tests of stable mode, reserves, checks and the lottery."""

from __future__ import annotations

import dataclasses

from brug.matching_engine import (
    Instance,
    LearnerSpec,
    OpeningSpec,
    Result,
    check_stable,
    check_valid,
    find_blocking_pairs,
    lottery_numbers,
    run_coverage,
    run_stable,
)
from brug.matching_engine.tests.helpers import assert_valid


def L(lid: str, *prefs: str, sn: bool = False) -> LearnerSpec:
    return LearnerSpec(lid, prefs, sn)


def test_priority_list_decides_and_unlisted_learners_are_unacceptable() -> None:
    instance = Instance.build(
        [L("a", "x", "y"), L("b", "x", "y"), L("c", "x")],
        [OpeningSpec("x", 1, ("b", "a")), OpeningSpec("y", 1)],
    )
    result = run_stable(instance, seed=7)
    assert dict(result.assignment) == {"a": "y", "b": "x", "c": None}
    assert check_stable(instance, result)
    assert result.stats.placed == 2
    assert result.stats.unplaced == 1
    assert result.stats.rank_histogram == {1: 1, 2: 1}
    assert result.stats.mean_rank == 1.5


def test_lottery_is_sorted_ids_shuffled_by_seed() -> None:
    import random

    ids = ["b", "a", "c", "d"]
    order = sorted(ids)
    random.Random(5).shuffle(order)
    expected = [order.index(i) + 1 for i in ids]
    assert lottery_numbers(ids, 5) == expected


def test_lottery_orders_openings_without_priority() -> None:
    learners = [L(f"l{i}", "x") for i in range(6)]
    instance = Instance.build(learners, [OpeningSpec("x", 2)], seed=3)
    result = run_stable(instance)
    numbers = dict(
        zip([lr.id for lr in learners], lottery_numbers([lr.id for lr in learners], 3), strict=True)
    )
    winners = sorted(numbers, key=numbers.__getitem__)[:2]
    assert {lid for lid, o in result.assignment.items() if o} == set(winners)
    assert result.seed == 3
    assert run_stable(instance, seed=4).seed == 4


def test_zero_capacity_and_empty_preferences() -> None:
    instance = Instance.build(
        [L("a", "x", "y"), L("b")], [OpeningSpec("x", 0), OpeningSpec("y", 1)]
    )
    result = run_stable(instance)
    assert dict(result.assignment) == {"a": "y", "b": None}
    assert_valid(instance, result)


def test_displacement_chain_with_priorities() -> None:
    # a proposes first (lottery irrelevant: all openings have priority lists)
    instance = Instance.build(
        [L("a", "x", "y"), L("b", "x"), L("c", "y")],
        [OpeningSpec("x", 1, ("b", "a")), OpeningSpec("y", 1, ("a", "c"))],
    )
    result = run_stable(instance)
    assert dict(result.assignment) == {"a": "y", "b": "x", "c": None}
    assert find_blocking_pairs(instance, result) == []


def test_reserve_gives_support_need_learner_a_seat() -> None:
    learners = [
        L("a", "x"),
        L("b", "x"),
        L("c", "x"),
        L("d", "x"),
        L("e", "x"),
        L("s", "x", sn=True),
    ]
    openings = [OpeningSpec("x", 5, ("a", "b", "c", "d", "e", "s"))]
    without = run_stable(Instance.build(learners, openings))
    assert without.assignment["s"] is None
    with_reserve = run_stable(Instance.build(learners, openings, reserve_share=0.2))
    assert with_reserve.assignment["s"] == "x"
    assert with_reserve.assignment["e"] is None  # lowest-priority regular applicant
    assert check_stable(Instance.build(learners, openings, reserve_share=0.2), with_reserve)
    # the API parameter overrides the instance
    assert run_stable(Instance.build(learners, openings), reserve_share=0.2).assignment["s"] == "x"
    # the result is not stable under the plain notion: e has justified envy
    plain = dataclasses.replace(with_reserve, reserve_share=0.0)
    assert find_blocking_pairs(Instance.build(learners, openings), plain) == [("e", "x")]


def test_unused_reserved_seats_are_released() -> None:
    learners = [L(f"r{i}", "x") for i in range(6)]
    openings = [OpeningSpec("x", 5)]
    result = run_stable(Instance.build(learners, openings, reserve_share=0.4))
    assert result.stats.placed == 5  # the two reserved seats went to regular learners


def test_support_need_learner_with_high_priority_takes_reserved_seat_first() -> None:
    learners = [L("s", "x", sn=True), L("a", "x"), L("b", "x"), L("t", "x", sn=True)]
    openings = [OpeningSpec("x", 2, ("s", "a", "b", "t"))]
    result = run_stable(Instance.build(learners, openings, reserve_share=0.5))
    # reserved-first: s takes the reserved seat, the open seat goes to a
    assert {k for k, v in result.assignment.items() if v} == {"s", "a"}


def test_checks_detect_violations() -> None:
    instance = Instance.build(
        [L("a", "x"), L("b", "x"), L("c", "y")],
        [OpeningSpec("x", 1, ("a", "b")), OpeningSpec("y", 1, ())],
    )
    stats = run_stable(instance).stats
    over = Result("x", 0, 0.0, {"a": "x", "b": "x", "c": None}, stats)
    assert any("capacity" in p for p in check_valid(instance, over))
    unlisted = Result("x", 0, 0.0, {"a": None, "b": None, "c": "x"}, stats)
    assert any("did not list" in p for p in check_valid(instance, unlisted))
    unacceptable = Result("x", 0, 0.0, {"a": None, "b": None, "c": "y"}, stats)
    assert any("not acceptable" in p for p in check_valid(instance, unacceptable))
    missing = Result("x", 0, 0.0, {"a": None, "zz": None}, stats)
    assert len(check_valid(instance, missing)) == 2
    blocking = Result("x", 0, 0.0, {"a": None, "b": "x", "c": None}, stats)
    assert check_valid(instance, blocking) == []
    assert find_blocking_pairs(instance, blocking) == [("a", "x")]
    assert not check_stable(instance, blocking)


def test_coverage_places_more_and_reports_trade_off() -> None:
    from brug.matching_engine import compare

    # b has priority at x but x is a's only option: coverage moves b to y.
    instance = Instance.build(
        [L("a", "x"), L("b", "x", "y")],
        [OpeningSpec("x", 1, ("b", "a")), OpeningSpec("y", 1)],
    )
    stable = run_stable(instance)
    assert dict(stable.assignment) == {"a": None, "b": "x"}
    coverage = run_coverage(instance)
    assert dict(coverage.assignment) == {"a": "x", "b": "y"}
    comparison = compare(instance, 0)
    assert comparison.extra_placed == 1
    assert comparison.coverage_blocking_pairs == 1


def test_progress_callback_reports_completion() -> None:
    calls: list[tuple[int, int]] = []
    instance = Instance.build([L("a", "x"), L("b", "x")], [OpeningSpec("x", 1)])
    run_stable(instance, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (2, 2)
    calls.clear()
    run_coverage(instance, progress=lambda done, total: calls.append((done, total)))
    assert calls and calls[-1][1] == 2


def test_result_pickles_and_compares_to_plain_dict() -> None:
    import pickle

    instance = Instance.build([L("a", "x"), L("b", "x")], [OpeningSpec("x", 1)], seed=2)
    result = run_stable(instance)
    clone = pickle.loads(pickle.dumps(result))
    assert clone.assignment == dict(result.assignment)
    assert clone.stats == result.stats
    assert pickle.loads(pickle.dumps(instance)) == instance
