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
    # The question of the confirm dialog: every step is final (a new step follows, none undoes it).
    confirm: Message
    confirm_button: Message


TRANSITIONS: dict[str, Transition] = {
    tr.name: tr
    for tr in (
        Transition(
            "submit",
            (S.DRAFT, S.CHANGES_REQUESTED),
            S.SUBMITTED,
            "submit",
            gettext_lazy("Submit to the department"),
            gettext_lazy("Submit this covenant to the department? It can no longer be changed."),
            gettext_lazy("Yes, submit"),
        ),
        Transition(
            "request_changes",
            (S.SUBMITTED,),
            S.CHANGES_REQUESTED,
            "review",
            gettext_lazy("Request changes"),
            gettext_lazy("Send this covenant back to the sector with a request for changes?"),
            gettext_lazy("Yes, request changes"),
        ),
        Transition(
            "approve",
            (S.SUBMITTED,),
            S.APPROVED,
            "review",
            gettext_lazy("Approve"),
            gettext_lazy("Approve this covenant? The sector is told at once."),
            gettext_lazy("Yes, approve"),
        ),
        Transition(
            "start",
            (S.APPROVED,),
            S.RUNNING,
            "review",
            gettext_lazy("Start running"),
            gettext_lazy("Start this covenant? Reporting on it begins."),
            gettext_lazy("Yes, start"),
        ),
    )
}


def transitions_from(status: str) -> list[Transition]:
    return [tr for tr in TRANSITIONS.values() if status in tr.sources]
