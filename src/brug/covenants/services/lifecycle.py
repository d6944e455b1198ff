"""Generations and covenants: create, update and move through the workflow."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from brug.accounts.people import RequestUser
from brug.core import bounds, policy
from brug.core.audit import audit_record
from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy
from brug.core.notify import notify
from brug.covenants import models as m
from brug.covenants.services._common import (
    _covenant_url,
    _department_people,
    _people,
    _require_editable,
)
from brug.covenants.workflow import TRANSITIONS
from brug.registry.models import Organisation, OrganisationKind, Sector

# ------------------------------------------------------------------ generations


@transaction.atomic
def generation_create(
    *,
    actor: RequestUser,
    code: str,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    fte_subsidy_eur: Decimal,
    result_share: Decimal,
    source: str = "",
) -> m.CovenantGeneration:
    generation = m.CovenantGeneration(
        code=code,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        fte_subsidy_eur=fte_subsidy_eur,
        result_share=result_share,
        source=source,
    )
    policy.require(actor, "create", generation)
    if ends_on <= starts_on:
        raise ServiceError(
            gettext_lazy("The end must come after the start."),
            code="bad_period",
            field="ends_on",
        )
    if not Decimal("0") <= result_share <= Decimal("1"):
        raise ServiceError(
            gettext_lazy("The share must be between 0 and 1."),
            code="bad_share",
            field="result_share",
        )
    if m.CovenantGeneration.objects.filter(code=code).exists():
        raise ServiceError(
            gettext_lazy("That generation already exists."),
            code="duplicate",
            field="code",
        )
    generation.save()
    audit_record(actor=actor, verb="covenants.generation_created", obj=generation)
    return generation


# ------------------------------------------------------------------ covenants


@transaction.atomic
def covenant_create(
    *,
    actor: RequestUser,
    generation: m.CovenantGeneration,
    sector: Sector,
    sector_fund: Organisation,
    consultant_fte: Decimal,
    public_summary: str = "",
) -> m.Covenant:
    covenant = m.Covenant(
        generation=generation,
        sector=sector,
        sector_fund=sector_fund,
        consultant_fte=consultant_fte,
        public_summary=public_summary,
    )
    policy.require(actor, "create", covenant)
    if sector_fund.kind != OrganisationKind.SECTOR_FUND:
        raise ServiceError(
            gettext_lazy("The party must be a sector fund."),
            code="not_a_sector_fund",
            field="sector_fund",
        )
    if consultant_fte < 0:
        raise ServiceError(
            gettext_lazy("The number of FTE cannot be negative."),
            code="negative",
            field="consultant_fte",
        )
    if m.Covenant.objects.filter(generation=generation, sector=sector).exists():
        raise ServiceError(
            gettext_lazy(
                "Sector {s} already has a covenant in generation {g}.",
                s=sector.name,
                g=generation.code,
            ),
            code="duplicate_covenant",
            field="sector",
        )
    try:
        with transaction.atomic():
            covenant.save()
    except IntegrityError as exc:  # a concurrent request won the race: the DB constraint holds
        raise ServiceError(
            gettext_lazy("The sector already has a covenant in this generation."),
            code="duplicate_covenant",
            field="sector",
        ) from exc
    audit_record(
        actor=actor,
        verb="covenants.covenant_created",
        obj=covenant,
        changes={"sector": sector.pk, "generation": generation.pk},
    )
    return covenant


@transaction.atomic
def covenant_update(
    *,
    actor: RequestUser,
    covenant: m.Covenant,
    consultant_fte: Decimal | None = None,
    public_summary: str | None = None,
) -> m.Covenant:
    policy.require(actor, "change", covenant)
    _require_editable(covenant)
    changes: dict[str, Any] = {}
    if consultant_fte is not None:
        if consultant_fte < 0:
            raise ServiceError(
                gettext_lazy("The number of FTE cannot be negative."),
                code="negative",
                field="consultant_fte",
            )
        changes["consultant_fte"] = [covenant.consultant_fte, consultant_fte]
        covenant.consultant_fte = consultant_fte
    if public_summary is not None:
        changes["public_summary"] = [covenant.public_summary, public_summary]
        covenant.public_summary = public_summary
    covenant.save()
    audit_record(actor=actor, verb="covenants.covenant_changed", obj=covenant, changes=changes)
    return covenant


@transaction.atomic
def covenant_transition(
    *, actor: RequestUser, covenant: m.Covenant, transition: str, note: str = ""
) -> m.Covenant:
    """Move a covenant through its work flow (submit, request changes, approve, start)."""
    step = TRANSITIONS.get(transition)
    if step is None:
        raise ServiceError(gettext_lazy("Unknown step."), code="unknown_transition")
    policy.require(actor, step.action, covenant)
    covenant = m.Covenant.objects.select_for_update().get(pk=covenant.pk)
    if covenant.status not in step.sources:
        raise ServiceError(
            gettext_lazy(
                "This step is not possible from status '{s}'.", s=covenant.get_status_display()
            ),
            code="bad_transition",
        )
    if transition == "submit" and not m.Action.objects.filter(covenant=covenant).exists():
        raise ServiceError(
            gettext_lazy("Add at least one action before submitting."),
            code="no_actions",
        )
    if transition == "request_changes" and not note.strip():
        raise ServiceError(
            gettext_lazy("Say which change is needed."),
            code="note_required",
            field="note",
        )
    before = covenant.status
    covenant.status = step.target
    now = timezone.now()
    if transition == "submit":
        covenant.submitted_at = now
    if transition == "approve":
        covenant.approved_at = now
    if note:
        covenant.review_note = bounds.text_within(note, field="note", max_length=m.NOTE_MAX)
    covenant.save()
    audit_record(
        actor=actor,
        verb=f"covenants.covenant_{transition}",
        obj=covenant,
        changes={"status": [before, covenant.status], "note": note},
    )
    status_text = covenant.get_status_display()
    if transition == "submit":
        recipients = _department_people(covenant)
    else:
        recipients = _people(covenant.sector_fund_id, "consultant")
    notify(
        recipients=recipients,
        subject=gettext_lazy("Sector covenant {c}: {s}", c=str(covenant), s=status_text),
        body=gettext_lazy(
            "The sector covenant {c} now has the status '{s}'. {n}",
            c=str(covenant),
            s=status_text,
            n=note,
        ),
        url=_covenant_url(covenant),
    )
    return covenant
