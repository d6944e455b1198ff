"""Helpers shared by the workplace services."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone

from brug.accounts.people import RequestUser
from brug.core import bounds, policy
from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy, t
from brug.workplace import models as m
from brug.workplace import rules


def _today() -> date:
    return timezone.localdate()


def _fail(nl: str, en: str, *, code: str, field: str | None = None, **params: object) -> None:
    raise ServiceError(t(nl, en, **params), code=code, field=field)


def _check_period(start: date, end: date) -> None:
    if end < start:
        _fail(
            gettext_lazy("The period ends before it starts."),
            code="period_reversed",
            field="end",
        )


def _acting_organisation(actor: RequestUser, candidates: list[int]) -> int | None:
    """The organisation through which `actor` acts: one of `candidates` they belong to."""
    mine = policy.organisations_of(actor)
    for organisation_id in candidates:
        if organisation_id in mine:
            return organisation_id
    return mine[0] if mine else None


def _mentor_facts(mentor: m.Mentor) -> rules.MentorFacts:
    return rules.MentorFacts(
        birth_date=mentor.birth_date,
        experience_years=mentor.experience_years,
        has_relevant_diploma=mentor.has_relevant_diploma,
        criminal_record_checked_on=mentor.criminal_record_checked_on,
        age_derogation=mentor.age_derogation,
    )


def _check_mentor_bounds(mentor: m.Mentor) -> None:
    """Every stored mentor fact within what a person would expect (issue 11 §3)."""
    today = _today()
    mentor.first_name = bounds.text_within(
        mentor.first_name, field="first_name", max_length=m.NAME_MAX, required=True
    )
    mentor.last_name = bounds.text_within(
        mentor.last_name, field="last_name", max_length=m.NAME_MAX, required=True
    )
    mentor.email = bounds.text_within(mentor.email, field="email", max_length=m.EMAIL_MAX)
    bounds.int_within(
        mentor.experience_years, field="experience_years", low=0, high=m.MENTOR_EXPERIENCE_MAX
    )
    bounds.date_within(
        mentor.birth_date, field="birth_date", earliest=bounds.EARLIEST_BIRTH_DATE, latest=today
    )
    for name in ("criminal_record_checked_on", "training_completed_on"):
        value = getattr(mentor, name)
        if value is not None:
            bounds.date_within(value, field=name, earliest=bounds.EARLIEST_DATE, latest=today)


def _url(name: str, pk: int | None = None) -> str:
    return reverse(f"workplace:{name}", args=[pk] if pk is not None else [])
