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

from brug.core.i18n import Message, as_message, by_language, gettext_lazy
from brug.matching_engine import (
    COVERAGE,
    FILLED,
    NO_CAPACITY,
    NOT_ACCEPTABLE,
    RESERVED,
    Instance,
    Reason,
    Result,
    explain_compact,
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


def round_details(instance: Instance, result: Result) -> dict[str, Detail]:
    """The engine's explanation of `result`, per learner id, in the preview's compact form
    (the engine writes it positionally: no reason object or params dict per row)."""
    keys = [int(oid) for oid in instance.compiled.opening_ids]
    return explain_compact(instance, result, keys)


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
    text = by_language({"nl": render_nl(reason), "en": render_en(reason)})
    note = _NOTES.get(code)
    return text if note is None else as_message("{text} {note}").format(text=text, note=note)


def outcome_text(opening_label: str | None, rank: int | None) -> Message:
    if opening_label is None:
        return gettext_lazy(
            "You did not get a place in this round. Your guide will keep looking with you."
        )
    return gettext_lazy(
        "You got a place at {opening} (your choice {rank}).", opening=opening_label, rank=rank
    )


#: A short answer per reason code, for the learner's list of choices ("why not?").
REASON_TITLES: dict[str, Message] = {
    NO_CAPACITY: gettext_lazy("Full"),
    FILLED: gettext_lazy("Filled by applicants with a higher priority"),
    NOT_ACCEPTABLE: gettext_lazy("Not accepted by the workplace"),
    RESERVED: gettext_lazy("Reserved for learners with a support need"),
    COVERAGE: gettext_lazy("Used to give more learners a place"),
}


def choice_rows(
    *,
    preferences: list[tuple[int, int]],
    labels: dict[int, str],
    reasons: list[list[Any]],
    placed_rank: int | None,
) -> list[dict[str, Any]]:
    """Every choice the learner made, in order, with what happened to it and why.

    `preferences` are (rank, opening pk); `reasons` the stored rows for the better choices.
    """
    by_rank = {row[1]: row for row in reasons}
    rows: list[dict[str, Any]] = []
    for rank, opening in sorted(preferences):
        label = labels.get(opening, "?")
        row = by_rank.get(rank)
        if placed_rank is not None and rank == placed_rank:
            status, title, text = "given", gettext_lazy("Given"), None
        elif placed_rank is not None and rank > placed_rank:
            status = "not_needed"
            title = gettext_lazy("Not needed")
            text = gettext_lazy("You got a choice you ranked higher.")
        elif row is not None:
            status = "not_given"
            title = REASON_TITLES.get(row[2], gettext_lazy("Not given"))
            text = reason_text(label, row)
        else:
            status = "not_given"
            title = gettext_lazy("Not given")
            text = gettext_lazy("No further explanation available.")
        rows.append(
            {"rank": rank, "opening": label, "status": status, "title": title, "text": text}
        )
    return rows
