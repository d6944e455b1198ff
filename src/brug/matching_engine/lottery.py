"""The single seeded lottery used to break ties.

Definition: sort all learner ids (Python string order), shuffle that list with
``random.Random(seed).shuffle``; a learner's lottery number is its 1-based position in the
shuffled list. Lower is better. The same ids and seed always give the same numbers.
"""

from __future__ import annotations

import random
from collections.abc import Sequence


def lottery_numbers(learner_ids: Sequence[str], seed: int) -> list[int]:
    """Lottery number (1..n) for each learner, aligned with ``learner_ids``."""
    order = sorted(range(len(learner_ids)), key=learner_ids.__getitem__)
    random.Random(seed).shuffle(order)
    numbers = [0] * len(learner_ids)
    for position, learner in enumerate(order, 1):
        numbers[learner] = position
    return numbers


def lottery_order(numbers: Sequence[int]) -> list[int]:
    """Learner ints sorted by lottery number (best first)."""
    order = [0] * len(numbers)
    for learner, number in enumerate(numbers):
        order[number - 1] = learner
    return order
