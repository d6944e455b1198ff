"""Publishing a round: placements through the workplace services, then notifications."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from brug.accounts.people import RequestUser, user_or_none
from brug.core import policy
from brug.core.audit import audit_record
from brug.core.bulk import foreign_keys_checked_per_set, insert_rows
from brug.core.errors import ServiceError
from brug.core.i18n import Message, gettext_lazy
from brug.core.notify import notify
from brug.matching.explain import result_reasons
from brug.matching.instance import opening_mentors
from brug.matching.models import (
    MatchingRound,
    RoundPreference,
    RoundResult,
    RoundStatus,
)
from brug.matching.services._common import BATCH, Progress
from brug.matching.services.rounds import _lock, _participants, _require_status
from brug.matching.services.runs import _require_mode, _run_of, gc_paused
from brug.workplace.models import (
    Opening,
    OpeningStatus,
    Recognition,
    recognised_q,
)
from brug.workplace.services import Basis, PlacementSpec, placements_create_bulk


def _stale(reason: Message) -> ServiceError:
    return ServiceError(
        gettext_lazy(
            "The data changed since the computation ({reason}); compute the round again.",
            reason=reason,
        ),
        code="stale",
    )


def _still_open(rnd: MatchingRound) -> set[int]:
    """The round's openings still published at a recognised workplace.

    Two primary-key lookups: SQLite plans the opening-recognition join badly at scale."""
    workplace_of = dict(
        Opening.objects.filter(round_links__round=rnd, status=OpeningStatus.PUBLISHED).values_list(
            "pk", "workplace_id"
        )
    )
    ids = sorted(set(workplace_of.values()))
    recognised: set[int] = set()
    for i in range(0, len(ids), BATCH):
        recognised.update(
            Recognition.objects.filter(pk__in=ids[i : i + BATCH])
            .filter(recognised_q())
            .values_list("pk", flat=True)
        )
    return {pk for pk, workplace in workplace_of.items() if workplace in recognised}


def round_publish(
    *, actor: RequestUser | None, rnd: MatchingRound, mode: str, progress: Progress | None = None
) -> dict[str, int]:
    """Publish the computed result of `mode`: placements, results, notifications. Once only.

    One transaction, so `progress` can only say that it started and that it is done."""
    if progress is not None:
        progress(0, 100, gettext_lazy("creating placements"))
    with gc_paused():
        summary = _publish(actor=actor, rnd=rnd, mode=mode)
    if progress is not None:
        progress(100, 100, gettext_lazy("done"))
    return summary


@transaction.atomic
def _publish(*, actor: RequestUser | None, rnd: MatchingRound, mode: str) -> dict[str, int]:
    policy.require(actor, "publish", rnd)
    rnd = _lock(rnd)
    _require_status(rnd, RoundStatus.COMPUTED)
    _require_mode(mode)
    run = _run_of(rnd, mode)
    pairs = [(int(lp), int(op)) for lp, op in run.assignment.items() if op is not None]
    listed = {
        (lp, op): rank
        for lp, op, rank in RoundPreference.objects.filter(round=rnd).values_list(
            "learner_id", "opening_id", "rank"
        )
    }
    if any(pair not in listed for pair in pairs):
        raise _stale(gettext_lazy("assignment outside the preferences"))
    mentors = opening_mentors(rnd)
    if any(op not in mentors for _, op in pairs):
        raise _stale(gettext_lazy("no eligible active mentor"))
    still_open = _still_open(rnd)
    if any(op not in still_open for _, op in pairs):
        raise _stale(gettext_lazy("a workplace is no longer open"))
    # The workplace app writes the placements (capacity, training plans, audit, notifications
    # to companies and schools); its refusals mean the data changed since the computation.
    try:
        placements = placements_create_bulk(
            actor=actor,
            items=[PlacementSpec(lp, op, mentors[op]) for lp, op in pairs],
            source=f"matchingsronde / matching round: {rnd.name}",
            basis=Basis.ROUND,
            is_demo=rnd.is_demo,
        )
    except ServiceError as exc:
        raise _stale(exc.text) from exc
    placement_of = {p.learner_id: p.pk for p in placements}

    def result_rows() -> Any:
        for key, detail in run.details.items():
            lp = int(key)
            op = run.assignment.get(key)
            rank = listed[(lp, op)] if op is not None else None
            reasons = result_reasons(detail)
            yield (rnd.pk, lp, op, rank, detail[0], reasons, placement_of.get(lp))

    with foreign_keys_checked_per_set(RoundResult):  # only this insert inside
        results = insert_rows(
            RoundResult,
            [
                "round",
                "learner",
                "opening",
                "preference_rank",
                "lottery_number",
                "reasons",
                "placement",
            ],
            result_rows(),
        )

    rnd.status = RoundStatus.PUBLISHED
    rnd.mode = mode
    rnd.published_at = timezone.now()
    rnd.published_by = user_or_none(actor)
    rnd.save(update_fields=["status", "mode", "published_at", "published_by"])
    summary = {"placed": len(pairs), "unplaced": results - len(pairs)}
    audit_record(
        actor=actor, verb="matching.round_published", obj=rnd, changes={"mode": mode, **summary}
    )
    _notify_published(rnd)
    return summary


def _notify_published(rnd: MatchingRound) -> None:
    """The learners hear it here; companies and schools from the workplace app's service."""
    learners, _guides = _participants(rnd)
    notify(
        recipients=learners,
        subject=gettext_lazy("Matching round result: {name}", name=rnd.name),
        body=gettext_lazy("The result of the matching round is ready, with an explanation."),
        url=reverse("matching:my_result", args=[rnd.pk]),
    )
