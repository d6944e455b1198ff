"""One placement (the agreement): create and end."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F

from brug.accounts.people import RequestUser, signed_in
from brug.core import policy
from brug.core.audit import audit_record
from brug.core.i18n import gettext_lazy
from brug.core.notify import notify
from brug.workplace import models as m
from brug.workplace import people
from brug.workplace.services._common import _fail, _today, _url
from brug.workplace.services.placement_rule import (
    Basis,
    PlacementSpec,
    placements_check,
    refuse_second_placement,
)
from brug.workplace.services.training_plans import training_plan_create


@transaction.atomic
def placement_create(
    *,
    actor: RequestUser,
    opening: m.Opening,
    learner: m.Learner,
    mentor: m.Mentor,
    start: date | None = None,
    end: date | None = None,
) -> m.Placement:
    """The agreement, under the one placement rule (`placement_rule`): an accepted intake,
    made by the learner's school or the opening's company. Never exceeds the opening's
    capacity, never a second active placement of the learner, also under concurrent requests."""
    spec = PlacementSpec(learner.pk, opening.pk, mentor.pk, start, end)
    checked = placements_check(actor=actor, items=[spec], basis=Basis.APPLICATION, single=True)
    _, start, end = checked.rows[0]
    placement = m.Placement(learner=learner, opening=opening, mentor=mentor, start=start, end=end)
    # Lock the opening row (PostgreSQL; SQLite's IMMEDIATE transaction already serialises
    # writers), then take a place only while one is free: the conditional UPDATE is atomic.
    m.Opening.objects.select_for_update().filter(pk=opening.pk).first()
    taken = m.Opening.objects.filter(pk=opening.pk, filled__lt=F("capacity")).update(
        filled=F("filled") + 1
    )
    if taken != 1:
        _fail(
            gettext_lazy("This opening is full."),
            code="opening_full",
            field="opening",
        )
    placement.created_by = signed_in(actor)
    try:
        with transaction.atomic():  # the database's backstop: one active placement per learner
            placement.save()
    except IntegrityError as exc:
        raise refuse_second_placement(exc) from exc
    training_plan_create(actor=actor, placement=placement)
    audit_record(
        actor=actor,
        verb="placement.create",
        obj=placement,
        changes={
            "learner": learner.pseudonym,
            "opening": opening,
            "mentor": mentor,
            "start": placement.start,
            "end": placement.end,
        },
    )
    notify(
        recipients=people.company_contacts(opening.company_id)
        + people.guides(learner.school_id)
        + people.learner_user(learner)
        + people.mentor_user(mentor),
        subject=gettext_lazy("New placement"),
        body=gettext_lazy(
            "{pseudonym} starts on {start} at {opening}.",
            pseudonym=learner.pseudonym,
            start=placement.start.isoformat(),
            opening=str(opening),
        ),
        url=_url("placement-detail", placement.pk),
    )
    return placement


@transaction.atomic
def placement_end(
    *,
    actor: RequestUser,
    placement: m.Placement,
    early: bool,
    reason: str = "",
    on: date | None = None,
) -> m.Placement:
    policy.require(actor, "end", placement)
    if placement.status != m.PlacementStatus.ACTIVE:
        _fail(
            gettext_lazy("This placement has already ended."),
            code="invalid_transition",
        )
    if early and reason not in m.EndReason.values:
        _fail(
            gettext_lazy("Choose a reason for the early end."),
            code="reason_required",
            field="reason",
        )
    ended_on = on or _today()
    placement.status = m.PlacementStatus.ENDED_EARLY if early else m.PlacementStatus.ENDED
    placement.end_reason = reason if early else ""
    placement.ended_on = ended_on
    placement.save(update_fields=["status", "end_reason", "ended_on"])
    m.Opening.objects.filter(pk=placement.opening_id, filled__gt=0).update(filled=F("filled") - 1)
    audit_record(
        actor=actor,
        verb="placement.end",
        obj=placement,
        changes={"status": placement.status, "reason": placement.end_reason, "on": ended_on},
    )
    notify(
        recipients=people.company_contacts(placement.opening.company_id)
        + people.guides(placement.learner.school_id),
        subject=gettext_lazy("Placement ended"),
        body=gettext_lazy(
            "The placement of {pseudonym} has ended ({status}).",
            pseudonym=placement.learner.pseudonym,
            status=placement.status,
        ),
        url=_url("placement-detail", placement.pk),
    )
    return placement
