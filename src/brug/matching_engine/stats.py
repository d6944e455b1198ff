"""Result statistics and the helper that turns an int assignment into a ``Result``."""

from __future__ import annotations

from collections import Counter

from brug.matching_engine.compiled import Compiled
from brug.matching_engine.model import Assignment, Instance, Result, Stats


def assigned_ranks(compiled: Compiled, assigned: list[int]) -> list[int]:
    """1-based preference rank of each learner's assignment (0 when unplaced)."""
    flat = compiled.pref_flat
    start = compiled.pref_start
    ranks = [0] * len(assigned)
    for learner, opening in enumerate(assigned):
        if opening >= 0:
            ranks[learner] = flat.index(opening, start[learner], start[learner + 1]) - (
                start[learner] - 1
            )
    return ranks


def compute_stats(compiled: Compiled, assigned: list[int], ranks: list[int] | None = None) -> Stats:
    if ranks is None:
        ranks = assigned_ranks(compiled, assigned)
    total = len(assigned)
    counts = Counter(ranks)
    counts.pop(0, None)
    histogram = dict(counts)
    placed = sum(histogram.values())
    rank_sum = sum(rank * count for rank, count in histogram.items())
    first = histogram.get(1, 0)
    top3 = first + histogram.get(2, 0) + histogram.get(3, 0)
    return Stats(
        learners=total,
        placed=placed,
        unplaced=total - placed,
        first_choice_share=first / total if total else 0.0,
        top3_share=top3 / total if total else 0.0,
        mean_rank=rank_sum / placed if placed else None,
        rank_histogram=dict(sorted(histogram.items())),
    )


def make_result(
    compiled: Compiled,
    assigned: list[int],
    *,
    mode: str,
    seed: int,
    reserve_share: float,
    ranks: list[int] | None = None,
) -> Result:
    return Result(
        mode,
        seed,
        reserve_share,
        Assignment(compiled, assigned),
        compute_stats(compiled, assigned, ranks),
    )


def assignment_ints(compiled: Compiled, result: Result) -> list[int]:
    """Inverse of ``make_result``: opening int per learner int (-1 = unplaced)."""
    assignment = result.assignment
    if isinstance(assignment, Assignment) and assignment._learner_ids is compiled.learner_ids:
        return list(assignment._assigned)
    index = compiled.opening_index
    out = []
    for lid in compiled.learner_ids:
        oid = assignment.get(lid)
        out.append(-1 if oid is None else index[oid])
    return out


def assigned_indices(instance: Instance, result: Result) -> list[int]:
    """Per learner of ``instance.learners`` (in order): the index of its opening in
    ``instance.openings``, or -1 when unplaced. Cheap for the engine's own results."""
    return assignment_ints(instance.compiled, result)
