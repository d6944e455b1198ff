"""Recognition of a workplace: apply, submit, visit, decide, appeal, renew, suspend, withdraw."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from brug.accounts.people import RequestUser, signed_in
from brug.core import bounds, policy
from brug.core.audit import audit_record
from brug.core.errors import ServiceError
from brug.core.i18n import Message, gettext_lazy
from brug.core.notify import notify
from brug.registry.models import Organisation, OrganisationKind, Programme, Site
from brug.workplace import models as m
from brug.workplace import people, rules
from brug.workplace.services._common import _acting_organisation, _fail, _mentor_facts, _today, _url


def _check_mentors(company: Organisation, mentors: list[m.Mentor]) -> None:
    for mentor in mentors:
        if mentor.company_id != company.pk:
            _fail(
                gettext_lazy("Mentor {name} does not work for this company."),
                code="mentor_not_company",
                field="mentors",
                name=str(mentor),
            )


@transaction.atomic
def recognition_apply(
    *,
    actor: RequestUser,
    company: Organisation,
    site: Site,
    programme: Programme,
    activities: str,
    mentors: list[m.Mentor] | None = None,
) -> m.Recognition:
    """Start a recognition application (draft) for one site and one programme."""
    recognition = m.Recognition(
        company=company, site=site, programme=programme, activities=activities.strip()
    )
    policy.require(actor, "create", recognition)
    if company.kind != OrganisationKind.COMPANY:
        _fail(
            gettext_lazy("Only a company can be recognised as a learning workplace."),
            code="not_a_company",
        )
    if site.organisation_id != company.pk:
        _fail(
            gettext_lazy("This site is not the company's."),
            code="site_not_company",
            field="site",
        )
    recognition.activities = bounds.text_within(
        recognition.activities, field="activities", max_length=m.LONG_TEXT_MAX
    )
    if not recognition.activities:
        _fail(
            gettext_lazy("Describe which activities of the programme this site can teach."),
            code="required",
            field="activities",
        )
    _check_mentors(company, mentors or [])
    if m.Recognition.objects.filter(
        site=site, programme=programme, status__in=m.OPEN_RECOGNITION_STATES
    ).exists():
        _fail(
            gettext_lazy("This site already has an application or recognition for this programme."),
            code="duplicate",
        )
    recognition.applicant = signed_in(actor)
    recognition.applicant_organisation_id = _acting_organisation(actor, [company.pk]) or company.pk
    recognition.save()
    recognition.mentors.set(mentors or [])
    m.RecognitionEvent.objects.create(
        recognition=recognition,
        actor=signed_in(actor),
        transition="apply",
        to_status=recognition.status,
    )
    audit_record(
        actor=actor,
        verb="recognition.apply",
        obj=recognition,
        changes={"site": site, "programme": programme, "mentors": [x.pk for x in mentors or []]},
    )
    return recognition


@transaction.atomic
def recognition_update(
    *,
    actor: RequestUser,
    recognition: m.Recognition,
    activities: str | None = None,
    mentors: list[m.Mentor] | None = None,
) -> m.Recognition:
    policy.require(actor, "change", recognition)
    if recognition.status != m.RecognitionStatus.DRAFT:
        _fail(
            gettext_lazy("Only a draft application can still be changed."),
            code="not_draft",
        )
    if mentors is not None:
        _check_mentors(recognition.company, mentors)
    if activities is not None:
        if not activities.strip():
            _fail(gettext_lazy("Describe the activities."), code="required")
        recognition.activities = bounds.text_within(
            activities, field="activities", max_length=m.LONG_TEXT_MAX
        )
        recognition.save(update_fields=["activities"])
    if mentors is not None:
        recognition.mentors.set(mentors)
    audit_record(actor=actor, verb="recognition.update", obj=recognition)
    return recognition


def _transition_text(name: str) -> Message:
    return {
        "submit": gettext_lazy("submitted"),
        "plan_visit": gettext_lazy("site visit planned"),
        "approve": gettext_lazy("approved"),
        "refuse": gettext_lazy("refused"),
        "appeal": gettext_lazy("appealed"),
        "renew": gettext_lazy("renewed"),
        "suspend": gettext_lazy("suspended"),
        "reinstate": gettext_lazy("reinstated"),
        "withdraw": gettext_lazy("withdrawn"),
    }[name]


def _recognition_transition(
    *, actor: RequestUser, recognition: m.Recognition, name: str, reason: str = ""
) -> tuple[str, str]:
    """Check permission, state and reason of one transition; return (from, to) status."""
    sources, target, action = rules.TRANSITIONS[name]
    policy.require(actor, action, recognition)
    if recognition.status not in sources:
        _fail(
            gettext_lazy("This step is not possible from status '{status}'."),
            code="invalid_transition",
            status=recognition.get_status_display(),
        )
    if name in rules.NEEDS_REASON and not reason.strip():
        _fail(gettext_lazy("Give a reason."), code="reason_required", field="reason")
    bounds.text_within(reason, field="reason", max_length=m.LONG_TEXT_MAX)
    return recognition.status, target


def _recognition_record(
    *,
    actor: RequestUser,
    recognition: m.Recognition,
    name: str,
    from_status: str,
    reason: str,
    changes: dict[str, Any],
) -> None:
    m.RecognitionEvent.objects.create(
        recognition=recognition,
        actor=signed_in(actor),
        transition=name,
        from_status=from_status,
        to_status=recognition.status,
        reason=reason,
    )
    audit_record(
        actor=actor,
        verb=f"recognition.{name}",
        obj=recognition,
        changes={"status": [from_status, recognition.status], "reason": reason, **changes},
    )
    what = _transition_text(name)
    notify(
        recipients=people.company_contacts(recognition.company_id)
        + ([recognition.applicant] if recognition.applicant_id else [])
        + people.reviewers(recognition.partnership_id),
        subject=Message(
            nl=f"Erkenning {recognition.site.name} · {recognition.programme.name}: {what.nl}",
            en=f"Recognition {recognition.site.name} · {recognition.programme.name}: {what.en}",
        ),
        body=Message(
            nl=f"De erkenningsaanvraag is {what.nl}." + (f" Reden: {reason}" if reason else ""),
            en=f"The recognition application was {what.en}."
            + (f" Reason: {reason}" if reason else ""),
        ),
        url=_url("recognition-detail", recognition.pk),
    )


@transaction.atomic
def recognition_submit(*, actor: RequestUser, recognition: m.Recognition) -> m.Recognition:
    from_status, target = _recognition_transition(
        actor=actor, recognition=recognition, name="submit"
    )
    mentors = list(recognition.mentors.all())
    if not mentors:
        _fail(
            gettext_lazy("Add at least one mentor."),
            code="mentor_required",
            field="mentors",
        )
    for mentor in mentors:
        if not mentor.is_active:
            _fail(
                gettext_lazy("Mentor {name} is not active."),
                code="mentor_inactive",
                field="mentors",
                name=str(mentor),
            )
        failures = rules.mentor_failures(_mentor_facts(mentor), _today())
        if failures:
            code, text = failures[0]
            raise ServiceError(
                Message(nl=f"{mentor}: {text.nl}", en=f"{mentor}: {text.en}"),
                code=code,
                field="mentors",
            )
    partnership = rules.partnership_for(recognition.company, recognition.programme)
    if partnership is None:
        _fail(
            gettext_lazy("No partnership can handle this application."),
            code="no_partnership",
        )
    recognition.status = target
    recognition.partnership = partnership
    recognition.submitted_at = timezone.now()
    recognition.save(update_fields=["status", "partnership", "submitted_at"])
    _recognition_record(
        actor=actor,
        recognition=recognition,
        name="submit",
        from_status=from_status,
        reason="",
        changes={"partnership": partnership},
    )
    return recognition


@transaction.atomic
def recognition_plan_visit(
    *, actor: RequestUser, recognition: m.Recognition, on: date, notes: str = ""
) -> m.Contact:
    """Plan a site visit; the visit is recorded as a contact of the partnership."""
    from_status, target = _recognition_transition(
        actor=actor, recognition=recognition, name="plan_visit"
    )
    recognition.status = target
    recognition.save(update_fields=["status"])
    if recognition.partnership is None:  # cannot happen after submit; keeps the types honest
        raise ServiceError(gettext_lazy("No partnership."), code="no_partnership")
    contact = m.Contact.objects.create(
        organisation=recognition.partnership,
        recorded_by=signed_in(actor),
        company=recognition.company,
        recognition=recognition,
        kind=m.ContactKind.VISIT,
        purpose=m.ContactPurpose.RECOGNITION,
        on=on,
        notes=notes,
    )
    _recognition_record(
        actor=actor,
        recognition=recognition,
        name="plan_visit",
        from_status=from_status,
        reason="",
        changes={"visit_on": on, "contact": contact},
    )
    return contact


@transaction.atomic
def recognition_decide(
    *, actor: RequestUser, recognition: m.Recognition, approve: bool, reason: str = ""
) -> m.Recognition:
    name = "approve" if approve else "refuse"
    from_status, target = _recognition_transition(
        actor=actor, recognition=recognition, name=name, reason=reason
    )
    recognition.status = target
    recognition.decided_at = timezone.now()
    recognition.reason = reason.strip()
    fields = ["status", "decided_at", "reason"]
    if approve:
        recognition.valid_from = _today()
        recognition.valid_until = _add_years(recognition.valid_from, m.RECOGNITION_YEARS)
        fields += ["valid_from", "valid_until"]
    recognition.save(update_fields=fields)
    _recognition_record(
        actor=actor,
        recognition=recognition,
        name=name,
        from_status=from_status,
        reason=reason.strip(),
        changes={"valid_until": recognition.valid_until},
    )
    return recognition


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def recognition_appeal(
    *, actor: RequestUser, recognition: m.Recognition, reason: str
) -> m.Recognition:
    from_status, target = _recognition_transition(
        actor=actor, recognition=recognition, name="appeal", reason=reason
    )
    recognition.status = target
    recognition.reason = reason.strip()
    recognition.save(update_fields=["status", "reason"])
    _recognition_record(
        actor=actor,
        recognition=recognition,
        name="appeal",
        from_status=from_status,
        reason=reason.strip(),
        changes={},
    )
    return recognition


@transaction.atomic
def recognition_renew(*, actor: RequestUser, recognition: m.Recognition) -> m.Recognition:
    """Five more years, counted from the end of the current validity (or today when expired)."""
    from_status, _ = _recognition_transition(actor=actor, recognition=recognition, name="renew")
    start = max(_today(), recognition.valid_until or _today())
    before = recognition.valid_until
    recognition.valid_until = _add_years(start, m.RECOGNITION_YEARS)
    recognition.save(update_fields=["valid_until"])
    _recognition_record(
        actor=actor,
        recognition=recognition,
        name="renew",
        from_status=from_status,
        reason="",
        changes={"valid_until": [before, recognition.valid_until]},
    )
    return recognition


def _recognition_simple(
    name: str, actor: RequestUser, recognition: m.Recognition, reason: str
) -> m.Recognition:
    from_status, target = _recognition_transition(
        actor=actor, recognition=recognition, name=name, reason=reason
    )
    recognition.status = target
    recognition.reason = reason.strip()
    recognition.save(update_fields=["status", "reason"])
    _recognition_record(
        actor=actor,
        recognition=recognition,
        name=name,
        from_status=from_status,
        reason=reason.strip(),
        changes={},
    )
    return recognition


@transaction.atomic
def recognition_suspend(
    *, actor: RequestUser, recognition: m.Recognition, reason: str
) -> m.Recognition:
    return _recognition_simple("suspend", actor, recognition, reason)


@transaction.atomic
def recognition_reinstate(
    *, actor: RequestUser, recognition: m.Recognition, reason: str = ""
) -> m.Recognition:
    return _recognition_simple("reinstate", actor, recognition, reason)


@transaction.atomic
def recognition_withdraw(
    *, actor: RequestUser, recognition: m.Recognition, reason: str
) -> m.Recognition:
    return _recognition_simple("withdraw", actor, recognition, reason)
