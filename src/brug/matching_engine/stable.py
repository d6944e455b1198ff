"""Stable mode: learner-proposing deferred acceptance with capacities.

Priorities: an opening's priority list (1-based positions) or, without a list, the learner's
lottery number. Proposals are processed McVitie-Wilson style: learners enter in lottery
order and every rejection is chased immediately. The outcome of deferred acceptance does
not depend on the proposal order, so this is purely a speed choice (with lottery-only
openings a learner is then never displaced).

Each opening keeps a heap of the *negated positions* of the learners it tentatively holds;
a position identifies the learner (via the lottery order or the priority list), so no
tuples are allocated per proposal.

Reserved capacity uses the "minority reserves" choice function of Hafalir, Yenmez and
Yildirim (2013): an opening with ``r`` reserved seats first admits the best (at most ``r``)
support-need applicants, then fills the remaining seats with the best remaining
applicants of any kind; unused reserved seats are thereby released. This choice function is
substitutable and size-monotone, so deferred acceptance yields the learner-optimal matching
that is stable with respect to it, and reporting preferences truthfully stays optimal.
"""

from __future__ import annotations

import gc
from heapq import heappop, heappush, heapreplace

from brug.matching_engine.compiled import Compiled, reserved_seats
from brug.matching_engine.lottery import lottery
from brug.matching_engine.model import Instance, ProgressCallback, Result
from brug.matching_engine.stats import make_result

_PROGRESS_EVERY = 1 << 16


def resolve_seed(instance: Instance, seed: int | None) -> int:
    if seed is not None:
        return seed
    return instance.seed if instance.seed is not None else 0


def resolve_share(instance: Instance, reserve_share: float | None) -> float:
    share = instance.reserve_share if reserve_share is None else reserve_share
    if isinstance(share, bool) or not 0 <= share <= 1:
        from brug.matching_engine.model import InstanceError

        raise InstanceError("reserve.share", f"must be a number between 0 and 1, got {share!r}")
    return float(share)


def run_stable(
    instance: Instance,
    seed: int | None = None,
    *,
    reserve_share: float | None = None,
    progress: ProgressCallback | None = None,
) -> Result:
    """Learner-optimal stable matching. ``seed``/``reserve_share`` override the instance's."""
    seed = resolve_seed(instance, seed)
    share = resolve_share(instance, reserve_share)
    compiled = instance.compiled
    numbers, order = lottery(compiled.learner_ids, seed, compiled.sorted_learners)
    assigned, ranks = deferred_acceptance(compiled, numbers, order, share, progress)
    return make_result(
        compiled, assigned, mode="stable", seed=seed, reserve_share=share, ranks=ranks
    )


def _decoders(compiled: Compiled, order: list[int]) -> list[list[int]]:
    """Per opening: position -> learner int (index 0 unused)."""
    by_lottery = [-1, *order]
    return [by_lottery if p is None else [-1, *p] for p in compiled.priority]


def deferred_acceptance(
    compiled: Compiled,
    numbers: list[int],
    order: list[int],
    reserve_share: float = 0.0,
    progress: ProgressCallback | None = None,
) -> tuple[list[int], list[int]]:
    """``(assigned, ranks)``: opening int (-1 = unplaced) and 1-based rank (0) per learner."""
    gc_was_enabled = gc.isenabled()
    gc.disable()  # millions of small heap lists; the cyclic GC only costs time here
    try:
        return _deferred_acceptance(compiled, numbers, order, reserve_share, progress)
    finally:
        if gc_was_enabled:
            gc.enable()


def _deferred_acceptance(
    compiled: Compiled,
    lottery: list[int],
    order: list[int],
    reserve_share: float,
    progress: ProgressCallback | None,
) -> tuple[list[int], list[int]]:
    capacity = compiled.capacity
    reserve = [reserved_seats(c, reserve_share) for c in capacity] if reserve_share else None
    if reserve is not None and not any(reserve):
        reserve = None
    decode = _decoders(compiled, order)
    empty: dict[int, int] = {}
    # Openings without capacity accept nobody: give them an empty priority map.
    prank = [r if c > 0 else empty for r, c in zip(compiled.priority_rank, capacity, strict=True)]
    nxt = compiled.pref_start[:-1]
    if reserve is None:
        _da_plain(compiled, lottery, order, prank, decode, nxt, progress)
    else:
        _da_reserve(compiled, lottery, order, prank, decode, reserve, nxt, progress)
    # ``nxt`` now points just past the held opening, or is -1 for unplaced learners.
    flat = compiled.pref_flat
    assigned = [flat[j - 1] if j > 0 else -1 for j in nxt]
    ranks = [j - s if j > 0 else 0 for j, s in zip(nxt, compiled.pref_start, strict=False)]
    return assigned, ranks


