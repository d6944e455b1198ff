"""A round's explanations, from the engine (`brug.matching_engine.explain`).

The engine gives, per learner, one reason per preference better than the outcome: a code and
numbers only (lottery number, positions), never other learners. A published result stores
them as `[opening pk, preference rank, code, params]` rows (`RoundResult.reasons`) and renders
them with the engine's Dutch and English texts, naming the opening by its label. The preview
(`RoundRun.details`, tens of thousands of learners in two modes) keeps them positionally,
`[opening pk, preference rank, code, *numbers]`, without the parameter names and the learner's
own lottery number repeated in every row. Who may see them (the learner and its school) is
the matrix's `explain` action.
"""

from __future__ import annotations

from typing import Any

from brug.core.i18n import Message, gettext_lazy
from brug.matching_engine import (
    NO_CAPACITY,
    Instance,
    Reason,
    Result,
    explain,
    render_en,
    render_nl,
)

# [lottery number, assigned rank (0 = unplaced), [[opening pk, rank, code, *numbers], ...]]
Detail = list[Any]

LOTTERY = "lottery_number"
# The engine's numeric params after the lottery number, in the order each code fills them
# (`filled_by_higher_priority` all three, the others a prefix or none).
NUMBERS = ("position", "cutoff_position", "priority_list")

# What the engine cannot know: a round gives an opening without an eligible mentor no places.
_NOTES: dict[str, Message] = {
    NO_CAPACITY: gettext_lazy(
        "In a round, a workplace without an active, eligible mentor counts as full."
    ),
}


_SHAPES = {(LOTTERY, *NUMBERS[:n]) for n in range(len(NUMBERS) + 1)}


def _compact(reason: Reason) -> list[Any]:
    params = reason.params
    names = tuple(params)
    if names not in _SHAPES:  # the positional form could not be read back
        raise ValueError(f"unexpected explanation params: {names}")
    return [int(reason.opening), reason.preference_rank, reason.code, *map(params.get, names[1:])]


def round_details(instance: Instance, result: Result) -> dict[str, Detail]:
    """The engine's explanation of `result`, per learner id, in the preview's compact form."""
    return {
        learner: [e.lottery_number, e.assigned_rank or 0, [_compact(r) for r in e.reasons]]
        for learner, e in explain(instance, result).items()
    }


def result_reasons(detail: Detail) -> list[list[Any]]:
    """A preview detail's reasons as published rows: `[opening, rank, code, params]`."""
    lottery, _rank, rows = detail
    reasons = []
    for opening, rank, code, *numbers in rows:
        if numbers and isinstance(numbers[0], dict):  # a preview computed before compaction
            params = numbers[0]
        else:
            params = {LOTTERY: lottery, **dict(zip(NUMBERS, numbers, strict=False))}
        reasons.append([opening, rank, code, params])
    return reasons


def reason_text(label: str, row: list[Any]) -> Message:
    """One stored reason row, rendered by the engine with the opening's label."""
    _opening, rank, code, params = row
    if not isinstance(params, dict):  # rows stored before the engine explained rounds
        return gettext_lazy("No further explanation available.")
    reason = Reason(opening=label, preference_rank=rank, code=code, params=params)
    text = Message(nl=render_nl(reason), en=render_en(reason))
    note = _NOTES.get(code)
    return text if note is None else Message(nl=f"{text.nl} {note.nl}", en=f"{text.en} {note.en}")


def outcome_text(opening_label: str | None, rank: int | None) -> Message:
    if opening_label is None:
        return gettext_lazy(
            "You did not get a place in this round. Your guide will keep looking with you."
        )
    return gettext_lazy(
        "You got a place at {opening} (your choice {rank}).", opening=opening_label, rank=rank
    )
