"""Learners: registration by the school and the class council's screening."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from brug.accounts.people import RequestUser, User
from brug.core import bounds, policy
from brug.core.audit import audit_record
from brug.core.i18n import gettext_lazy
from brug.registry.models import Municipality, Organisation, OrganisationKind, Programme
from brug.workplace import models as m
from brug.workplace.services._common import _fail, _today


@transaction.atomic
def learner_register(
    *,
    actor: RequestUser,
    school: Organisation,
    programme: Programme,
    grade: int,
    home_municipality: Municipality,
    first_name: str,
    last_name: str,
    birth_date: date | None = None,
    email: str = "",
    ready: bool | None = None,
    willing: bool | None = None,
    start_up_phase: bool = False,
    has_support_need: bool = False,
    user: User | None = None,
) -> m.Learner:
    learner = m.Learner(
        school=school,
        programme=programme,
        grade=grade,
        home_municipality=home_municipality,
        ready=ready,
        willing=willing,
        start_up_phase=start_up_phase,
        has_support_need=has_support_need,
        user=user,
    )
    policy.require(actor, "create", learner)
    if school.kind != OrganisationKind.SCHOOL:
        _fail(gettext_lazy("A learner belongs to a school."), code="school")
    if not 1 <= grade <= 3:
        _fail(gettext_lazy("The grade is 1, 2 or 3."), code="grade", field="grade")
    if not first_name.strip() or not last_name.strip():
        _fail(
            gettext_lazy("Fill in first and last name."),
            code="required",
            field="first_name",
        )
    if birth_date is not None and birth_date > _today():
        _fail(
            gettext_lazy("The birth date is in the future."),
            code="birth_date",
            field="birth_date",
        )
    first_name = bounds.text_within(first_name, field="first_name", max_length=m.NAME_MAX)
    last_name = bounds.text_within(last_name, field="last_name", max_length=m.NAME_MAX)
    email = bounds.text_within(email, field="email", max_length=m.EMAIL_MAX)
    if birth_date is not None:
        today = _today()
        bounds.date_within(
            birth_date,
            field="birth_date",
            earliest=bounds.add_years(today, -m.LEARNER_AGE_MAX),
            latest=bounds.add_years(today, -m.LEARNER_AGE_MIN),
        )
    learner.save()
    m.LearnerIdentity.objects.create(
        learner=learner,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        birth_date=birth_date,
        email=email,
    )
    # The audit trail names the pseudonym only: identifying fields stay in one table.
    audit_record(
        actor=actor,
        verb="learner.register",
        obj=learner,
        changes={"programme": programme, "grade": grade, "ready": ready, "willing": willing},
    )
    return learner


@transaction.atomic
def learner_update_screening(
    *,
    actor: RequestUser,
    learner: m.Learner,
    ready: bool | None,
    willing: bool | None,
    start_up_phase: bool,
) -> m.Learner:
    """Record the class council's (non-binding) advice."""
    policy.require(actor, "change", learner)
    before = {
        "ready": learner.ready,
        "willing": learner.willing,
        "start_up_phase": learner.start_up_phase,
    }
    learner.ready, learner.willing, learner.start_up_phase = ready, willing, start_up_phase
    learner.save(update_fields=["ready", "willing", "start_up_phase"])
    audit_record(
        actor=actor,
        verb="learner.screening",
        obj=learner,
        changes={
            "before": before,
            "after": {"ready": ready, "willing": willing, "start_up_phase": start_up_phase},
        },
    )
    return learner
