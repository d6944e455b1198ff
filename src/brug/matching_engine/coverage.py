"""Coverage mode: place as many learners as possible, then minimise the total preference rank.

Min-cost max-flow on source -> learner (1) -> opening (rank cost, 1) -> sink (capacity),
solved by the primal-dual variant of successive shortest paths:

* warm start: with all potentials 0 the first phase would give every learner (in lottery
  order) its first choice while seats last; that is done directly;
* a phase runs one multi-source Dijkstra (all free learners at distance 0) on reduced costs
  ``c(l, o) + pi(l) - pi(o)`` (Johnson potentials) and stops as soon as the shortest
  distance ``dt`` to the sink is settled. Reduced costs are small integers, so the queue is
  a bucket per distance (few distinct distances occur) instead of a heap of all nodes;
* potentials move by ``min(D(v), dt)``; only settled nodes are touched (a global offset
  absorbs the ``+dt`` of all others), so a phase costs time proportional to what it explored;
* then a depth-first search finds a (near-)blocking flow on the zero-reduced-cost arcs:
  openings take as many paths as they have seats, learners moved by a path stay usable,
  and nodes found to be dead ends are skipped for the rest of the phase. Every path it
  augments along is a shortest augmenting path, and reverse arcs of a path have reduced
  cost 0, so the potentials stay valid while the phase augments.

Each phase augments at least once, so the result is a minimum-cost flow of maximum value:
maximum placements, then minimum total rank. Learners are renumbered in lottery order and
everything iterates in that order, so ties are broken deterministically by the lottery.
Reserved capacity does not constrain this mode (reserved seats are released when unused
and coverage mode does not use priorities); blocking pairs are reported reserve-aware.
"""

from __future__ import annotations

from heapq import heappop, heappush

from brug.matching_engine.compiled import Compiled
from brug.matching_engine.lottery import lottery
from brug.matching_engine.model import Instance, ProgressCallback, Result
from brug.matching_engine.stable import resolve_seed, resolve_share
from brug.matching_engine.stats import make_result

_INF = 1 << 62


def run_coverage(
    instance: Instance,
    seed: int | None = None,
    *,
    reserve_share: float | None = None,
    progress: ProgressCallback | None = None,
) -> Result:
    """Maximum number of placed learners, then minimum total preference rank."""
    seed = resolve_seed(instance, seed)
    share = resolve_share(instance, reserve_share)
    compiled = instance.compiled
    _, order = lottery(compiled.learner_ids, seed, compiled.sorted_learners)
    assigned = min_cost_max_assignment(compiled, order, progress)
    return make_result(compiled, assigned, mode="coverage", seed=seed, reserve_share=share)


