"""Post-condition checks: validity and (reserve-aware) stability of any result.

Stability notion: the pair (learner ``l``, opening ``o``) blocks when ``l`` lists ``o``, is
acceptable to it, prefers it to its own outcome, and ``o``'s choice function would pick
``l`` from its current learners plus ``l``. Without reserves that is "``o`` has a free seat
or holds someone with a worse position"; with reserves it is the reserved-first choice
described in ``stable``.
"""

from __future__ import annotations

from dataclasses import dataclass

from brug.matching_engine.compiled import Compiled, reserved_seats
from brug.matching_engine.lottery import lottery_numbers
from brug.matching_engine.model import Assignment, Instance, Result


def position(compiled: Compiled, lottery: list[int], learner: int, opening: int) -> int | None:
    """1-based priority position of ``learner`` at ``opening`` (``None``: not acceptable)."""
    ranks = compiled.priority_rank[opening]
    if ranks is None:
        return lottery[learner]
    return ranks.get(learner)


@dataclass(frozen=True, slots=True)
class OpeningView:
    """Who an opening admitted, summarised by positions (never identities)."""

    capacity: int
    reserved: int
    load: int
    reserved_used: int  # support-need learners counted on reserved seats
    worst_all: int  # worst admitted position (0 when empty)
    worst_reserved: int
    worst_open: int

    def admits(self, pos: int, support_need: bool) -> bool:
        """Would the opening choose a newcomer with ``pos`` from its learners plus them?"""
        if self.load < self.capacity:
            return True
        if not self.reserved:
            return pos < self.worst_all
        if support_need and (self.reserved_used < self.reserved or pos < self.worst_reserved):
            return True
        return self.worst_open > 0 and pos < self.worst_open


def opening_views(
    compiled: Compiled, lottery: list[int], assigned: list[int], reserve_share: float
) -> list[OpeningView]:
    members: list[list[int]] = [[] for _ in compiled.opening_ids]
    for learner, opening in enumerate(assigned):
        if opening >= 0:
            pos = position(compiled, lottery, learner, opening)
            members[opening].append(pos if pos is not None else len(lottery) + 2)
            if compiled.support[learner]:
                members[opening][-1] = -members[opening][-1]  # mark support need
    views = []
    for opening, held in enumerate(members):
        cap = compiled.capacity[opening]
        rr = reserved_seats(cap, reserve_share)
        support_positions = sorted(-p for p in held if p < 0)
        reserved = support_positions[:rr]
        chosen = set(reserved)
        others = [abs(p) for p in held if abs(p) not in chosen]
        positions = [abs(p) for p in held]
        views.append(
            OpeningView(
                capacity=cap,
                reserved=rr,
                load=len(held),
                reserved_used=len(reserved),
                worst_all=max(positions, default=0),
                worst_reserved=max(reserved, default=0),
                worst_open=max(others, default=0),
            )
        )
    return views


def _assigned_ints(compiled: Compiled, result: Result, problems: list[str]) -> list[int]:
    if isinstance(result.assignment, Assignment):
        ints = result.assignment.opening_ints(compiled)
        if ints is not None:  # the engine's own result on this instance: already ints
            return ints
    assigned = [-1] * len(compiled.learner_ids)
    for lid, oid in result.assignment.items():
        li = compiled.learner_index.get(lid)
        if li is None:
            problems.append(f"unknown learner {lid!r} in assignment")
            continue
        if oid is None:
            continue
        oi = compiled.opening_index.get(oid)
        if oi is None:
            problems.append(f"learner {lid!r} assigned to unknown opening {oid!r}")
            continue
        assigned[li] = oi
    return assigned


def check_valid(instance: Instance, result: Result) -> list[str]:
    """Problems with ``result`` (empty list = valid): capacities, acceptability, listing,
    every learner of the instance exactly once in the assignment."""
    compiled = instance.compiled
    problems: list[str] = []
    if len(result.assignment) != len(compiled.learner_ids):
        problems.append(
            f"assignment has {len(result.assignment)} learners, "
            f"instance has {len(compiled.learner_ids)}"
        )
    assigned = _assigned_ints(compiled, result, problems)
    load = [0] * len(compiled.opening_ids)
    for learner, opening in enumerate(assigned):
        if opening < 0:
            continue
        load[opening] += 1
        lid = compiled.learner_ids[learner]
        oid = compiled.opening_ids[opening]
        if opening not in compiled.preferences(learner):
            problems.append(f"learner {lid!r} assigned to {oid!r} which it did not list")
        ranks = compiled.priority_rank[opening]
        if ranks is not None and learner not in ranks:
            problems.append(f"learner {lid!r} is not acceptable to {oid!r}")
    for opening, count in enumerate(load):
        if count > compiled.capacity[opening]:
            oid = compiled.opening_ids[opening]
            problems.append(
                f"opening {oid!r} holds {count} learners, capacity {compiled.capacity[opening]}"
            )
    return problems


def find_blocking_pairs(instance: Instance, result: Result) -> list[tuple[str, str]]:
    """All blocking pairs ``(learner id, opening id)`` w.r.t. priorities, the lottery of
    ``result.seed`` and the reserve share of ``result.reserve_share``."""
    compiled = instance.compiled
    lottery = lottery_numbers(compiled.learner_ids, result.seed, compiled.sorted_learners)
    assigned = _assigned_ints(compiled, result, [])
    if not any(reserved_seats(c, result.reserve_share) for c in compiled.capacity):
        return _blocking_pairs_plain(compiled, lottery, assigned)
    views = opening_views(compiled, lottery, assigned, result.reserve_share)
    pairs = []
    for learner, current in enumerate(assigned):
        sn = compiled.support[learner]
        for opening in compiled.preferences(learner):
            if opening == current:
                break
            pos = position(compiled, lottery, learner, opening)
            if pos is not None and views[opening].admits(pos, sn):
                pairs.append((compiled.learner_ids[learner], compiled.opening_ids[opening]))
    return pairs


def _blocking_pairs_plain(
    compiled: Compiled, lottery: list[int], assigned: list[int]
) -> list[tuple[str, str]]:
    """``find_blocking_pairs`` without reserved seats, inlined: an opening admits a newcomer
    when it has a free seat or holds someone with a worse position (same pairs, same order)."""
    prank = compiled.priority_rank
    capacity = compiled.capacity
    unacceptable = len(lottery) + 2
    load = [0] * len(capacity)
    worst = [0] * len(capacity)
    for learner, opening in enumerate(assigned):
        if opening >= 0:
            load[opening] += 1
            ranks = prank[opening]
            held = lottery[learner] if ranks is None else ranks.get(learner, unacceptable)
            if held > worst[opening]:
                worst[opening] = held
    flat = compiled.pref_flat
    start = compiled.pref_start
    pairs = []
    for learner, current in enumerate(assigned):
        mine = lottery[learner]
        for opening in flat[start[learner] : start[learner + 1]]:
            if opening == current:
                break
            ranks = prank[opening]
            pos = mine if ranks is None else ranks.get(learner)
            if pos is not None and (load[opening] < capacity[opening] or pos < worst[opening]):
                pairs.append((compiled.learner_ids[learner], compiled.opening_ids[opening]))
    return pairs


def check_stable(instance: Instance, result: Result) -> bool:
    """Valid and without blocking pairs."""
    return not check_valid(instance, result) and not find_blocking_pairs(instance, result)
