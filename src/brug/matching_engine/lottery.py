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
    if sorted_learners is None:
        order = sorted(range(len(learner_ids)), key=learner_ids.__getitem__)
    else:
        order = list(sorted_learners)
    random.Random(seed).shuffle(order)
    numbers = [0] * len(learner_ids)
    for position, learner in enumerate(order, 1):
        numbers[learner] = position
    return numbers, order


def lottery_numbers(
    learner_ids: Sequence[str], seed: int, sorted_learners: Sequence[int] | None = None
) -> list[int]:
    """Lottery number (1..n) for each learner, aligned with ``learner_ids``."""
    return lottery(learner_ids, seed, sorted_learners)[0]