def min_cost_max_assignment(
    compiled: Compiled, order: list[int], progress: ProgressCallback | None = None
) -> list[int]:
    """Opening int per learner int (-1 = unplaced)."""
    n = len(order)
    cap = compiled.capacity
    m = len(cap)
    adj_o, adj_c = _acceptable_edges(compiled, order)

    match = [-1] * n
    match_cost = [0] * n
    members: list[dict[int, None]] = [{} for _ in range(m)]
    load = [0] * m
    pl = [0] * n  # stored potentials; actual = stored + a global offset
    po = [0] * m
    pt = 0
    dl = [_INF] * n
    do = [_INF] * m
    vis_l = [0] * n  # phase stamps: learner used or dead in this phase
    dead_o = [0] * m  # phase stamps: opening leads to no free seat in this phase
    scan_at = [0] * m  # phase stamp of the opening's member snapshot
    scan_list: list[list[int]] = [[] for _ in range(m)]
    scan_pos = [0] * m
    # Warm start = the first phase with all potentials 0: the admissible arcs are the
    # rank-0 ones, so every learner (in lottery order) takes its first choice if a seat is
    # left. The potentials stay 0 and all arcs tight.
    placed = 0
    free: list[int] = []
    for k in range(n):
        ao = adj_o[k]
        if not ao:
            continue
        o = ao[0]
        if adj_c[k][0] == 0 and load[o] < cap[o]:
            match[k] = o
            members[o][k] = None
            load[o] += 1
            placed += 1
        else:
            free.append(k)
    if progress is not None:
        progress(placed, n)
    phase = 0

    while free:
        phase += 1
        # --- Dijkstra on reduced costs, multi-source from the free learners, with buckets
        # per distance (reduced costs are small integers; few distinct distances occur) ---
        for k in free:
            dl[k] = 0
        buckets: dict[int, list[int]] = {0: list(free)}  # node ints, openings offset by n
        keys = [0]
        touched_o: list[int] = []
        touched_l: list[int] = list(free)
        settled: list[int] = []
        dt = _INF
        while keys:
            d = keys[0]
            if d >= dt:
                break
            bucket = buckets[d]
            for v in bucket:  # grows while scanned: zero-cost arcs push into this bucket
                if v < n:
                    if dl[v] != d:
                        continue  # stale entry
                    settled.append(v)
                    base = d + pl[v]
                    # No need to skip the learner's own opening: it reached the learner at
                    # distance d over a tight arc, so it cannot improve.
                    for o, c in zip(adj_o[v], adj_c[v], strict=True):
                        nd = base + c - po[o]
                        if nd < do[o] and nd < dt:
                            if do[o] == _INF:
                                touched_o.append(o)
                            do[o] = nd
                            if nd == d:
                                bucket.append(n + o)
                            elif nd in buckets:
                                buckets[nd].append(n + o)
                            else:
                                buckets[nd] = [n + o]
                                heappush(keys, nd)
                else:
                    o = v - n
                    if do[o] != d:
                        continue
                    settled.append(v)
                    if load[o] < cap[o]:
                        cand = d + po[o] - pt
                        if cand < dt:
                            dt = cand
                            if dt <= d:
                                break
                    pot = d + po[o]
                    for k in members[o]:
                        nd = pot - pl[k] - match_cost[k]
                        if nd < dl[k] and nd < dt:
                            if dl[k] == _INF:
                                touched_l.append(k)
                            dl[k] = nd
                            if nd == d:
                                bucket.append(k)
                            elif nd in buckets:
                                buckets[nd].append(k)
                            else:
                                buckets[nd] = [k]
                                heappush(keys, nd)
            else:
                del buckets[d]
                heappop(keys)
                continue
            break
        if dt == _INF:
            break  # no augmenting path left: maximum placements reached
        for v in settled:
            if v < n:
                pl[v] += dl[v] - dt
            else:
                po[v - n] += do[v - n] - dt
        for k in touched_l:
            dl[k] = _INF
        for o in touched_o:
            do[o] = _INF

        # --- blocking flow on the zero-reduced-cost arcs: depth-first, learners used at
        # most once per phase, openings reused while they have seats or unvisited members,
        # dead ends are remembered ---
        for k0 in free:
            if vis_l[k0] == phase:
                continue
            vis_l[k0] = phase
            path_l = [k0]
            path_o: list[int] = []
            costs: list[int] = []
            next_idx = [0]
            while path_l:
                if len(path_l) > len(path_o):  # top is a learner: next admissible opening
                    v = path_l[-1]
                    ao = adj_o[v]
                    ac = adj_c[v]
                    target = pl[v]
                    cur = match[v]
                    i = next_idx[-1]
                    end = len(ao)
                    found = -1
                    while i < end:
                        o = ao[i]
                        c = ac[i]
                        i += 1
                        if c + target == po[o] and o != cur and dead_o[o] != phase:
                            found = o
                            break
                    next_idx[-1] = i
                    if found < 0:  # dead end: back to the opening we came from
                        path_l.pop()
                        next_idx.pop()
                        continue
                    path_o.append(found)
                    costs.append(c)
                    if load[found] < cap[found] and po[found] == pt:
                        _augment(path_l, path_o, costs, match, match_cost, members)
                        load[found] += 1
                        placed += 1
                        # The moved learners stay usable in this phase (through the arcs
                        # back to their previous openings); openings that were already
                        # scanned must see their new members.
                        for j in range(len(path_l)):
                            k = path_l[j]
                            vis_l[k] = 0
                            o = path_o[j]
                            if scan_at[o] == phase:
                                scan_list[o].append(k)
                        break
                    if scan_at[found] != phase:
                        scan_at[found] = phase
                        scan_list[found] = list(members[found])
                        scan_pos[found] = 0
                else:  # top is an opening: next unvisited member (all its arcs are tight)
                    o = path_o[-1]
                    lst = scan_list[o]
                    j = scan_pos[o]
                    end = len(lst)
                    nk = -1
                    while j < end:
                        k = lst[j]
                        j += 1
                        if vis_l[k] != phase:
                            nk = k
                            break
                    scan_pos[o] = j
                    if nk < 0:  # no member leads anywhere: back to the learner
                        dead_o[o] = phase
                        path_o.pop()
                        costs.pop()
                        continue
                    vis_l[nk] = phase
                    path_l.append(nk)
                    next_idx.append(0)
        free = [k for k in free if match[k] < 0]
        if progress is not None:
            progress(placed, n)

    assigned = [-1] * n
    for k, learner in enumerate(order):
        assigned[learner] = match[k]
    return assigned


def _acceptable_edges(
    compiled: Compiled, order: list[int]
) -> tuple[list[list[int]], list[list[int]]]:
    """Acceptable openings and their 0-based ranks per learner, learners in lottery order.

    Lists are read-only afterwards: learners whose openings all accept everybody share one
    rank list per length and their preference slice.
    """
    cap = compiled.capacity
    priority_rank = compiled.priority_rank
    pref_flat = compiled.pref_flat
    pref_start = compiled.pref_start
    open_to_all = [c > 0 and r is None for c, r in zip(cap, priority_rank, strict=True)].__getitem__
    rank_lists: dict[int, list[int]] = {}
    adj_o: list[list[int]] = []
    adj_c: list[list[int]] = []
    for learner in order:
        prefs = pref_flat[pref_start[learner] : pref_start[learner + 1]]
        if all(map(open_to_all, prefs)):
            size = len(prefs)
            ranks = rank_lists.get(size)
            if ranks is None:
                ranks = rank_lists[size] = list(range(size))
            adj_o.append(prefs)
            adj_c.append(ranks)
            continue
        os_: list[int] = []
        cs: list[int] = []
        for rank, o in enumerate(prefs):
            priority = priority_rank[o]
            if cap[o] > 0 and (priority is None or learner in priority):
                os_.append(o)
                cs.append(rank)
        adj_o.append(os_)
        adj_c.append(cs)
    return adj_o, adj_c


def _augment(
    path_l: list[int],
    path_o: list[int],
    costs: list[int],
    match: list[int],
    match_cost: list[int],
    members: list[dict[int, None]],
) -> None:
    for j in range(len(path_l)):
        k = path_l[j]
        o = path_o[j]
        old = match[k]
        if old >= 0:
            del members[old][k]
        match[k] = o
        match_cost[k] = costs[j]
        members[o][k] = None
