"""Every write of workplace learning. Each service: permission, validation, write, audit, notify.

Validation happens before any write, so a refused request changes nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from brug.core import bounds, policy
from brug.core.audit import audit_record
from brug.core.bulk import insert_returning_ids, insert_rows
from brug.core.errors import NotAllowed, ServiceError
from brug.core.i18n import Text, t
from brug.core.notify import notify
from brug.registry.models import Municipality, Organisation, OrganisationKind, Programme, Site
from brug.workplace import models as m
from brug.workplace import people, rules

# ---------------------------------------------------------------- helpers


def _today() -> date:
    return timezone.localdate()


def _fail(nl: str, en: str, *, code: str, field: str | None = None, **params: object) -> None:
    raise ServiceError(t(nl, en, **params), code=code, field=field)


def _check_period(start: date, end: date) -> None:
    if end < start:
        _fail(
            "De periode eindigt vóór ze begint.",
            "The period ends before it starts.",
            code="period_reversed",
            field="end",
        )


def _acting_organisation(actor: Any, candidates: list[int]) -> int | None:
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


# ---------------------------------------------------------------- mandates


@transaction.atomic
def mandate_grant(*, actor: Any, company: Organisation, mandatee: Organisation) -> m.Mandate:
    mandate = m.Mandate.objects.filter(company=company, mandatee=mandatee).first()
    candidate = mandate or m.Mandate(company=company, mandatee=mandatee)
    policy.require(actor, "create" if mandate is None else "change", candidate)
    if mandatee.kind not in (OrganisationKind.SCHOOL, OrganisationKind.SECTOR_FUND):
        _fail(
            "Alleen een school of een sectorfonds kan een mandaat krijgen.",
            "Only a school or a sector fund can receive a mandate.",
            code="mandatee_kind",
            field="mandatee",
        )
    if mandatee.pk == company.pk:
        _fail(
            "Een onderneming geeft zichzelf geen mandaat.",
            "A company does not give itself a mandate.",
            code="mandate_self",
            field="mandatee",
        )
    candidate.is_active = True
    candidate.granted_by = actor
    candidate.granted_on = _today()
    candidate.save()
    audit_record(actor=actor, verb="mandate.grant", obj=candidate, changes={"mandatee": mandatee})
    return candidate


@transaction.atomic
def mandate_revoke(*, actor: Any, mandate: m.Mandate) -> m.Mandate:
    policy.require(actor, "change", mandate)
    mandate.is_active = False
    mandate.save(update_fields=["is_active"])
    audit_record(actor=actor, verb="mandate.revoke", obj=mandate)
    return mandate


# ---------------------------------------------------------------- mentors


@transaction.atomic
def mentor_create(
    *,
    actor: Any,
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
    user: Any = None,
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
        _fail("Vul de naam van de mentor in.", "Fill in the mentor's name.", code="required")
    _check_mentor_bounds(mentor)
    if site is not None and site.organisation_id != company.pk:
        _fail(
            "Deze vestiging hoort niet bij de onderneming.",
            "This site does not belong to the company.",
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
def mentor_update(*, actor: Any, mentor: m.Mentor, **fields: Any) -> m.Mentor:
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
def mentor_deactivate(*, actor: Any, mentor: m.Mentor, reason: str) -> m.Mentor:
    policy.require(actor, "change", mentor)
    if not reason.strip():
        _fail("Geef een reden.", "Give a reason.", code="reason_required", field="reason")
    if mentor.placements.filter(status=m.PlacementStatus.ACTIVE).exists():
        _fail(
            "Deze mentor begeleidt nog een lopende plaatsing; wijs eerst een andere mentor toe.",
            "This mentor still guides an active placement; assign another mentor first.",
            code="mentor_busy",
        )
    mentor.is_active = False
    mentor.inactive_reason = reason.strip()
    mentor.save(update_fields=["is_active", "inactive_reason"])
    audit_record(actor=actor, verb="mentor.deactivate", obj=mentor, changes={"reason": reason})
    return mentor


@transaction.atomic
def mentor_reactivate(*, actor: Any, mentor: m.Mentor) -> m.Mentor:
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
            subject=t("Mentoropleiding te volgen", "Mentor training due"),
            body=t(
                "{name} moet de mentoropleiding volgen vóór {due}.",
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


# ---------------------------------------------------------------- recognitions


def _check_mentors(company: Organisation, mentors: list[m.Mentor]) -> None:
    for mentor in mentors:
        if mentor.company_id != company.pk:
            _fail(
                "Mentor {name} werkt niet bij deze onderneming.",
                "Mentor {name} does not work for this company.",
                code="mentor_not_company",
                field="mentors",
                name=str(mentor),
            )


@transaction.atomic
def recognition_apply(
    *,
    actor: Any,
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
            "Alleen een onderneming kan erkend worden als leerwerkplek.",
            "Only a company can be recognised as a learning workplace.",
            code="not_a_company",
        )
    if site.organisation_id != company.pk:
        _fail(
            "Deze vestiging is niet van de onderneming.",
            "This site is not the company's.",
            code="site_not_company",
            field="site",
        )
    recognition.activities = bounds.text_within(
        recognition.activities, field="activities", max_length=m.LONG_TEXT_MAX
    )
    if not recognition.activities:
        _fail(
            "Beschrijf welke activiteiten van de opleiding deze vestiging kan aanleren.",
            "Describe which activities of the programme this site can teach.",
            code="required",
            field="activities",
        )
    _check_mentors(company, mentors or [])
    if m.Recognition.objects.filter(
        site=site, programme=programme, status__in=m.OPEN_RECOGNITION_STATES
    ).exists():
        _fail(
            "Voor deze vestiging en opleiding loopt al een aanvraag of erkenning.",
            "This site already has an application or recognition for this programme.",
            code="duplicate",
        )
    recognition.applicant = actor
    recognition.applicant_organisation_id = _acting_organisation(actor, [company.pk]) or company.pk
    recognition.save()
    recognition.mentors.set(mentors or [])
    m.RecognitionEvent.objects.create(
        recognition=recognition, actor=actor, transition="apply", to_status=recognition.status
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
    actor: Any,
    recognition: m.Recognition,
    activities: str | None = None,
    mentors: list[m.Mentor] | None = None,
) -> m.Recognition:
    policy.require(actor, "change", recognition)
    if recognition.status != m.RecognitionStatus.DRAFT:
        _fail(
            "Alleen een ontwerp-aanvraag kan nog gewijzigd worden.",
            "Only a draft application can still be changed.",
            code="not_draft",
        )
    if mentors is not None:
        _check_mentors(recognition.company, mentors)
    if activities is not None:
        if not activities.strip():
            _fail("Beschrijf de activiteiten.", "Describe the activities.", code="required")
        recognition.activities = bounds.text_within(
            activities, field="activities", max_length=m.LONG_TEXT_MAX
        )
        recognition.save(update_fields=["activities"])
    if mentors is not None:
        recognition.mentors.set(mentors)
    audit_record(actor=actor, verb="recognition.update", obj=recognition)
    return recognition


def _transition_text(name: str) -> Text:
    return {
        "submit": t("ingediend", "submitted"),
        "plan_visit": t("plaatsbezoek gepland", "site visit planned"),
        "approve": t("erkend", "approved"),
        "refuse": t("geweigerd", "refused"),
        "appeal": t("in beroep", "appealed"),
        "renew": t("verlengd", "renewed"),
        "suspend": t("geschorst", "suspended"),
        "reinstate": t("opnieuw actief", "reinstated"),
        "withdraw": t("ingetrokken", "withdrawn"),
    }[name]


def _recognition_transition(
    *, actor: Any, recognition: m.Recognition, name: str, reason: str = ""
) -> tuple[str, str]:
    """Check permission, state and reason of one transition; return (from, to) status."""
    sources, target, action = rules.TRANSITIONS[name]
    policy.require(actor, action, recognition)
    if recognition.status not in sources:
        _fail(
            "Deze stap kan niet vanuit de status '{status}'.",
            "This step is not possible from status '{status}'.",
            code="invalid_transition",
            status=recognition.get_status_display(),
        )
    if name in rules.NEEDS_REASON and not reason.strip():
        _fail("Geef een reden.", "Give a reason.", code="reason_required", field="reason")
    bounds.text_within(reason, field="reason", max_length=m.LONG_TEXT_MAX)
    return recognition.status, target


def _recognition_record(
    *,
    actor: Any,
    recognition: m.Recognition,
    name: str,
    from_status: str,
    reason: str,
    changes: dict[str, Any],
) -> None:
    m.RecognitionEvent.objects.create(
        recognition=recognition,
        actor=actor,
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
        subject=Text(
            nl=f"Erkenning {recognition.site.name} · {recognition.programme.name}: {what.nl}",
            en=f"Recognition {recognition.site.name} · {recognition.programme.name}: {what.en}",
        ),
        body=Text(
            nl=f"De erkenningsaanvraag is {what.nl}." + (f" Reden: {reason}" if reason else ""),
            en=f"The recognition application was {what.en}."
            + (f" Reason: {reason}" if reason else ""),
        ),
        url=_url("recognition-detail", recognition.pk),
    )


@transaction.atomic
def recognition_submit(*, actor: Any, recognition: m.Recognition) -> m.Recognition:
    from_status, target = _recognition_transition(
        actor=actor, recognition=recognition, name="submit"
    )
    mentors = list(recognition.mentors.all())
    if not mentors:
        _fail(
            "Voeg minstens één mentor toe.",
            "Add at least one mentor.",
            code="mentor_required",
            field="mentors",
        )
    for mentor in mentors:
        if not mentor.is_active:
            _fail(
                "Mentor {name} is niet actief.",
                "Mentor {name} is not active.",
                code="mentor_inactive",
                field="mentors",
                name=str(mentor),
            )
        failures = rules.mentor_failures(_mentor_facts(mentor), _today())
        if failures:
            code, text = failures[0]
            raise ServiceError(
                Text(nl=f"{mentor}: {text.nl}", en=f"{mentor}: {text.en}"),
                code=code,
                field="mentors",
            )
    partnership = rules.partnership_for(recognition.company)
    if partnership is None:
        _fail(
            "Er is geen partnerschap dat deze aanvraag kan behandelen.",
            "No partnership can handle this application.",
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
    *, actor: Any, recognition: m.Recognition, on: date, notes: str = ""
) -> m.Contact:
    """Plan a site visit; the visit is recorded as a contact of the partnership."""
    from_status, target = _recognition_transition(
        actor=actor, recognition=recognition, name="plan_visit"
    )
    recognition.status = target
    recognition.save(update_fields=["status"])
    if recognition.partnership is None:  # cannot happen after submit; keeps the types honest
        raise ServiceError(t("Geen partnerschap.", "No partnership."), code="no_partnership")
    contact = m.Contact.objects.create(
        organisation=recognition.partnership,
        recorded_by=actor,
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
    *, actor: Any, recognition: m.Recognition, approve: bool, reason: str = ""
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
def recognition_appeal(*, actor: Any, recognition: m.Recognition, reason: str) -> m.Recognition:
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
def recognition_renew(*, actor: Any, recognition: m.Recognition) -> m.Recognition:
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
    name: str, actor: Any, recognition: m.Recognition, reason: str
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
def recognition_suspend(*, actor: Any, recognition: m.Recognition, reason: str) -> m.Recognition:
    return _recognition_simple("suspend", actor, recognition, reason)


@transaction.atomic
def recognition_reinstate(
    *, actor: Any, recognition: m.Recognition, reason: str = ""
) -> m.Recognition:
    return _recognition_simple("reinstate", actor, recognition, reason)


@transaction.atomic
def recognition_withdraw(*, actor: Any, recognition: m.Recognition, reason: str) -> m.Recognition:
    return _recognition_simple("withdraw", actor, recognition, reason)


# ---------------------------------------------------------------- openings


def _check_opening_fields(*, capacity: int, start: date, end: date, days_per_week: int) -> None:
    if capacity <= 0:
        _fail(
            "Het aantal plaatsen moet groter zijn dan nul.",
            "The number of places must be greater than zero.",
            code="capacity_not_positive",
            field="capacity",
        )
    bounds.int_within(capacity, field="capacity", low=1, high=m.OPENING_CAPACITY_MAX)
    bounds.date_within(
        start, field="start", earliest=m.OPENING_EARLIEST, latest=bounds.add_years(_today(), 2)
    )
    bounds.date_within(end, field="end", earliest=m.OPENING_EARLIEST, latest=bounds.LATEST_DATE)
    _check_period(start, end)
    if end > bounds.add_years(start, m.OPENING_MAX_YEARS):
        _fail(
            "Een plaats loopt hoogstens {n} schooljaren.",
            "An opening runs for at most {n} school years.",
            code="period_too_long",
            field="end",
            n=m.OPENING_MAX_YEARS,
        )
    if not 1 <= days_per_week <= 5:
        _fail(
            "Het aantal dagen per week ligt tussen 1 en 5.",
            "Days per week must be between 1 and 5.",
            code="days_per_week",
            field="days_per_week",
        )


@transaction.atomic
def opening_create(
    *,
    actor: Any,
    workplace: m.Recognition,
    kind: str,
    start: date,
    end: date,
    capacity: int,
    days_per_week: int = 2,
    description: str = "",
    requirements: str = "",
    practical_notes: str = "",
    publish: bool = False,
) -> m.Opening:
    opening = m.Opening(
        workplace=workplace,
        company_id=workplace.company_id,
        site_id=workplace.site_id,
        programme_id=workplace.programme_id,
        kind=kind,
        start=start,
        end=end,
        capacity=capacity,
        days_per_week=days_per_week,
        description=description,
        requirements=requirements,
        practical_notes=practical_notes,
    )
    policy.require(actor, "create", opening)
    if kind not in m.PlacementKind.values:
        _fail("Onbekende vorm.", "Unknown kind.", code="kind", field="kind")
    _check_opening_fields(capacity=capacity, start=start, end=end, days_per_week=days_per_week)
    if end < _today():
        _fail(
            "Deze periode ligt volledig in het verleden.",
            "This period lies entirely in the past.",
            code="period_past",
            field="end",
        )
    for name in ("description", "requirements", "practical_notes"):
        setattr(
            opening,
            name,
            bounds.text_within(getattr(opening, name), field=name, max_length=m.LONG_TEXT_MAX),
        )
    if not workplace.is_recognised(start):
        _fail(
            "Deze werkplek is niet (meer) erkend voor deze opleiding op de startdatum.",
            "This workplace is not recognised for this programme on the start date.",
            code="not_recognised",
            field="workplace",
        )
    if publish:
        opening.status = m.OpeningStatus.PUBLISHED
        opening.published_at = timezone.now()
    opening.save()
    audit_record(
        actor=actor,
        verb="opening.create",
        obj=opening,
        changes={
            "capacity": capacity,
            "kind": kind,
            "start": start,
            "end": end,
            "status": opening.status,
        },
    )
    return opening


@transaction.atomic
def opening_update(
    *,
    actor: Any,
    opening: m.Opening,
    capacity: int | None = None,
    start: date | None = None,
    end: date | None = None,
    days_per_week: int | None = None,
    description: str | None = None,
    requirements: str | None = None,
    practical_notes: str | None = None,
) -> m.Opening:
    policy.require(actor, "change", opening)
    locked = m.Opening.objects.select_for_update().get(pk=opening.pk)
    new_capacity = locked.capacity if capacity is None else capacity
    new_start = locked.start if start is None else start
    new_end = locked.end if end is None else end
    new_days = locked.days_per_week if days_per_week is None else days_per_week
    _check_opening_fields(
        capacity=new_capacity, start=new_start, end=new_end, days_per_week=new_days
    )
    if new_capacity < locked.filled:
        _fail(
            "Er lopen al {filled} plaatsingen; minder plaatsen kan niet.",
            "{filled} placements are active; the capacity cannot be lower.",
            code="capacity_below_filled",
            field="capacity",
            filled=locked.filled,
        )
    new: dict[str, Any] = {
        "capacity": new_capacity,
        "start": new_start,
        "end": new_end,
        "days_per_week": new_days,
    }
    before = {k: getattr(locked, k) for k in new}
    for key, value in new.items():
        setattr(locked, key, value)
    for key, text in (
        ("description", description),
        ("requirements", requirements),
        ("practical_notes", practical_notes),
    ):
        if text is not None:
            setattr(locked, key, bounds.text_within(text, field=key, max_length=m.LONG_TEXT_MAX))
    locked.save()
    audit_record(
        actor=actor, verb="opening.update", obj=locked, changes={"before": before, "after": new}
    )
    return locked


@transaction.atomic
def opening_publish(*, actor: Any, opening: m.Opening) -> m.Opening:
    policy.require(actor, "change", opening)
    if not opening.workplace.is_recognised():
        _fail(
            "Een plaats van een niet-erkende werkplek kan niet gepubliceerd worden.",
            "An opening of an unrecognised workplace cannot be published.",
            code="not_recognised",
        )
    opening.status = m.OpeningStatus.PUBLISHED
    opening.published_at = timezone.now()
    opening.save(update_fields=["status", "published_at"])
    audit_record(actor=actor, verb="opening.publish", obj=opening)
    return opening


@transaction.atomic
def opening_close(*, actor: Any, opening: m.Opening) -> m.Opening:
    policy.require(actor, "change", opening)
    opening.status = m.OpeningStatus.CLOSED
    opening.save(update_fields=["status"])
    audit_record(actor=actor, verb="opening.close", obj=opening)
    return opening


# ---------------------------------------------------------------- learners


@transaction.atomic
def learner_register(
    *,
    actor: Any,
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
    user: Any = None,
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
        _fail("Een lerende hoort bij een school.", "A learner belongs to a school.", code="school")
    if not 1 <= grade <= 3:
        _fail("De graad is 1, 2 of 3.", "The grade is 1, 2 or 3.", code="grade", field="grade")
    if not first_name.strip() or not last_name.strip():
        _fail(
            "Vul voor- en achternaam in.",
            "Fill in first and last name.",
            code="required",
            field="first_name",
        )
    if birth_date is not None and birth_date > _today():
        _fail(
            "De geboortedatum ligt in de toekomst.",
            "The birth date is in the future.",
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
    actor: Any,
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


# ---------------------------------------------------------------- applications


def _check_open_for(learner: m.Learner, opening: m.Opening) -> None:
    if opening.status != m.OpeningStatus.PUBLISHED or not opening.workplace.is_recognised():
        _fail(
            "Deze plaats is niet open: de werkplek is niet erkend of de plaats is niet gepubliceerd.",
            "This opening is not open: the workplace is not recognised or the opening is not published.",
            code="not_recognised",
            field="opening",
        )
    if opening.programme_id != learner.programme_id:
        _fail(
            "Deze plaats is voor een andere opleiding dan die van de lerende.",
            "This opening is for a different programme than the learner's.",
            code="programme_mismatch",
            field="opening",
        )


@transaction.atomic
def application_submit(
    *, actor: Any, learner: m.Learner, opening: m.Opening, rank: int | None = None
) -> m.Application:
    """A learner applies (or the guide on the learner's behalf). The class council's advice is
    non-binding, so screening never blocks an application."""
    application = m.Application(learner=learner, opening=opening)
    policy.require(actor, "create", application)
    _check_open_for(learner, opening)
    if m.Application.objects.filter(learner=learner, opening=opening).exists():
        _fail(
            "De lerende stelde zich al kandidaat voor deze plaats.",
            "The learner already applied to this opening.",
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
        _fail("De voorkeur is 1 of meer.", "The rank is 1 or more.", code="rank", field="rank")
    bounds.int_within(rank, field="rank", low=1, high=m.APPLICATION_RANK_MAX)
    application.rank = rank
    application.created_by = actor
    application.save()
    audit_record(actor=actor, verb="application.submit", obj=application, changes={"rank": rank})
    notify(
        recipients=people.company_contacts(opening.company_id),
        subject=t("Nieuwe kandidaat", "New candidate"),
        body=t(
            "Een lerende ({pseudonym}) stelde zich kandidaat voor {opening}.",
            "A learner ({pseudonym}) applied to {opening}.",
            pseudonym=learner.pseudonym,
            opening=str(opening),
        ),
        url=_url("company"),
    )
    return application


@transaction.atomic
def application_withdraw(*, actor: Any, application: m.Application) -> m.Application:
    policy.require(actor, "withdraw", application)
    if application.status == m.ApplicationStatus.WITHDRAWN:
        _fail("Al ingetrokken.", "Already withdrawn.", code="invalid_transition")
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
    actor: Any,
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
            "Voor deze kandidatuur is de intake al geregistreerd of ze is ingetrokken.",
            "The intake of this application was already recorded or it was withdrawn.",
            code="invalid_transition",
        )
    if not accepted and reason not in m.DeclineReason.values:
        _fail(
            "Kies een reden waarom de kandidaat niet weerhouden is.",
            "Choose why the candidate was not accepted.",
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
        subject=t("Uitkomst intakegesprek", "Intake outcome"),
        body=t(
            "Intake van {pseudonym} bij {opening}: {outcome}.",
            "Intake of {pseudonym} at {opening}: {outcome}.",
            pseudonym=learner.pseudonym,
            opening=str(application.opening),
            outcome=application.status,
        ),
        url=_url("learner-detail", learner.pk),
    )
    return application


# ---------------------------------------------------------------- placements


@transaction.atomic
def placement_create(
    *,
    actor: Any,
    opening: m.Opening,
    learner: m.Learner,
    mentor: m.Mentor,
    start: date | None = None,
    end: date | None = None,
) -> m.Placement:
    """The agreement. Never exceeds the opening's capacity, also under concurrent requests."""
    placement = m.Placement(
        learner=learner,
        opening=opening,
        mentor=mentor,
        start=start or opening.start,
        end=end or opening.end,
    )
    policy.require(actor, "create", placement)
    _check_period(placement.start, placement.end)
    if placement.start < opening.start or placement.end > opening.end:
        _fail(
            "De periode valt buiten de periode van de plaats.",
            "The period falls outside the opening's period.",
            code="period_outside_opening",
            field="start",
        )
    _check_open_for(learner, opening)
    if mentor.company_id != opening.company_id or not mentor.is_active:
        _fail(
            "Kies een actieve mentor van deze onderneming.",
            "Choose an active mentor of this company.",
            code="mentor_not_company",
            field="mentor",
        )
    failures = rules.mentor_failures(_mentor_facts(mentor), _today())
    if failures:
        code, text = failures[0]
        raise ServiceError(text, code=code, field="mentor")
    if m.Placement.objects.filter(
        learner=learner,
        status=m.PlacementStatus.ACTIVE,
        start__lte=placement.end,
        end__gte=placement.start,
    ).exists():
        _fail(
            "De lerende heeft in die periode al een lopende plaatsing.",
            "The learner already has an active placement in that period.",
            code="learner_already_placed",
        )
    # Lock the opening row (PostgreSQL; SQLite's IMMEDIATE transaction already serialises
    # writers), then take a place only while one is free: the conditional UPDATE is atomic.
    m.Opening.objects.select_for_update().filter(pk=opening.pk).first()
    taken = m.Opening.objects.filter(pk=opening.pk, filled__lt=F("capacity")).update(
        filled=F("filled") + 1
    )
    if taken != 1:
        _fail(
            "Deze plaats is volzet.",
            "This opening is full.",
            code="opening_full",
            field="opening",
        )
    placement.created_by = actor
    placement.save()
    training_plan_create(placement=placement)
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
        subject=t("Nieuwe overeenkomst", "New placement"),
        body=t(
            "{pseudonym} start op {start} bij {opening}.",
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
    *, actor: Any, placement: m.Placement, early: bool, reason: str = "", on: date | None = None
) -> m.Placement:
    policy.require(actor, "end", placement)
    if placement.status != m.PlacementStatus.ACTIVE:
        _fail(
            "Deze plaatsing is al beëindigd.",
            "This placement has already ended.",
            code="invalid_transition",
        )
    if early and reason not in m.EndReason.values:
        _fail(
            "Kies een reden voor de stopzetting.",
            "Choose a reason for the early end.",
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
        subject=t("Overeenkomst beëindigd", "Placement ended"),
        body=t(
            "De plaatsing van {pseudonym} is beëindigd ({status}).",
            "The placement of {pseudonym} has ended ({status}).",
            pseudonym=placement.learner.pseudonym,
            status=placement.status,
        ),
        url=_url("placement-detail", placement.pk),
    )
    return placement


# ---------------------------------------------------------------- placements in bulk (rounds)

BULK_BATCH = 2000
PLACEMENT_COLUMNS = (
    "learner",
    "opening",
    "mentor",
    "start",
    "end",
    "status",
    "end_reason",
    "created_by",
    "created_at",
    "is_demo",
)


@dataclass(frozen=True, slots=True)
class PlacementSpec:
    """One placement to create in bulk; ids only, so 35,000 of them stay cheap."""

    learner_id: int
    opening_id: int
    mentor_id: int
    start: date | None = None  # default: the opening's period
    end: date | None = None


@dataclass(frozen=True, slots=True)
class CreatedPlacement:
    """What `placements_create_bulk` returns per placement: the new row's id and facts (tens
    of thousands of model instances would cost more than writing the rows)."""

    pk: int
    learner_id: int
    opening_id: int
    mentor_id: int
    start: date
    end: date


def _chunks(values: Sequence[Any], size: int = BULK_BATCH) -> Iterator[Sequence[Any]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def _bulk_refuse(nl: str, en: str, code: str, **params: object) -> None:
    _fail(nl, en, code=code, field="items", **params)


def _bulk_check_openings(actor: Any, opening_ids: list[int]) -> dict[int, tuple[Any, ...]]:
    """Permission (matrix: `place_by_round` on each opening) and openness, in a few queries.

    Returns opening id -> (company, programme, kind, start, end)."""
    allowed: set[int] = set()
    facts: dict[int, tuple[Any, ...]] = {}
    published_at: dict[int, int] = {}  # published opening -> its workplace (recognition)
    for chunk in _chunks(opening_ids):
        qs = m.Opening.objects.filter(pk__in=chunk)
        allowed.update(policy.visible(actor, qs, "place_by_round").values_list("pk", flat=True))
        for pk, workplace_id, status, *rest in qs.values_list(
            "pk", "workplace_id", "status", "company_id", "programme_id", "kind", "start", "end"
        ):
            facts[pk] = tuple(rest)
            if status == m.OpeningStatus.PUBLISHED:
                published_at[pk] = workplace_id
    if len(allowed) != len(opening_ids):
        raise NotAllowed()
    # Two lookups by primary key: SQLite plans the opening-recognition join badly at scale.
    recognised: set[int] = set()
    for chunk in _chunks(sorted(set(published_at.values()))):
        recognised.update(
            m.Recognition.objects.filter(pk__in=chunk)
            .filter(m.recognised_q())
            .values_list("pk", flat=True)
        )
    closed = sum(published_at.get(pk) not in recognised for pk in opening_ids)
    if closed:
        _bulk_refuse(
            "{n} plaats(en) zijn niet open: de werkplek is niet erkend of de plaats is niet "
            "gepubliceerd.",
            "{n} opening(s) are not open: the workplace is not recognised or the opening is "
            "not published.",
            "not_recognised",
            n=closed,
        )
    return facts


def _bulk_check_mentors(mentor_ids: set[int], company_of: dict[int, set[int]]) -> None:
    """`company_of`: mentor id -> the companies of the openings it is meant to guide."""
    today = _today()
    mentors = {x.pk: x for x in m.Mentor.objects.filter(pk__in=list(mentor_ids))}
    for mentor_id, companies in company_of.items():
        mentor = mentors.get(mentor_id)
        if mentor is None or not mentor.is_active or companies != {mentor.company_id}:
            _bulk_refuse(
                "Kies voor elke plaatsing een actieve mentor van de onderneming (mentor {mentor}).",
                "Choose an active mentor of the company for every placement (mentor {mentor}).",
                "mentor_not_company",
                mentor=str(mentor or mentor_id),
            )
            return
        failures = rules.mentor_failures(_mentor_facts(mentor), today)
        if failures:
            code, text = failures[0]
            raise ServiceError(text, code=code, field="items")


def _bulk_check_learners(
    rows: list[tuple[PlacementSpec, date, date]], programme_of_opening: dict[int, int]
) -> dict[int, Any]:
    """No learner twice, programmes match, no overlapping active placement. Returns learners."""
    learner_ids = [spec.learner_id for spec, _, _ in rows]
    if len(set(learner_ids)) != len(learner_ids):
        _bulk_refuse(
            "Een lerende komt meer dan één keer voor.",
            "A learner appears more than once.",
            "duplicate_learner",
        )
    learners: dict[int, Any] = {}
    period: dict[int, tuple[date, date]] = {s.learner_id: (a, b) for s, a, b in rows}
    busy = 0
    for chunk in _chunks(learner_ids):
        learners.update(
            (pk, (programme, school, user))
            for pk, programme, school, user in m.Learner.objects.filter(pk__in=chunk).values_list(
                "pk", "programme_id", "school_id", "user_id"
            )
        )
        for lp, start, end in m.Placement.objects.filter(
            learner_id__in=chunk, status=m.PlacementStatus.ACTIVE
        ).values_list("learner_id", "start", "end"):
            new_start, new_end = period[lp]
            busy += start <= new_end and end >= new_start
    if len(learners) != len(learner_ids):
        _bulk_refuse("Onbekende lerende.", "Unknown learner.", "unknown_learner")
    if busy:
        _bulk_refuse(
            "{n} lerende(n) hebben in die periode al een lopende plaatsing.",
            "{n} learner(s) already have an active placement in that period.",
            "learner_already_placed",
            n=busy,
        )
    if any(learners[s.learner_id][0] != programme_of_opening[s.opening_id] for s, _, _ in rows):
        _bulk_refuse(
            "Een plaats is voor een andere opleiding dan die van de lerende.",
            "An opening is for a different programme than the learner's.",
            "programme_mismatch",
        )
    return learners


def _bulk_take_places(load: Counter[int]) -> None:
    """Raise `filled` race-free: one conditional UPDATE per group of openings taking n places.

    Each row is checked and raised atomically by the database (`filled + n <= capacity`), so
    concurrent placements can never overfill; if any opening lacks room the caller's
    transaction is rolled back."""
    by_n: dict[int, list[int]] = defaultdict(list)
    for opening_id, n in load.items():
        by_n[n].append(opening_id)
    full = 0
    for n, ids in by_n.items():
        for chunk in _chunks(ids, 500):
            done = m.Opening.objects.filter(pk__in=chunk, filled__lte=F("capacity") - n).update(
                filled=F("filled") + n
            )
            full += len(chunk) - done
    if full:
        _bulk_refuse(
            "{n} plaats(en) hebben niet genoeg vrije plaatsen.",
            "{n} opening(s) do not have enough free places.",
            "opening_full",
            n=full,
        )


def _trajectory_templates(
    keys: set[tuple[int, str]],
) -> dict[tuple[int, str], list[tuple[int, str]]]:
    """Per (programme, kind): the plan's (competence, location) items: the standard trajectory,
    or else the same default split `training_plan_create` uses."""
    programmes = {p for p, _ in keys}
    standard: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for programme_id, competence_id, location in (
        m.StandardTrajectory.objects.filter(programme_id__in=programmes)
        .order_by("programme_id", "competence__order", "pk")
        .values_list("programme_id", "competence_id", "location")
    ):
        standard[programme_id].append((competence_id, location))
    from brug.registry.models import Competence

    missing = programmes - set(standard)
    competences: dict[int, list[int]] = defaultdict(list)
    for competence_id, programme_id in (
        Competence.objects.filter(qualification__programmes__pk__in=missing)
        .order_by("qualification_id", "order", "pk")
        .values_list("pk", "qualification__programmes__pk")
        .distinct()
    ):
        if competence_id not in competences[programme_id]:
            competences[programme_id].append(competence_id)
    templates: dict[tuple[int, str], list[tuple[int, str]]] = {}
    for programme_id, kind in keys:
        if programme_id in standard:
            templates[(programme_id, kind)] = standard[programme_id]
            continue
        listed = competences.get(programme_id, [])
        at_work = rules.default_workplace_count(len(listed), dual=kind == m.PlacementKind.DUAL)
        templates[(programme_id, kind)] = [
            (c, m.LearningLocation.WORKPLACE if i < at_work else m.LearningLocation.SCHOOL)
            for i, c in enumerate(listed)
        ]
    return templates


def _bulk_training_plans(plan_keys: dict[int, tuple[int, str]], now: Any) -> int:
    """A plan per placement (`plan_keys`: placement id -> (programme, kind)) and its items,
    copied from each key's template in the database (hundreds of thousands of items; no
    model object per item). Returns the number of items made."""
    placement_ids = list(plan_keys)
    plan_ids = insert_returning_ids(
        m.TrainingPlan,
        ["placement", "created_at"],
        [(pk, now) for pk in placement_ids],
        unique="placement",
    )
    keys = sorted(set(plan_keys.values()))
    templates = _trajectory_templates(set(keys))
    key_index = {key: i for i, key in enumerate(keys)}
    plan_template = [key_index[plan_keys[pk]] for pk in placement_ids]
    if connection.vendor == "postgresql":
        return _plan_items_unnest(plan_ids, plan_template, [templates[k] for k in keys])
    return _plan_items_per_template(plan_ids, plan_template, [templates[k] for k in keys])


def _plan_items_unnest(
    plan_ids: list[int], plan_template: list[int], templates: list[list[tuple[int, str]]]
) -> int:
    """PostgreSQL: every item in one INSERT ... SELECT, the plans and the templates sent as
    arrays and joined in the server (in plan order, so the indexes fill sequentially)."""
    quote = connection.ops.quote_name
    rows = [(i, n, c, loc) for i, tpl in enumerate(templates) for n, (c, loc) in enumerate(tpl)]
    if not rows:
        return 0
    # Only table names from model metadata go into the SQL text; values are parameters.
    sql = (
        f"INSERT INTO {quote(m.TrainingPlanItem._meta.db_table)} "  # noqa: S608
        "(plan_id, competence_id, location, progress) "
        "SELECT p.plan_id, t.competence_id, t.location, %s "
        "FROM unnest(%s::bigint[], %s::int[]) AS p(plan_id, template) "
        "JOIN unnest(%s::int[], %s::int[], %s::bigint[], %s::varchar[]) "
        "AS t(template, n, competence_id, location) USING (template) "
        "ORDER BY p.plan_id, t.n"
    )
    columns = [list(col) for col in zip(*rows, strict=True)]
    with connection.cursor() as cursor:
        cursor.execute(sql, [m.ProgressLevel.NOT_STARTED, plan_ids, plan_template, *columns])
        return int(cursor.rowcount)


def _plan_items_per_template(
    plan_ids: list[int], plan_template: list[int], templates: list[list[tuple[int, str]]]
) -> int:
    """SQLite: per template, INSERT ... SELECT of the template's rows for 1,000 plans at a
    time (two small inputs per statement, so no join order can go wrong)."""
    quote = connection.ops.quote_name
    item = quote(m.TrainingPlanItem._meta.db_table)
    plan_table = quote(m.TrainingPlan._meta.db_table)
    plans_of: dict[int, list[int]] = defaultdict(list)
    for plan_id, template in zip(plan_ids, plan_template, strict=True):
        plans_of[template].append(plan_id)
    made = 0
    with connection.cursor() as cursor:
        for template, ids in plans_of.items():
            rows = templates[template]
            if not rows:
                continue
            values = ", ".join(["(%s, %s)"] * len(rows))
            params = [m.ProgressLevel.NOT_STARTED, *(v for row in rows for v in row)]
            for chunk in _chunks(ids, 1000):
                # Only table names from model metadata go into the SQL text.
                sql = (
                    f"INSERT INTO {item} (plan_id, competence_id, location, progress) "  # noqa: S608
                    f"SELECT tp.id, t.column1, t.column2, %s FROM {plan_table} tp "
                    f"CROSS JOIN (VALUES {values}) t "
                    f"WHERE tp.id IN ({', '.join(['%s'] * len(chunk))})"
                )
                cursor.execute(sql, [*params, *chunk])
                made += cursor.rowcount
    return made


def _members_by_organisation(organisation_ids: set[int], role: str) -> dict[int, list[Any]]:
    from brug.accounts.models import Membership

    found: dict[int, list[Any]] = defaultdict(list)
    for chunk in _chunks(sorted(organisation_ids)):
        for membership in Membership.objects.filter(
            organisation_id__in=chunk, role=role, is_active=True, user__is_active=True
        ).select_related("user"):
            found[membership.organisation_id].append(membership.user)
    return found


@transaction.atomic
def placements_create_bulk(
    *, actor: Any, items: Sequence[PlacementSpec], source: str, is_demo: bool = False
) -> list[CreatedPlacement]:
    """Create many placements at once (a published matching round): all or nothing.

    Permission: `place_by_round` on every opening (the matrix), which only the platform admin
    has outright; coordinators have it through `round_to_publish`, on the openings of a
    computed round they may publish (a relation the matching app defines).
    Same rules as `placement_create`: open openings of the learner's programme, an eligible
    active mentor of the company, a valid period inside the opening's, no overlapping active
    placement, never more than the capacity. Then placements, training plans from the
    programme's standard trajectory, one audit entry per placement, and notifications grouped
    per company and per school. `source` says where the authority came from (audit, messages).
    """
    if not items:
        return []
    opening_ids = sorted({spec.opening_id for spec in items})
    openings = _bulk_check_openings(actor, opening_ids)
    rows: list[tuple[PlacementSpec, date, date]] = []
    for spec in items:
        _company, _programme, _kind, o_start, o_end = openings[spec.opening_id]
        start, end = spec.start or o_start, spec.end or o_end
        _check_period(start, end)
        if start < o_start or end > o_end:
            _bulk_refuse(
                "De periode valt buiten de periode van de plaats.",
                "The period falls outside the opening's period.",
                "period_outside_opening",
            )
        rows.append((spec, start, end))
    learners = _bulk_check_learners(rows, {pk: facts[1] for pk, facts in openings.items()})
    mentor_companies: dict[int, set[int]] = defaultdict(set)
    for spec in items:
        mentor_companies[spec.mentor_id].add(openings[spec.opening_id][0])
    _bulk_check_mentors(set(mentor_companies), mentor_companies)
    load = Counter(spec.opening_id for spec in items)
    # Lock the openings (PostgreSQL; SQLite's writer lock already serialises), then take places.
    for chunk in _chunks(opening_ids):
        list(m.Opening.objects.select_for_update().filter(pk__in=chunk).values_list("pk"))
    _bulk_take_places(load)

    user = actor if getattr(actor, "is_authenticated", False) else None
    now = timezone.now()
    ids = insert_returning_ids(
        m.Placement,
        PLACEMENT_COLUMNS,
        [
            (
                spec.learner_id,
                spec.opening_id,
                spec.mentor_id,
                start,
                end,
                m.PlacementStatus.ACTIVE,
                "",
                user.pk if user is not None else None,
                now,
                is_demo,
            )
            for spec, start, end in rows
        ],
        unique="learner",  # no learner twice (checked above)
    )
    placements = [
        CreatedPlacement(pk, spec.learner_id, spec.opening_id, spec.mentor_id, start, end)
        for pk, (spec, start, end) in zip(ids, rows, strict=True)
    ]
    _bulk_training_plans(
        {p.pk: (openings[p.opening_id][1], openings[p.opening_id][2]) for p in placements}, now
    )
    _bulk_audit(user, placements, source, now)
    _bulk_notify(placements, learners, openings, source)
    return placements


def _bulk_audit(user: Any, placements: list[CreatedPlacement], source: str, now: Any) -> None:
    """One audit entry per placement, as `audit_record` would write it."""
    from brug.core.models import AuditEntry

    insert_rows(
        AuditEntry,
        ["at", "actor", "verb", "object_type", "object_id", "object_repr", "changes"],
        [
            (
                now,
                user.pk if user is not None else None,
                "placement.create",
                "workplace.placement",
                str(p.pk),
                f"{p.learner_id} @ {p.opening_id}",
                {
                    "source": source,
                    "learner": p.learner_id,
                    "opening": p.opening_id,
                    "mentor": p.mentor_id,
                    "start": p.start.isoformat(),
                    "end": p.end.isoformat(),
                },
            )
            for p in placements
        ],
    )


def _bulk_notify(
    placements: list[CreatedPlacement],
    learners: dict[int, Any],
    openings: dict[int, tuple[Any, ...]],
    source: str,
) -> None:
    """One message per company (to its contacts) and per school (to its guides)."""
    per_company = Counter(openings[p.opening_id][0] for p in placements)
    per_school = Counter(learners[p.learner_id][1] for p in placements)
    contacts = _members_by_organisation(set(per_company), "company_contact")
    guides = _members_by_organisation(set(per_school), "guide")
    company_url, school_url = _url("company"), _url("learners")
    for company_id, n in per_company.items():
        notify(
            recipients=contacts.get(company_id, []),
            subject=t("Nieuwe overeenkomsten", "New placements"),
            body=t(
                "{n} lerende(n) kregen een plaats bij je onderneming ({source}).",
                "{n} learner(s) were placed at your company ({source}).",
                n=n,
                source=source,
            ),
            url=company_url,
        )
    for school_id, n in per_school.items():
        notify(
            recipients=guides.get(school_id, []),
            subject=t("Nieuwe overeenkomsten", "New placements"),
            body=t(
                "{n} van je lerenden kregen een plaats ({source}).",
                "{n} of your learners were placed ({source}).",
                n=n,
                source=source,
            ),
            url=school_url,
        )


# ---------------------------------------------------------------- training plans


def training_plan_create(*, placement: m.Placement) -> m.TrainingPlan:
    """Called inside placement_create: the plan starts from the programme's standard trajectory."""
    plan = m.TrainingPlan.objects.create(placement=placement)
    programme_id = placement.opening.programme_id
    standard = list(
        m.StandardTrajectory.objects.filter(programme_id=programme_id).select_related("competence")
    )
    if standard:
        items = [
            m.TrainingPlanItem(plan=plan, competence=s.competence, location=s.location)
            for s in standard
        ]
    else:
        from brug.registry.models import Competence

        competences = list(
            Competence.objects.filter(qualification__programmes__pk=programme_id)
            .distinct()
            .order_by("qualification_id", "order", "pk")
        )
        at_work = rules.default_workplace_count(
            len(competences), dual=placement.opening.kind == m.PlacementKind.DUAL
        )
        items = [
            m.TrainingPlanItem(
                plan=plan,
                competence=c,
                location=m.LearningLocation.WORKPLACE if i < at_work else m.LearningLocation.SCHOOL,
            )
            for i, c in enumerate(competences)
        ]
    m.TrainingPlanItem.objects.bulk_create(items)
    return plan


def _author_role(actor: Any, plan: m.TrainingPlan) -> str:
    organisations = policy.organisations_of(actor)
    if plan.placement.opening.company_id in organisations:
        return "mentor"
    if plan.placement.learner.school_id in organisations:
        return "guide"
    return "admin"


@transaction.atomic
def training_plan_item_move(
    *, actor: Any, item: m.TrainingPlanItem, location: str
) -> m.TrainingPlanItem:
    policy.require(actor, "change", item.plan)
    if location not in m.LearningLocation.values:
        _fail(
            "Kies school of werkplek.",
            "Choose school or workplace.",
            code="location",
            field="location",
        )
    before = item.location
    item.location = location
    item.save(update_fields=["location"])
    audit_record(
        actor=actor,
        verb="trainingplan.move",
        obj=item.plan,
        changes={"item": item.pk, "location": [before, location]},
    )
    return item


@transaction.atomic
def training_plan_record_progress(
    *, actor: Any, item: m.TrainingPlanItem, progress: str, note: str = ""
) -> m.ProgressRecord:
    policy.require(actor, "record_progress", item.plan)
    if progress not in m.ProgressLevel.values:
        _fail("Kies een voortgang.", "Choose a progress level.", code="progress", field="progress")
    if item.plan.placement.status != m.PlacementStatus.ACTIVE:
        _fail(
            "De plaatsing is beëindigd; voortgang kan niet meer geregistreerd worden.",
            "The placement has ended; progress can no longer be recorded.",
            code="placement_ended",
        )
    record = m.ProgressRecord.objects.create(
        item=item,
        author=actor,
        author_role=_author_role(actor, item.plan),
        progress=progress,
        note=bounds.text_within(note, field="note", max_length=m.LONG_TEXT_MAX),
    )
    before = item.progress
    item.progress = progress
    item.save(update_fields=["progress"])
    audit_record(
        actor=actor,
        verb="trainingplan.progress",
        obj=item.plan,
        changes={"item": item.pk, "progress": [before, progress], "by": record.author_role},
    )
    return record


def workplace_share(plan: m.TrainingPlan) -> float | None:
    """Share of the plan's competences learned at the workplace (dual learning aims above 60 %)."""
    total = plan.items.count()
    if not total:
        return None
    return plan.items.filter(location=m.LearningLocation.WORKPLACE).count() / total


# ---------------------------------------------------------------- field log


@transaction.atomic
def contact_record(
    *,
    actor: Any,
    company: Organisation,
    kind: str,
    purpose: str,
    on: date,
    notes: str = "",
    school: Organisation | None = None,
) -> m.Contact:
    mine = policy.organisations_of(actor, roles=("consultant", "reviewer", "platform_admin"))
    if not mine:
        raise NotAllowed()
    contact = m.Contact(
        organisation_id=mine[0],
        recorded_by=actor,
        company=company,
        school=school,
        kind=kind,
        purpose=purpose,
        on=on,
        notes=notes,
    )
    policy.require(actor, "create", contact)
    if company.kind != OrganisationKind.COMPANY:
        _fail("Kies een onderneming.", "Choose a company.", code="not_a_company", field="company")
    if school is not None and school.kind != OrganisationKind.SCHOOL:
        _fail("Kies een school.", "Choose a school.", code="not_a_school", field="school")
    if kind not in m.ContactKind.values:
        _fail("Kies een soort contact.", "Choose a kind of contact.", code="kind", field="kind")
    if purpose not in m.ContactPurpose.values:
        _fail("Kies een doel.", "Choose a purpose.", code="purpose", field="purpose")
    if on > _today():
        _fail(
            "Een contact registreer je na het contact: de datum ligt in de toekomst.",
            "Record a contact after it happened: the date is in the future.",
            code="date_in_future",
            field="on",
        )
    bounds.date_within(
        on,
        field="on",
        earliest=bounds.add_years(_today(), -m.CONTACT_MAX_YEARS_BACK),
        latest=_today(),
    )
    contact.notes = bounds.text_within(notes, field="notes", max_length=m.LONG_TEXT_MAX)
    contact.save()
    audit_record(
        actor=actor,
        verb="contact.record",
        obj=contact,
        changes={"kind": kind, "purpose": purpose, "on": on},
    )
    return contact
