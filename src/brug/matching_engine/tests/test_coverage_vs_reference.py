"""The fast coverage solver against the previous implementation (kept as an oracle).

Both are exact, but they may break ties between equally good assignments differently, so
the comparison is on (learners placed, total preference rank); validity is checked too.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brug.matching_engine import Instance, LearnerSpec, OpeningSpec, run_coverage
from brug.matching_engine.coverage import min_cost_max_assignment
from brug.matching_engine.lottery import lottery
from brug.matching_engine.tests import reference_coverage
from brug.matching_engine.tests.helpers import assert_valid, instances


def placed_and_rank(instance: Instance, assigned: list[int]) -> tuple[int, int]:
    compiled = instance.compiled
    placed = total = 0
    for learner, opening in enumerate(assigned):
        if opening >= 0:
            placed += 1
            total += compiled.preferences(learner).index(opening)
    return placed, total


def both(instance: Instance, seed: int) -> tuple[tuple[int, int], tuple[int, int]]:
    compiled = instance.compiled
    _, order = lottery(compiled.learner_ids, seed, compiled.sorted_learners)
    fast = min_cost_max_assignment(compiled, order)
    slow = reference_coverage.min_cost_max_assignment(compiled, order)
    return placed_and_rank(instance, fast), placed_and_rank(instance, slow)


@st.composite
def skewed_instances(draw: st.DrawFn) -> Instance:
    """Up to 150 learners on a few popular openings: long augmenting paths, many ties."""
    rng = random.Random(draw(st.integers(0, 2**32)))
    n = draw(st.integers(1, 150))
    m = draw(st.integers(1, 40))
    prefs = draw(st.integers(1, 8))
    big_caps = draw(st.booleans())
    oids = [f"o{j}" for j in range(m)]
    weights = [1.0 / (j + 1) ** draw(st.sampled_from([0.0, 0.8, 1.5])) for j in range(m)]
    learners = []
    applicants: list[list[str]] = [[] for _ in range(m)]
    for i in range(n):
        chosen: dict[int, None] = {}
        want = rng.randint(0, min(prefs, m))
        while len(chosen) < want:
            chosen.setdefault(rng.choices(range(m), weights=weights)[0], None)
        for j in chosen:
            applicants[j].append(f"l{i}")
        learners.append(LearnerSpec(f"l{i}", tuple(oids[j] for j in chosen)))
    openings = []
    for j, oid in enumerate(oids):
        cap = rng.randint(0, 40 if big_caps else 3)
        priority = None
        if rng.random() < 0.2:
            pool = [a for a in applicants[j] if rng.random() < 0.7]
            rng.shuffle(pool)
            priority = tuple(pool)
        openings.append(OpeningSpec(oid, cap, priority))
    return Instance(tuple(learners), tuple(openings), rng.randint(0, 1000))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_learners=30, max_openings=10, max_prefs=6, reserve=False), st.integers(0, 99))
def test_same_placed_and_total_rank_as_reference(instance: Instance, seed: int) -> None:
    fast, slow = both(instance, seed)
    assert fast == slow
    assert_valid(instance, run_coverage(instance, seed))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(skewed_instances(), st.integers(0, 99))
def test_skewed_instances_same_as_reference(instance: Instance, seed: int) -> None:
    fast, slow = both(instance, seed)
    assert fast == slow
    assert_valid(instance, run_coverage(instance, seed))


def test_long_augmenting_chain() -> None:
    # l0 wants only o0; every l_i (i >= 1) lists o_{i-1} first and o_i second; o_i has one
    # seat. Greedy first choices leave l0 out; the optimum shifts the whole chain.
    size = 60
    learners = [LearnerSpec("l0", ("o0",))]
    learners += [LearnerSpec(f"l{i}", (f"o{i - 1}", f"o{i}")) for i in range(1, size + 1)]
    openings = [OpeningSpec(f"o{i}", 1) for i in range(size + 1)]
    instance = Instance(tuple(learners), tuple(openings), 3)
    fast, slow = both(instance, 3)
    assert fast == slow == (size + 1, size)
    result = run_coverage(instance)
    assert result.assignment["l0"] == "o0"
    assert_valid(instance, result)
