"""The previous coverage solver (one Dijkstra + one seat per opening per phase), kept verbatim
as an independent oracle for the hypothesis comparison with the faster solver."""

from __future__ import annotations

from heapq import heappop, heappush

from brug.matching_engine.compiled import Compiled
from brug.matching_engine.model import ProgressCallback

_INF = 1 << 62


def min_cost_max_assignment(
    compiled: Compiled, order: list[int], progress: ProgressCallback | None = None
) -> list[int]:
    """Opening int per learner int (-1 = unplaced)."""
    n = len(order)
    cap = compiled.capacity
    m = len(cap)
    # Acceptable edges per learner, learners renumbered in lottery order.
    adj_o: list[list[int]] = []
    adj_c: list[list[int]] = []
    for learner in order:
        os_: list[int] = []
        cs: list[int] = []
        for rank, o in enumerate(compiled.preferences(learner)):
            ranks = compiled.priority_rank[o]
            if cap[o] > 0 and (ranks is None or learner in ranks):
                os_.append(o)
                cs.append(rank)
        adj_o.append(os_)
        adj_c.append(cs)

    match = [-1] * n
    match_cost = [0] * n
    members: list[dict[int, None]] = [{} for _ in range(m)]
    load = [0] * m
    pl = [0] * n  # stored potentials; actual = stored + a global offset
    po = [0] * m
    pt = 0
    dl = [_INF] * n
    do = [_INF] * m
    vis_l = [0] * n
    vis_o = [0] * m
    big = n + m
    free = [k for k in range(n) if adj_o[k]]
    placed = 0
    phase = 0

    while free:
        phase += 1
        # --- Dijkstra on reduced costs, multi-source from the free learners ---
        heap = list(free)  # keys d * big + node; all d = 0 and ``free`` is sorted
        for k in free:
            dl[k] = 0
        touched_o: list[int] = []
        touched_l: list[int] = list(free)
        settled: list[int] = []
        dt = _INF
        while heap:
            key = heap[0]
            d = key // big
            if d >= dt:
                break
            heappop(heap)
            v = key - d * big
            if v < n:
                if d > dl[v]:
                    continue
                settled.append(v)
                base = d + pl[v]
                cur = match[v]
                ao = adj_o[v]
                ac = adj_c[v]
                for idx in range(len(ao)):
                    o = ao[idx]
                    if o == cur:
                        continue
                    nd = base + ac[idx] - po[o]
                    if nd < do[o]:
                        if do[o] == _INF:
                            touched_o.append(o)
                        do[o] = nd
                        heappush(heap, nd * big + n + o)
            else:
                o = v - n
                if d > do[o]:
                    continue
                settled.append(v)
                if load[o] < cap[o]:
                    cand = d + po[o] - pt
                    if cand < dt:
                        dt = cand
                pot = d + po[o]
                for k in members[o]:
                    nd = pot - pl[k] - match_cost[k]
                    if nd < dl[k]:
                        if dl[k] == _INF:
                            touched_l.append(k)
                        dl[k] = nd
                        heappush(heap, nd * big + k)
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

        # --- augment along zero-reduced-cost paths (depth-first, vertex-disjoint) ---
        for k0 in free:
            if vis_l[k0] == phase:
                continue
            vis_l[k0] = phase
            nodes = [k0]  # learner, opening + n, learner, opening + n, ...
            costs: list[int] = []
            iters = [iter(range(len(adj_o[k0])))]
            while nodes:
                v = nodes[-1]
                if v < n:
                    found = -1
                    ao = adj_o[v]
                    ac = adj_c[v]
                    target = pl[v]
                    cur = match[v]
                    for idx in iters[-1]:
                        o = ao[idx]
                        if vis_o[o] == phase or o == cur or ac[idx] + target != po[o]:
                            continue
                        vis_o[o] = phase
                        found = o
                        costs.append(ac[idx])
                        break
                    if found < 0:  # dead end: back to the opening we came from
                        nodes.pop()
                        iters.pop()
                        continue
                    nodes.append(found + n)
                    if load[found] < cap[found] and po[found] == pt:
                        _augment(nodes, costs, n, match, match_cost, members)
                        load[found] += 1
                        placed += 1
                        break
                    iters.append(iter(list(members[found])))
                else:
                    nk = -1
                    for k in iters[-1]:
                        if vis_l[k] != phase:
                            vis_l[k] = phase
                            nk = k
                            break
                    if nk < 0:  # no member leads anywhere: back to the learner
                        nodes.pop()
                        iters.pop()
                        costs.pop()
                        continue
                    nodes.append(nk)
                    iters.append(iter(range(len(adj_o[nk]))))
        free = [k for k in free if match[k] < 0]
        if progress is not None:
            progress(placed, n)

    assigned = [-1] * n
    for k, learner in enumerate(order):
        assigned[learner] = match[k]
    return assigned


def _augment(
    nodes: list[int],
    costs: list[int],
    n: int,
    match: list[int],
    match_cost: list[int],
    members: list[dict[int, None]],
) -> None:
    for j in range(0, len(nodes), 2):
        k = nodes[j]
        o = nodes[j + 1] - n
        old = match[k]
        if old >= 0:
            del members[old][k]
        match[k] = o
        match_cost[k] = costs[j // 2]
        members[o][k] = None
