"""Why a learner did not get a better preference, in numbers only (never other learners).

The engine package (`brug.matching_engine`) has no `explain` yet, so this module derives the
reasons from the engine's own post-condition view of each opening (`checks.opening_views`):
what the opening admitted, summarised by priority positions.
"""

from __future__ import annotations

from typing import Any

from brug.core.i18n import Text, t
from brug.matching_engine.checks import opening_views, position
from brug.matching_engine.model import Instance

NO_PLACES = "no_places"
NOT_ACCEPTED = "not_accepted"
HIGHER_PRIORITY = "higher_priority"
RESERVED = "reserved"
COVERAGE = "coverage_tradeoff"

# One compact row per learner: [lottery number, assigned rank (0 = unplaced), reasons]
# with a reason as [opening pk, preference rank, code, priority position (0 = none)].
Detail = list[Any]


def explain_all(
    instance: Instance, assigned: list[int], lottery: list[int], reserve_share: float
) -> list[Detail]:
    """A detail row per learner int of `instance`; `assigned` holds opening ints (-1 = none)."""
    compiled = instance.compiled
    views = opening_views(compiled, lottery, assigned, reserve_share)
    details: list[Detail] = []
    for learner, current in enumerate(assigned):
        support = compiled.support[learner]
        reasons = []
        rank = 0
        for index, opening in enumerate(compiled.preferences(learner), 1):
            if opening == current:
                rank = index
                break
            pos = position(compiled, lottery, learner, opening)
            view = views[opening]
            if view.capacity == 0:
                code = NO_PLACES
            elif pos is None:
                code = NOT_ACCEPTED
            elif view.admits(pos, support):
                code = COVERAGE  # a blocking pair: only coverage mode leaves these
            elif view.reserved and not support and pos < view.worst_all:
                code = RESERVED
            else:
                code = HIGHER_PRIORITY
            reasons.append([int(compiled.opening_ids[opening]), index, code, pos or 0])
        details.append([lottery[learner], rank, reasons])
    return details


_TEXTS: dict[str, Text] = {
    NO_PLACES: t(
        "Die werkplek had in deze ronde geen vrije plaats (of geen actieve mentor).",
        "That workplace had no free place in this round (or no active mentor).",
    ),
    NOT_ACCEPTED: t(
        "De werkplek weerhield je niet na het intakegesprek.",
        "The workplace did not accept you after the intake interview.",
    ),
    HIGHER_PRIORITY: t(
        "Die plaatsen gingen naar kandidaten met een hogere voorrang bij die werkplek "
        "(na de intake of via de loting); jouw lotnummer was {lottery}.",
        "Those places went to applicants with a higher priority at that workplace "
        "(after the intake or by the lottery); your lottery number was {lottery}.",
    ),
    RESERVED: t(
        "Een deel van de plaatsen was voorbehouden voor lerenden met een ondersteuningsnood; "
        "de overige plaatsen gingen naar kandidaten met een hogere voorrang. "
        "Jouw lotnummer was {lottery}.",
        "Part of the places was reserved for learners with a support need; the other places "
        "went to applicants with a higher priority. Your lottery number was {lottery}.",
    ),
    COVERAGE: t(
        "Om in totaal meer lerenden een plaats te geven, ging die plaats naar een andere "
        "lerende, ook al had jij daar voorrang.",
        "To give more learners a place in total, that place went to another learner, "
        "even though you had priority there.",
    ),
}


def reason_text(code: str, lottery: int) -> Text:
    text = _TEXTS.get(code)
    if text is None:
        return t("Geen verdere uitleg beschikbaar.", "No further explanation available.")
    return text.format(lottery=lottery)


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
