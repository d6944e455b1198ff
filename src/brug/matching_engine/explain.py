"""Per-learner explanations that never reveal other learners.

For every opening a learner ranked above its outcome (all of them when unplaced) one
``Reason`` with a code and numeric params:

``not_acceptable``
    the opening's priority list does not include the learner.
``no_capacity``
    the opening has no seats.
``filled_by_higher_priority``
    params ``lottery_number``, ``position`` (yours), ``cutoff_position`` (the last admitted
    applicant's), ``priority_list`` (1: positions come from the opening's priority list,
    0: positions are lottery numbers).
``reserved_for_support_need``
    you would have been admitted, but the remaining seats were reserved for (and taken by)
    learners with a support need. Params ``lottery_number``, ``position``.
``coverage_tradeoff``
    only in coverage mode: you had priority for a seat, but it was used to place more
    learners overall. Params ``lottery_number``, ``position``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from brug.matching_engine.checks import _assigned_ints, opening_views, position
from brug.matching_engine.lottery import lottery_numbers
from brug.matching_engine.model import Explanation, Instance, Reason, Result

NOT_ACCEPTABLE = "not_acceptable"
NO_CAPACITY = "no_capacity"
FILLED = "filled_by_higher_priority"
RESERVED = "reserved_for_support_need"
COVERAGE = "coverage_tradeoff"


def explain(instance: Instance, result: Result) -> dict[str, Explanation]:
    """Explanation per learner id."""
    compiled = instance.compiled
    lottery = lottery_numbers(compiled.learner_ids, result.seed)
    assigned = _assigned_ints(compiled, result, [])
    views = opening_views(compiled, lottery, assigned, result.reserve_share)
    out: dict[str, Explanation] = {}
    for learner, lid in enumerate(compiled.learner_ids):
        current = assigned[learner]
        number = lottery[learner]
        sn = compiled.support[learner]
        reasons: list[Reason] = []
        assigned_rank: int | None = None
        for rank, opening in enumerate(compiled.preferences(learner), 1):
            if opening == current:
                assigned_rank = rank
                break
            oid = compiled.opening_ids[opening]
            view = views[opening]
            pos = position(compiled, lottery, learner, opening)
            params = {"lottery_number": number}
            if pos is None:
                code = NOT_ACCEPTABLE
            elif view.capacity == 0:
                code = NO_CAPACITY
            else:
                params["position"] = pos
                if view.admits(pos, sn):
                    code = COVERAGE
                elif view.reserved and not sn and (pos < view.worst_all or not view.worst_open):
                    code = RESERVED
                else:
                    code = FILLED
                    params["cutoff_position"] = view.worst_all
                    params["priority_list"] = int(compiled.priority[opening] is not None)
            reasons.append(Reason(oid, rank, code, params))
        out[lid] = Explanation(
            lid,
            None if current < 0 else compiled.opening_ids[current],
            assigned_rank,
            number,
            tuple(reasons),
        )
    return out


def explain_compact(
    instance: Instance, result: Result, opening_keys: Sequence[Any] | None = None
) -> dict[str, list[Any]]:
    """``explain`` in positional form, without a ``Reason`` object or params dict per row.

    Per learner id: ``[lottery number, assigned rank (0 = unplaced), rows]``; a row is
    ``[opening key, preference rank, code, *numbers]`` where the numbers are the reason's
    params after ``lottery_number``, in the order ``position``, ``cutoff_position``,
    ``priority_list`` (``filled_by_higher_priority`` has all three, ``coverage_tradeoff`` and
    ``reserved_for_support_need`` the first, the others none). ``opening_keys[o]`` names
    opening int ``o`` (default: its id). Same codes and numbers as ``explain``; a test holds
    them equal."""
    compiled = instance.compiled
    lottery = lottery_numbers(compiled.learner_ids, result.seed, compiled.sorted_learners)
    assigned = _assigned_ints(compiled, result, [])
    views = opening_views(compiled, lottery, assigned, result.reserve_share)
    keys = compiled.opening_ids if opening_keys is None else opening_keys
    listed = [int(p is not None) for p in compiled.priority]
    prank = compiled.priority_rank
    flat = compiled.pref_flat
    start = compiled.pref_start
    support = compiled.support
    out: dict[str, list[Any]] = {}
    for learner, lid in enumerate(compiled.learner_ids):
        current = assigned[learner]
        number = lottery[learner]
        rows: list[list[Any]] = []
        assigned_rank = 0
        rank = 0
        for opening in flat[start[learner] : start[learner + 1]]:
            rank += 1
            if opening == current:
                assigned_rank = rank
                break
            ranks = prank[opening]
            pos = number if ranks is None else ranks.get(learner)
            if pos is None:
                rows.append([keys[opening], rank, NOT_ACCEPTABLE])
                continue
            view = views[opening]
            if view.capacity == 0:
                rows.append([keys[opening], rank, NO_CAPACITY])
            elif view.admits(pos, support[learner]):
                rows.append([keys[opening], rank, COVERAGE, pos])
            elif (
                view.reserved
                and not support[learner]
                and (pos < view.worst_all or not view.worst_open)
            ):
                rows.append([keys[opening], rank, RESERVED, pos])
            else:
                rows.append([keys[opening], rank, FILLED, pos, view.worst_all, listed[opening]])
        out[lid] = [number, assigned_rank, rows]
    return out


def render_nl(reason: Reason) -> str:
    """Dutch message for one reason."""
    p = reason.params
    head = f"Keuze {reason.preference_rank} ({reason.opening}): "
    if reason.code == NOT_ACCEPTABLE:
        return head + "je staat niet op de lijst van aanvaardbare kandidaten van deze plaats."
    if reason.code == NO_CAPACITY:
        return head + "deze plaats heeft geen beschikbare plaatsen."
    if reason.code == RESERVED:
        return head + (
            "de overige plaatsen waren voorbehouden voor lerenden met een ondersteuningsnood."
        )
    if reason.code == COVERAGE:
        return head + (
            "je had voorrang, maar de plaats werd gebruikt om meer lerenden een plaats te "
            f"geven; je lotnummer was {p['lottery_number']}."
        )
    kind = "voorrangspositie" if p.get("priority_list") else "lotpositie"
    return head + (
        "deze plaats werd ingevuld door kandidaten met een hogere voorrang bij deze "
        f"werkplek; je lotnummer was {p['lottery_number']}. De laatst toegelaten kandidaat "
        f"had {kind} {p['cutoff_position']}; de jouwe was {p['position']}."
    )


def render_en(reason: Reason) -> str:
    """English message for one reason."""
    p = reason.params
    head = f"Choice {reason.preference_rank} ({reason.opening}): "
    if reason.code == NOT_ACCEPTABLE:
        return head + "you are not acceptable to that opening."
    if reason.code == NO_CAPACITY:
        return head + "that opening has no seats."
    if reason.code == RESERVED:
        return head + "the remaining seats were reserved for learners with a support need."
    if reason.code == COVERAGE:
        return head + (
            "you had priority, but the seat was used to place more learners overall; "
            f"your lottery number was {p['lottery_number']}."
        )
    kind = "priority position" if p.get("priority_list") else "lottery position"
    return head + (
        "that opening was filled by applicants with a higher priority at that workplace; "
        f"your lottery number was {p['lottery_number']}. The last admitted applicant had "
        f"{kind} {p['cutoff_position']}; yours was {p['position']}."
    )


def explanation_to_dict(explanation: Explanation) -> dict[str, object]:
    """JSON-ready form: structured reasons plus Dutch (first) and English messages."""
    return {
        "assigned": explanation.assigned,
        "assigned_rank": explanation.assigned_rank,
        "lottery_number": explanation.lottery_number,
        "reasons": [
            {
                "opening": r.opening,
                "preference_rank": r.preference_rank,
                "code": r.code,
                "params": dict(r.params),
            }
            for r in explanation.reasons
        ],
        "messages": {
            "nl": [render_nl(r) for r in explanation.reasons],
            "en": [render_en(r) for r in explanation.reasons],
        },
    }
