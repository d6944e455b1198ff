"""The covenant state machine: which transition is allowed from which status, under which action."""

from __future__ import annotations

from dataclasses import dataclass

from brug.core.i18n import Text, t
from brug.covenants.models import CovenantStatus as S


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    action: str  # the matrix action the actor needs
    label: Text


TRANSITIONS: dict[str, Transition] = {
    tr.name: tr
    for tr in (
        Transition(
            "submit",
            (S.DRAFT, S.CHANGES_REQUESTED),
            S.SUBMITTED,
            "submit",
            t("Indienen bij het departement", "Submit to the department"),
        ),
        Transition(
            "request_changes",
            (S.SUBMITTED,),
            S.CHANGES_REQUESTED,
            "review",
            t("Aanpassing vragen", "Request changes"),
        ),
        Transition("approve", (S.SUBMITTED,), S.APPROVED, "review", t("Goedkeuren", "Approve")),
        Transition(
            "start", (S.APPROVED,), S.RUNNING, "review", t("Start uitvoering", "Start running")
        ),
    )
}


def transitions_from(status: str) -> list[Transition]:
    return [tr for tr in TRANSITIONS.values() if status in tr.sources]
