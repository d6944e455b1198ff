"""Shared test helpers: hypothesis strategies, brute force and a literal choice function."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from hypothesis import strategies as st

from brug.matching_engine import (
    Instance,
    LearnerSpec,
    OpeningSpec,
    Result,
    check_valid,
    find_blocking_pairs,
)
from brug.matching_engine.compiled import reserved_seats
from brug.matching_engine.lottery import lottery_numbers
from brug.matching_engine.model import Stats
from brug.matching_engine.stats import compute_stats


@st.composite
def instances(
    draw: st.DrawFn,
    max_learners: int = 5,
    max_openings: int = 3,
    max_prefs: int = 3,
    reserve: bool = True,
) -> Instance:
    n = draw(st.integers(0, max_learners))
    m = draw(st.integers(1, max_openings))
    lids = [f"l{i}" for i in range(n)]
    oids = [f"o{j}" for j in range(m)]
    learners = []
    for lid in lids:
        prefs = draw(st.permutations(oids))[: draw(st.integers(0, min(max_prefs, m)))]
        learners.append(LearnerSpec(lid, tuple(prefs), draw(st.booleans())))
    openings = []
    for oid in oids:
        cap = draw(st.integers(0, 3))
        priority = None
        if draw(st.booleans()):
            perm = draw(st.permutations(lids))
            priority = tuple(perm[: draw(st.integers(0, n))])
        openings.append(OpeningSpec(oid, cap, priority))
    share = draw(st.sampled_from([0.0, 0.34, 0.5, 1.0])) if reserve else 0.0
    seed = draw(st.integers(0, 2**32))
    return Instance(tuple(learners), tuple(openings), seed, share)


def acceptable(instance: Instance, lid: str, oid: str) -> bool:
    opening = next(o for o in instance.openings if o.id == oid)
    return opening.priority is None or lid in opening.priority


def all_valid_assignments(instance: Instance) -> Iterator[dict[str, str | None]]:
    """Every valid matching (brute force, tiny instances only)."""
    options = [
        [None, *[o for o in lr.preferences if acceptable(instance, lr.id, o)]]
        for lr in instance.learners
    ]
    caps = {o.id: o.capacity for o in instance.openings}
    for combo in itertools.product(*options):
        load: dict[str, int] = {}
        ok = True
        for oid in combo:
            if oid is not None:
                load[oid] = load.get(oid, 0) + 1
                ok = ok and load[oid] <= caps[oid]
        if ok:
            yield {lr.id: oid for lr, oid in zip(instance.learners, combo, strict=True)}


def as_result(
    instance: Instance, assignment: dict[str, str | None], seed: int, share: float
) -> Result:
    compiled = instance.compiled
    assigned = [
        -1 if assignment[lid] is None else compiled.opening_index[str(assignment[lid])]
        for lid in compiled.learner_ids
    ]
    stats: Stats = compute_stats(compiled, assigned)
    return Result("brute", seed, share, assignment, stats)


def stable_assignments(instance: Instance, seed: int, share: float) -> list[dict[str, str | None]]:
    out = []
    for assignment in all_valid_assignments(instance):
        result = as_result(instance, assignment, seed, share)
        if not find_blocking_pairs(instance, result):
            out.append(assignment)
    return out


def rank_of(instance: Instance, lid: str, oid: str | None) -> int:
    prefs = next(lr.preferences for lr in instance.learners if lr.id == lid)
    return len(prefs) if oid is None else prefs.index(oid)


def reference_choice(
    instance: Instance, oid: str, applicants: list[str], seed: int, share: float
) -> set[str]:
    """Literal reserved-first choice function of an opening (slow, for tests)."""
    opening = next(o for o in instance.openings if o.id == oid)
    lottery = dict(
        zip(
            [lr.id for lr in instance.learners],
            lottery_numbers([lr.id for lr in instance.learners], seed),
            strict=True,
        )
    )

    def pos(lid: str) -> int:
        if opening.priority is None:
            return lottery[lid]
        return opening.priority.index(lid) + 1

    support = {lr.id: lr.support_need for lr in instance.learners}
    pool = sorted((a for a in applicants if acceptable(instance, a, oid)), key=pos)
    rr = reserved_seats(opening.capacity, share)
    reserved = [a for a in pool if support[a]][:rr]
    rest = [a for a in pool if a not in reserved][: opening.capacity - len(reserved)]
    return set(reserved) | set(rest)


def assert_valid(instance: Instance, result: Result) -> None:
    problems = check_valid(instance, result)
    assert problems == [], problems
