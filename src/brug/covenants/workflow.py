"""The covenant state machine: which transition is allowed from which status, under which action."""

from __future__ import annotations

from dataclasses import dataclass

from brug.core.i18n import Message, gettext_lazy
from brug.covenants.models import CovenantStatus as S


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    action: str  # the matrix action the actor needs
    label: Message


TRANSITIONS: dict[str, Transition] = {
    tr.name: tr
    for tr in (
        Transition(
            "submit",
            (S.DRAFT, S.CHANGES_REQUESTED),
            S.SUBMITTED,
            "submit",
            gettext_lazy("Submit to the department"),
        ),
        Transition(
            "request_changes",
            (S.SUBMITTED,),
            S.CHANGES_REQUESTED,
            "review",
            gettext_lazy("Request changes"),
        ),
        Transition("approve", (S.SUBMITTED,), S.APPROVED, "review", gettext_lazy("Approve")),
        Transition("start", (S.APPROVED,), S.RUNNING, "review", gettext_lazy("Start running")),
    )
}


def transitions_from(status: str) -> list[Transition]:
    return [tr for tr in TRANSITIONS.values() if status in tr.sources]