def _da_plain(
    compiled: Compiled,
    lottery: list[int],
    order: list[int],
    prank: list[dict[int, int] | None],
    decode: list[list[int]],
    nxt: list[int],
    progress: ProgressCallback | None,
) -> None:
    """Plain deferred acceptance. ``cut[o]`` is the position a proposer must beat: ``n + 1``
    while the opening has a free seat, else the worst held position (0 = no capacity), so a
    rejection costs a single comparison. Unacceptable learners get position ``n + 2``."""
    flat = compiled.pref_flat
    start = compiled.pref_start
    cap = compiled.capacity
    total = len(order)
    unacceptable = total + 2
    cut = [total + 1 if c > 0 else 0 for c in cap]
    held: list[list[int]] = [[] for _ in cap]
    for chunk in range(0, total, _PROGRESS_EVERY):
        if progress is not None:
            progress(chunk, total)
        for first in order[chunk : chunk + _PROGRESS_EVERY]:
            learner = first
            while learner >= 0:
                i = nxt[learner]
                end = start[learner + 1]
                own = lottery[learner]
                displaced = -1
                while i < end:
                    o = flat[i]
                    i += 1
                    ranks = prank[o]
                    r = own if ranks is None else ranks.get(learner, unacceptable)
                    if r < cut[o]:
                        h = held[o]
                        if len(h) < cap[o]:
                            heappush(h, -r)
                            if len(h) == cap[o]:
                                cut[o] = -h[0]
                        else:
                            displaced = decode[o][-heapreplace(h, -r)]
                            cut[o] = -h[0]
                        break
                else:
                    i = -1  # exhausted: unplaced for good
                nxt[learner] = i
                learner = displaced
    if progress is not None:
        progress(total, total)


def _da_reserve(
    compiled: Compiled,
    lottery: list[int],
    order: list[int],
    prank: list[dict[int, int] | None],
    decode: list[list[int]],
    reserve: list[int],
    nxt: list[int],
    progress: ProgressCallback | None,
) -> None:
    """Deferred acceptance with the reserved-first choice function (see module docstring).

    ``held_r[o]``: support-need learners on reserved seats (at most ``reserve[o]``);
    ``held_o[o]``: learners on the other seats (at most ``capacity - len(held_r[o])``).
    """
    flat = compiled.pref_flat
    start = compiled.pref_start
    cap = compiled.capacity
    support = compiled.support
    held_r: list[list[int]] = [[] for _ in cap]
    held_o: list[list[int]] = [[] for _ in cap]
    total = len(order)
    for chunk in range(0, total, _PROGRESS_EVERY):
        if progress is not None:
            progress(chunk, total)
        for first in order[chunk : chunk + _PROGRESS_EVERY]:
            learner = first
            while learner >= 0:
                i = nxt[learner]
                end = start[learner + 1]
                own = lottery[learner]
                sn = support[learner]
                displaced = -1
                while i < end:
                    o = flat[i]
                    i += 1
                    ranks = prank[o]
                    if ranks is None:
                        r = own
                    else:
                        r = ranks.get(learner, 0)
                        if not r:
                            continue
                    hr = held_r[o]
                    ho = held_o[o]
                    rr = reserve[o]
                    cand = r
                    if sn and rr:
                        if len(hr) < rr:
                            heappush(hr, -r)
                            if len(ho) > cap[o] - len(hr):
                                displaced = decode[o][-heappop(ho)]
                            break
                        if r < -hr[0]:
                            cand = -heapreplace(hr, -r)
                    # ``cand`` competes for the seats that are not (used as) reserved seats.
                    if len(ho) < cap[o] - len(hr):
                        heappush(ho, -cand)
                        break
                    if ho and cand < -ho[0]:
                        displaced = decode[o][-heapreplace(ho, -cand)]
                        break
                    if cand != r:
                        displaced = decode[o][cand]
                        break
                else:
                    i = -1  # exhausted: unplaced for good
                nxt[learner] = i
                learner = displaced
    if progress is not None:
        progress(total, total)
