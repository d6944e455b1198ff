"""Validation and integer indexing of an instance (ids are mapped to ints exactly once)."""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass
from itertools import accumulate, chain
from operator import attrgetter, eq
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from brug.matching_engine.model import Instance


@dataclass(frozen=True, slots=True)
class Compiled:
    """Integer form of an instance.

    Learner ``i``'s preferences are ``pref_flat[pref_start[i]:pref_start[i + 1]]``.
    ``priority_rank[o]`` maps learner -> 1-based priority position, or is ``None`` when the
    opening has no priority list (then the lottery number is the position).
    ``sorted_learners`` lists learner ints in id order (the lottery shuffles this list).
    """

    learner_ids: list[str]
    opening_ids: list[str]
    learner_index: dict[str, int]
    opening_index: dict[str, int]
    pref_flat: list[int]
    pref_start: list[int]
    capacity: list[int]
    priority: list[list[int] | None]
    priority_rank: list[dict[int, int] | None]
    support: list[bool]
    sorted_learners: list[int]

    def preferences(self, learner: int) -> list[int]:
        return self.pref_flat[self.pref_start[learner] : self.pref_start[learner + 1]]


def _error(path: str, message: str) -> Exception:
    from brug.matching_engine.model import InstanceError

    return InstanceError(path, message)


def _first_duplicate(values: list[str]) -> int:
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            return i
        seen.add(value)
    return -1


def reserved_seats(capacity: int, share: float) -> int:
    """Seats reserved for support-need learners: ``floor(share * capacity)`` (float-safe)."""
    return min(capacity, math.floor(share * capacity + 1e-9))


def _preferences_checked(
    instance: Instance, opening_index: dict[str, int]
) -> tuple[list[int], list[int]]:
    """Learner by learner: finds and names the first bad preference."""
    pref_flat: list[int] = []
    pref_start = [0]
    extend = pref_flat.extend
    append_start = pref_start.append
    for li, learner in enumerate(instance.learners):
        prefs = learner.preferences
        try:
            ints = [opening_index[oid] for oid in prefs]
        except (KeyError, TypeError):
            j = next(j for j, oid in enumerate(prefs) if oid not in opening_index)
            raise _error(
                f"learners[{li}].preferences[{j}]", f"unknown opening id {prefs[j]!r}"
            ) from None
        if len(set(ints)) != len(ints):
            j = _first_duplicate(list(prefs))
            raise _error(f"learners[{li}].preferences[{j}]", f"duplicate entry {prefs[j]!r}")
        extend(ints)
        append_start(len(pref_flat))

    return pref_flat, pref_start


def _compile_preferences(
    instance: Instance, opening_index: dict[str, int]
) -> tuple[list[int], list[int]]:
    """``(pref_flat, pref_start)``. All learners at once at C speed (one id lookup per entry,
    one small set per learner for the duplicate check); on any problem the learner-by-learner pass names it."""
    prefs = list(map(attrgetter("preferences"), instance.learners))
    lengths = list(map(len, prefs))
    try:
        flat = list(map(opening_index.__getitem__, chain.from_iterable(prefs)))
    except (KeyError, TypeError):
        return _preferences_checked(instance, opening_index)
    # A duplicate entry makes that learner's set of preferences shorter than its list.
    if not all(map(eq, map(len, map(set, prefs)), lengths)):
        return _preferences_checked(instance, opening_index)
    return flat, [0, *accumulate(lengths)]


def compile_instance(instance: Instance) -> Compiled:
    """Validate references and map ids to ints. Raises ``InstanceError`` with a field path."""
    share = instance.reserve_share
    if isinstance(share, bool) or not isinstance(share, int | float) or not 0 <= share <= 1:
        raise _error("reserve.share", f"must be a number between 0 and 1, got {share!r}")
    if instance.seed is not None and (
        isinstance(instance.seed, bool) or not isinstance(instance.seed, int)
    ):
        raise _error("seed", f"must be an integer, got {instance.seed!r}")
    learner_ids = [learner.id for learner in instance.learners]
    learner_index = {lid: i for i, lid in enumerate(learner_ids)}
    if len(learner_index) != len(learner_ids):
        i = _first_duplicate(learner_ids)
        raise _error(f"learners[{i}].id", f"duplicate learner id {learner_ids[i]!r}")
    opening_ids = [opening.id for opening in instance.openings]
    opening_index = {oid: i for i, oid in enumerate(opening_ids)}
    if len(opening_index) != len(opening_ids):
        i = _first_duplicate(opening_ids)
        raise _error(f"openings[{i}].id", f"duplicate opening id {opening_ids[i]!r}")

    pref_flat, pref_start = _compile_preferences(instance, opening_index)

    capacity: list[int] = []
    priority: list[list[int] | None] = []
    priority_rank: list[dict[int, int] | None] = []
    for oi, opening in enumerate(instance.openings):
        cap = opening.capacity
        if isinstance(cap, bool) or not isinstance(cap, int) or cap < 0:
            raise _error(f"openings[{oi}].capacity", f"must be a non-negative integer, got {cap!r}")
        capacity.append(cap)
        plist = opening.priority
        if plist is None:
            priority.append(None)
            priority_rank.append(None)
            continue
        try:
            pints = list(map(learner_index.__getitem__, plist))
        except (KeyError, TypeError):
            j = next(j for j, lid in enumerate(plist) if lid not in learner_index)
            raise _error(
                f"openings[{oi}].priority[{j}]", f"unknown learner id {plist[j]!r}"
            ) from None
        ranks = dict(zip(pints, range(1, len(pints) + 1), strict=True))
        if len(ranks) != len(pints):
            j = _first_duplicate(list(plist))
            raise _error(f"openings[{oi}].priority[{j}]", f"duplicate entry {plist[j]!r}")
        priority.append(pints)
        priority_rank.append(ranks)

    support = [bool(learner.support_need) for learner in instance.learners]
    # Re-create the ints in order: the lookups above share one int object per opening,
    # scattered in memory; fresh consecutive objects make the proposal loop cache-friendly.
    pref_flat = array("i", pref_flat).tolist()
    return Compiled(
        learner_ids,
        opening_ids,
        learner_index,
        opening_index,
        pref_flat,
        pref_start,
        capacity,
        priority,
        priority_rank,
        support,
        sorted(range(len(learner_ids)), key=learner_ids.__getitem__),
    )
