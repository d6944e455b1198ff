"""A round's explanations, from the engine (`brug.matching_engine.explain`).

The engine gives, per learner, one reason per preference better than the outcome: a code and
numbers only (lottery number, positions), never other learners. A round stores them as
`[opening pk, preference rank, code, params]` rows (`RoundRun.details`, `RoundResult.reasons`)
and renders them with the engine's Dutch and English texts, naming the opening by its label.
Who may see them (the learner and its school) is the matrix's `explain` action.
"""

from __future__ import annotations

from typing import Any

from brug.core.i18n import Text, t
from brug.matching_engine import explain, render_en, render_nl
from brug.matching_engine.explain import NO_CAPACITY
from brug.matching_engine.model import Instance, Reason, Result

# [lottery number, assigned rank (0 = unplaced), [[opening pk, rank, code, params], ...]]
Detail = list[Any]

# What the engine cannot know: a round gives an opening without an eligible mentor no places.
_NOTES: dict[str, Text] = {
    NO_CAPACITY: t(
        "In een ronde telt een werkplek zonder actieve, geschikte mentor als volzet.",
        "In a round, a workplace without an active, eligible mentor counts as full.",
    ),
}


def round_details(instance: Instance, result: Result) -> dict[str, Detail]:
    """The engine's explanation of `result`, per learner id, in the stored row form."""
    return {
        learner: [
            e.lottery_number,
            e.assigned_rank or 0,
            [[int(r.opening), r.preference_rank, r.code, dict(r.params)] for r in e.reasons],
        ]
        for learner, e in explain(instance, result).items()
    }


def reason_text(label: str, row: list[Any]) -> Text:
    """One stored reason row, rendered by the engine with the opening's label."""
    _opening, rank, code, params = row
    if not isinstance(params, dict):  # rows stored before the engine explained rounds
        return t("Geen verdere uitleg beschikbaar.", "No further explanation available.")
    reason = Reason(opening=label, preference_rank=rank, code=code, params=params)
    text = Text(nl=render_nl(reason), en=render_en(reason))
    note = _NOTES.get(code)
    return text if note is None else Text(nl=f"{text.nl} {note.nl}", en=f"{text.en} {note.en}")


def outcome_text(opening_label: str | None, rank: int | None) -> Text:
    if opening_label is None:
        return t(
            "Je kreeg in deze ronde geen plaats. Je trajectbegeleider zoekt samen met jou verder.",
            "You did not get a place in this round. Your guide will keep looking with you.",
        )
    return t(
        "Je kreeg een plaats bij {opening} (je keuze {rank}).",
        "You got a place at {opening} (your choice {rank}).",
        opening=opening_label,
        rank=rank,
    )
