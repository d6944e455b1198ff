"""Every write of education consultation. Each checks the permission matrix, validates (nothing
changes on bad input), writes, audits and notifies in one transaction."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from brug.accounts.models import User
from brug.accounts.people import RequestUser, user_or_none
from brug.core import policy
from brug.core.audit import audit_record
from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy
from brug.core.notify import notify
from brug.covenants.models import EDITABLE_STATUSES, Action, Covenant, CovenantStatus
from brug.education import models as m
from brug.registry.models import Organisation, OrganisationKind

# A round runs at least until today and at most half a year.
ROUND_MAX_DAYS = 183
# Before approval: a draft, a submitted covenant or one with changes requested.
CONSULTABLE_STATUSES = (*EDITABLE_STATUSES, CovenantStatus.SUBMITTED)
ADVISER_KINDS = (OrganisationKind.EDUCATION_NETWORK, OrganisationKind.EDUCATION_COUNCIL)
ADVISER_ROLES = ("network_staff", "education_council")


def _round_url(rnd: m.ConsultationRound) -> str:
    return reverse("education:round", args=[rnd.pk])


def _people_with_roles(roles: tuple[str, ...]) -> list[User]:
    return list(
        User.objects.filter(memberships__role__in=roles, memberships__is_active=True).distinct()
    )


def _sector_people(covenant: Covenant) -> list[User]:
    people: list[User] = []
    if covenant.sector_fund_id is not None:
        people += list(
            User.objects.filter(
                memberships__organisation_id=covenant.sector_fund_id,
                memberships__role="consultant",
                memberships__is_active=True,
            ).distinct()
        )
    if covenant.account_manager_id is not None:
        people.append(covenant.account_manager)  # type: ignore[arg-type]
    return people


def education_actions(covenant: Covenant) -> list[Action]:
    """The covenant's actions on the link between education and the labour market."""
    return list(
        Action.objects.filter(covenant=covenant, category__in=m.EDUCATION_CATEGORIES).order_by(
            "category", "title", "pk"
        )
    )


def _bounded_text(value: str, limit: int, field: str) -> str:
    text = (value or "").strip()
    if "\x00" in text:  # PostgreSQL cannot store it; refuse it the same way on every database
        raise ServiceError(
            gettext_lazy("The text contains an invalid character."),
            code="bad_character",
            field=field,
        )
    if len(text) > limit:
        raise ServiceError(
            gettext_lazy("At most {n} characters.", n=limit),
            code="too_long",
            field=field,
        )
    return text


@transaction.atomic
def round_open(
    *,
    actor: RequestUser,
    covenant: Covenant,
    closes_on: dt.date,
    note: str = "",
    today: dt.date | None = None,
) -> m.ConsultationRound:
    """Share a covenant's education actions with the education networks and the council."""
    today = today or timezone.localdate()
    rnd = m.ConsultationRound(covenant=covenant, closes_on=closes_on)
    policy.require(actor, "create", rnd)
    covenant = Covenant.objects.select_for_update().get(pk=covenant.pk)
    if covenant.status not in CONSULTABLE_STATUSES:
        raise ServiceError(
            gettext_lazy(
                "Consultation is only possible before approval; the covenant is {s}.",
                s=covenant.get_status_display(),
            ),
            code="already_approved",
        )
    if not isinstance(closes_on, dt.date) or not (
        today <= closes_on <= today + dt.timedelta(days=ROUND_MAX_DAYS)
    ):
        raise ServiceError(
            gettext_lazy("Choose a closing date from today and within {n} days.", n=ROUND_MAX_DAYS),
            code="bad_date",
            field="closes_on",
        )
    note = _bounded_text(note, m.NOTE_MAX, "note")
    if not education_actions(covenant):
        raise ServiceError(
            gettext_lazy("The covenant has no education actions to share yet."),
            code="no_education_actions",
        )
    if m.ConsultationRound.objects.filter(covenant=covenant, status="open").exists():
        raise ServiceError(
            gettext_lazy("A consultation round for this covenant is already open."),
            code="round_already_open",
        )
    rnd.covenant = covenant
    rnd.note = note
    rnd.opened_by = user_or_none(actor)
    rnd.opened_at = timezone.now()
    try:
        with transaction.atomic():
            rnd.save()
    except IntegrityError as exc:  # a concurrent request opened one first
        raise ServiceError(
            gettext_lazy("A consultation round for this covenant is already open."),
            code="round_already_open",
        ) from exc
    audit_record(
        actor=actor,
        verb="education.round_opened",
        obj=rnd,
        changes={"covenant": covenant.pk, "closes_on": closes_on.isoformat()},
    )
    notify(
        recipients=[*_people_with_roles(ADVISER_ROLES), *_sector_people(covenant)],
        subject=gettext_lazy("Advice requested: education actions of {c}", c=str(covenant)),
        body=gettext_lazy(
            "The education actions of the draft covenant {c} are open for advice until {d}.",
            c=str(covenant),
            d=closes_on.isoformat(),
        ),
        url=_round_url(rnd),
    )
    return rnd


