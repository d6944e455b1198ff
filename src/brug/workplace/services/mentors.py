"""Mentors of a company: create, update, (de)activate, training reminders."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction

from brug.accounts.people import RequestUser, User
from brug.core import policy
from brug.core.audit import audit_record
from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy
from brug.core.notify import notify
from brug.registry.models import Organisation, Site
from brug.workplace import models as m
from brug.workplace import people, rules
from brug.workplace.services._common import _check_mentor_bounds, _fail, _mentor_facts, _today


@transaction.atomic
def mentor_create(
    *,
    actor: RequestUser,
    company: Organisation,
    first_name: str,
    last_name: str,
    birth_date: date,
    experience_years: int,
    has_relevant_diploma: bool,
    criminal_record_checked_on: date | None = None,
    age_derogation: bool = False,
    training_completed_on: date | None = None,
    email: str = "",
    site: Site | None = None,
    user: User | None = None,
) -> m.Mentor:
    mentor = m.Mentor(
        company=company,
        site=site,
        user=user,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email,
        birth_date=birth_date,
        experience_years=experience_years,
        has_relevant_diploma=has_relevant_diploma,
        criminal_record_checked_on=criminal_record_checked_on,
        age_derogation=age_derogation,
        training_completed_on=training_completed_on,
    )
    policy.require(actor, "create", mentor)
    if not mentor.first_name or not mentor.last_name:
        _fail(gettext_lazy("Fill in the mentor's name."), code="required")
    _check_mentor_bounds(mentor)
    if site is not None and site.organisation_id != company.pk:
        _fail(
            gettext_lazy("This site does not belong to the company."),
            code="site_not_company",
            field="site",
        )
    failures = rules.mentor_profile_failures(_mentor_facts(mentor), _today())
    if failures:
        code, text = failures[0]
        raise ServiceError(text, code=code, field="birth_date")
    mentor.save()
    audit_record(actor=actor, verb="mentor.create", obj=mentor)
    return mentor


@transaction.atomic
def mentor_update(*, actor: RequestUser, mentor: m.Mentor, **fields: Any) -> m.Mentor:
    """Change a mentor's facts (criminal-record check, training date, experience, ...)."""
    policy.require(actor, "change", mentor)
    allowed = {
        "first_name",
        "last_name",
        "email",
        "experience_years",
        "has_relevant_diploma",
        "criminal_record_checked_on",
        "age_derogation",
        "training_completed_on",
        "birth_date",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Unknown mentor fields {unknown}")
    before = {k: getattr(mentor, k) for k in fields}
    updated = m.Mentor(
        **{
            **{f.attname: getattr(mentor, f.attname) for f in m.Mentor._meta.concrete_fields},
            **fields,
        }
    )
    _check_mentor_bounds(updated)
    failures = rules.mentor_profile_failures(_mentor_facts(updated), _today())
    if failures:
        code, text = failures[0]
        raise ServiceError(text, code=code)
    fields = {k: getattr(updated, k) for k in fields}
    for key, value in fields.items():
        setattr(mentor, key, value)
    mentor.save()
    audit_record(
        actor=actor, verb="mentor.update", obj=mentor, changes={"before": before, "after": fields}
    )
    return mentor


@transaction.atomic
def mentor_deactivate(*, actor: RequestUser, mentor: m.Mentor, reason: str) -> m.Mentor:
    policy.require(actor, "change", mentor)
    if not reason.strip():
        _fail(gettext_lazy("Give a reason."), code="reason_required", field="reason")
    if mentor.placements.filter(status=m.PlacementStatus.ACTIVE).exists():
        _fail(
            gettext_lazy(
                "This mentor still guides an active placement; assign another mentor first."
            ),
            code="mentor_busy",
        )
    mentor.is_active = False
    mentor.inactive_reason = reason.strip()
    mentor.save(update_fields=["is_active", "inactive_reason"])
    audit_record(actor=actor, verb="mentor.deactivate", obj=mentor, changes={"reason": reason})
    return mentor


@transaction.atomic
def mentor_reactivate(*, actor: RequestUser, mentor: m.Mentor) -> m.Mentor:
    policy.require(actor, "change", mentor)
    failures = rules.mentor_profile_failures(_mentor_facts(mentor), _today())
    if failures:
        code, text = failures[0]
        raise ServiceError(text, code=code)
    mentor.is_active = True
    mentor.inactive_reason = ""
    mentor.save(update_fields=["is_active", "inactive_reason"])
    audit_record(actor=actor, verb="mentor.reactivate", obj=mentor)
    return mentor


def mentor_training_due_on(mentor: m.Mentor) -> date | None:
    """Mentor training is due within a year of the first recognition the mentor serves."""
    first = mentor.recognitions.filter(valid_from__isnull=False).order_by("valid_from").first()
    if first is None or first.valid_from is None or mentor.training_completed_on is not None:
        return None
    return first.valid_from + timedelta(days=rules.MENTOR_TRAINING_WITHIN_DAYS)


@transaction.atomic
def mentor_training_reminders_send(*, today: date | None = None, warn_days: int = 60) -> int:
    """System task: remind companies of mentors whose training is due soon. Returns reminders sent."""
    day = today or _today()
    sent = 0
    due_mentors = m.Mentor.objects.filter(
        is_active=True,
        training_completed_on__isnull=True,
        training_reminder_sent_on__isnull=True,
        recognitions__status=m.RecognitionStatus.APPROVED,
    ).distinct()
    for mentor in due_mentors:
        due = mentor_training_due_on(mentor)
        if due is None or due - day > timedelta(days=warn_days):
            continue
        notify(
            recipients=people.company_contacts(mentor.company_id) + people.mentor_user(mentor),
            subject=gettext_lazy("Mentor training due"),
            body=gettext_lazy(
                "{name} must complete mentor training before {due}.",
                name=str(mentor),
                due=due.isoformat(),
            ),
        )
        mentor.training_reminder_sent_on = day
        mentor.save(update_fields=["training_reminder_sent_on"])
        audit_record(actor=None, verb="mentor.training_reminder", obj=mentor, changes={"due": due})
        sent += 1
    return sent
