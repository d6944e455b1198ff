"""The single seeded lottery used to break ties.

Definition: sort all learner ids (Python string order), shuffle that list with
``random.Random(seed).shuffle``; a learner's lottery number is its 1-based position in the
shuffled list. Lower is better. The same ids and seed always give the same numbers.
"""

from __future__ import annotations

import random
from collections.abc import Sequence


def lottery(
    learner_ids: Sequence[str], seed: int, sorted_learners: Sequence[int] | None = None
) -> tuple[list[int], list[int]]:
    """``(numbers, order)``: lottery number (1..n) per learner int, and learner ints best first.

    ``sorted_learners`` (learner ints in id order) may be passed when already known.
    """
    last = _last
    if (
        sorted_learners is not None
        and last is not None
        and last[0] is learner_ids
        and last[1] is sorted_learners
        and last[2] == seed
    ):
        return list(last[3]), list(last[4])
    if sorted_learners is None:
        order = sorted(range(len(learner_ids)), key=learner_ids.__getitem__)
    else:
        order = list(sorted_learners)
    random.Random(seed).shuffle(order)
    numbers = [0] * len(learner_ids)
    for position, learner in enumerate(order, 1):
        numbers[learner] = position
    if sorted_learners is not None:  # a compiled instance: remember this one draw
        _remember((learner_ids, sorted_learners, seed, tuple(numbers), tuple(order)))
    return numbers, order


# The last draw for a compiled instance (its id lists are never changed after compilation):
# a run and its stability check need the same lottery, and the shuffle is pure Python.
_Draw = tuple[Sequence[str], Sequence[int], int, tuple[int, ...], tuple[int, ...]]
_last: _Draw | None = None


def _remember(draw: _Draw) -> None:
    global _last
    _last = draw


def lottery_numbers(
    learner_ids: Sequence[str], seed: int, sorted_learners: Sequence[int] | None = None
) -> list[int]:
    """Lottery number (1..n) for each learner, aligned with ``learner_ids``."""
    return lottery(learner_ids, seed, sorted_learners)[0]