@transaction.atomic
def round_close(*, actor: RequestUser, rnd: m.ConsultationRound) -> m.ConsultationRound:
    policy.require(actor, "close", rnd)
    rnd = m.ConsultationRound.objects.select_for_update().get(pk=rnd.pk)
    if not rnd.is_open:
        raise ServiceError(
            gettext_lazy("The consultation round is already closed."),
            code="round_closed",
        )
    rnd.status = m.ConsultationRound.Status.CLOSED
    rnd.closed_at = timezone.now()
    rnd.save(update_fields=["status", "closed_at"])
    audit_record(
        actor=actor,
        verb="education.round_closed",
        obj=rnd,
        changes={"advice": rnd.advice.count()},
    )
    notify(
        recipients=_sector_people(rnd.covenant),
        subject=gettext_lazy("Education consultation closed: {c}", c=str(rnd)),
        body=gettext_lazy(
            "Education's advice on {c} is complete and shown with the actions.", c=str(rnd.covenant)
        ),
        url=_round_url(rnd),
    )
    return rnd


@transaction.atomic
def advice_give(
    *,
    actor: RequestUser,
    rnd: m.ConsultationRound,
    action: Action,
    organisation: Organisation,
    position: str,
    text: str = "",
    today: dt.date | None = None,
) -> m.Advice:
    """Record (or replace) one adviser's advice on one education action of an open round."""
    today = today or timezone.localdate()
    advice = m.Advice(round=rnd, action=action, organisation=organisation)
    policy.require(actor, "create", advice)
    rnd = m.ConsultationRound.objects.select_for_update().get(pk=rnd.pk)
    if not rnd.is_open or today > rnd.closes_on:
        raise ServiceError(
            gettext_lazy("The consultation round is closed; advice is no longer possible."),
            code="round_closed",
        )
    if organisation.kind not in ADVISER_KINDS:
        raise ServiceError(
            gettext_lazy("Only an education network or the education council gives advice."),
            code="not_an_adviser",
            field="organisation",
        )
    if action.covenant_id != rnd.covenant_id or action.category not in m.EDUCATION_CATEGORIES:
        raise ServiceError(
            gettext_lazy("That action is not part of this consultation round."),
            code="action_not_in_round",
            field="action",
        )
    if position not in m.Position.values:
        raise ServiceError(
            gettext_lazy("Choose a position."), code="bad_position", field="position"
        )
    text = _bounded_text(text, m.ADVICE_TEXT_MAX, "text")
    if position != m.Position.SUPPORTS and not text:
        raise ServiceError(
            gettext_lazy("Explain your remarks or concerns."),
            code="text_required",
            field="text",
        )
    existing = (
        m.Advice.objects.select_for_update()
        .filter(round=rnd, action=action, organisation=organisation)
        .first()
    )
    before = [existing.position, existing.text] if existing else None
    advice = existing or advice
    advice.round = rnd
    advice.position = position
    advice.text = text
    advice.given_by = user_or_none(actor)
    advice.given_at = timezone.now()
    advice.save()
    audit_record(
        actor=actor,
        verb="education.advice_given",
        obj=advice,
        changes={"position": [before[0] if before else None, position]},
    )
    return advice
