"""Applications of a learner to an opening and the intake."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from brug.accounts.people import RequestUser, signed_in
from brug.core import bounds, policy
from brug.core.audit import audit_record
from brug.core.i18n import gettext_lazy
from brug.core.notify import notify
from brug.workplace import models as m
from brug.workplace import people
from brug.workplace.services._common import _fail, _today, _url


def _check_open_for(learner: m.Learner, opening: m.Opening) -> None:
    if opening.status != m.OpeningStatus.PUBLISHED or not opening.workplace.is_recognised():
        _fail(
            gettext_lazy(
                "This opening is not open: the workplace is not recognised or the opening is not published."
            ),
            code="not_recognised",
            field="opening",
        )
    if opening.programme_id != learner.programme_id:
        _fail(
            gettext_lazy("This opening is for a different programme than the learner's."),
            code="programme_mismatch",
            field="opening",
        )


@transaction.atomic
def application_submit(
    *, actor: RequestUser, learner: m.Learner, opening: m.Opening, rank: int | None = None
) -> m.Application:
    """A learner applies (or the guide on the learner's behalf). The class council's advice is
    non-binding, so screening never blocks an application."""
    application = m.Application(learner=learner, opening=opening)
    policy.require(actor, "create", application)
    _check_open_for(learner, opening)
    if m.Application.objects.filter(learner=learner, opening=opening).exists():
        _fail(
            gettext_lazy("The learner already applied to this opening."),
            code="duplicate",
        )
    if rank is None:
        rank = (
            m.Application.objects.filter(learner=learner)
            .exclude(status=m.ApplicationStatus.WITHDRAWN)
            .count()
            + 1
        )
    if rank < 1:
        _fail(gettext_lazy("The rank is 1 or more."), code="rank", field="rank")
    bounds.int_within(rank, field="rank", low=1, high=m.APPLICATION_RANK_MAX)
    application.rank = rank
    application.created_by = signed_in(actor)
    application.save()
    audit_record(actor=actor, verb="application.submit", obj=application, changes={"rank": rank})
    notify(
        recipients=people.company_contacts(opening.company_id),
        subject=gettext_lazy("New candidate"),
        body=gettext_lazy(
            "A learner ({pseudonym}) applied to {opening}.",
            pseudonym=learner.pseudonym,
            opening=str(opening),
        ),
        url=_url("company"),
    )
    return application


@transaction.atomic
def application_withdraw(*, actor: RequestUser, application: m.Application) -> m.Application:
    policy.require(actor, "withdraw", application)
    if application.status == m.ApplicationStatus.WITHDRAWN:
        _fail(gettext_lazy("Already withdrawn."), code="invalid_transition")
    before = application.status
    application.status = m.ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status"])
    audit_record(
        actor=actor,
        verb="application.withdraw",
        obj=application,
        changes={"status": [before, application.status]},
    )
    return application


@transaction.atomic
def application_record_intake(
    *,
    actor: RequestUser,
    application: m.Application,
    accepted: bool,
    reason: str = "",
    note: str = "",
    on: date | None = None,
) -> m.Application:
    """The workplace records the outcome of the intake interview."""
    policy.require(actor, "intake", application)
    if application.status != m.ApplicationStatus.SUBMITTED:
        _fail(
            gettext_lazy(
                "The intake of this application was already recorded or it was withdrawn."
            ),
            code="invalid_transition",
        )
    if not accepted and reason not in m.DeclineReason.values:
        _fail(
            gettext_lazy("Choose why the candidate was not accepted."),
            code="reason_required",
            field="reason",
        )
    application.status = m.ApplicationStatus.ACCEPTED if accepted else m.ApplicationStatus.DECLINED
    application.decline_reason = "" if accepted else reason
    application.intake_on = bounds.date_within(
        on or _today(),
        field="on",
        earliest=bounds.add_years(_today(), -m.OPENING_MAX_YEARS),
        latest=bounds.add_years(_today(), 1),
    )
    application.intake_note = bounds.text_within(note, field="note", max_length=m.LONG_TEXT_MAX)
    application.save(update_fields=["status", "decline_reason", "intake_on", "intake_note"])
    audit_record(
        actor=actor,
        verb="application.intake",
        obj=application,
        changes={"status": application.status, "reason": application.decline_reason},
    )
    learner = application.learner
    notify(
        recipients=people.guides(learner.school_id) + people.learner_user(learner),
        subject=gettext_lazy("Intake outcome"),
        body=gettext_lazy(
            "Intake of {pseudonym} at {opening}: {outcome}.",
            pseudonym=learner.pseudonym,
            opening=str(application.opening),
            outcome=application.status,
        ),
        url=_url("learner-detail", learner.pk),
    )
    return application
