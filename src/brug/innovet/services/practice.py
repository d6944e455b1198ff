"""Teachers in companies and experts in schools (seed 004, seed 001): company placements for
teachers, hybrid jobs, and the education mediator's pipeline of guest-teacher candidates."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from brug.accounts.models import Membership, User
from brug.accounts.people import RequestUser, signed_in
from brug.core import bounds, policy
from brug.core.audit import audit_record
from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy
from brug.core.notify import notify
from brug.innovet.models import (
    NAME_MAX,
    NOTE_MAX,
    TASKS_MAX,
    CandidateStage,
    GuestLessonRequest,
    GuestLessonStatus,
    GuestTeacherCandidate,
    HybridJob,
    HybridSide,
    HybridStatus,
    PlacementStatus,
    TeacherPlacement,
)
from brug.innovet.schools import school_province_id
from brug.innovet.services._common import members_of
from brug.registry.models import Organisation, OrganisationKind, StudyDomain

# A placement lasts at most a school year; it is planned at most a year and a half ahead.
PLACEMENT_MAX_DAYS = 366
PLAN_AHEAD_DAYS = 550


def _placement_url() -> str:
    return reverse("innovet:placements")


@transaction.atomic
def teacher_placement_create(
    *,
    actor: RequestUser,
    school: Organisation,
    company: Organisation,
    teacher: User,
    tasks: str,
    starts_on: date,
    ends_on: date,
    replacement: str,
    host_mentor: str = "",
) -> TeacherPlacement:
    placement = TeacherPlacement(
        school=school, company=company, teacher=teacher, requested_by=signed_in(actor)
    )
    policy.require(actor, "create", placement)
    if company.kind != OrganisationKind.COMPANY:
        raise ServiceError(gettext_lazy("Choose a company."), code="not_company", field="company")
    if not Membership.objects.filter(
        user=teacher, organisation=school, role="teacher", is_active=True
    ).exists():
        raise ServiceError(
            gettext_lazy("Choose a teacher of your school."),
            code="not_a_teacher",
            field="teacher",
        )
    placement.tasks = bounds.text_within(tasks, field="tasks", max_length=TASKS_MAX, required=True)
    placement.replacement = bounds.text_within(
        replacement, field="replacement", max_length=NAME_MAX, required=True
    )
    placement.host_mentor = bounds.text_within(
        host_mentor, field="host_mentor", max_length=NAME_MAX
    )
    today = timezone.localdate()
    bounds.date_within(
        starts_on, field="starts_on", earliest=today, latest=today + timedelta(PLAN_AHEAD_DAYS)
    )
    if ends_on < starts_on:
        raise ServiceError(
            gettext_lazy("The placement ends before it starts."),
            code="period_reversed",
            field="ends_on",
        )
    if (ends_on - starts_on).days > PLACEMENT_MAX_DAYS:
        raise ServiceError(
            gettext_lazy("A company placement lasts at most a year."),
            code="too_long",
            field="ends_on",
        )
    placement.starts_on, placement.ends_on = starts_on, ends_on
    placement.save()
    audit_record(actor=actor, verb="innovet.placement.propose", obj=placement)
    notify(
        recipients=members_of(company.pk, ["company_contact"]),
        subject=gettext_lazy("Company placement proposed for a teacher: {s}", s=school.name),
        body=gettext_lazy(
            "From {a} to {b}. Tasks: {x}", a=starts_on, b=ends_on, x=placement.tasks[:200]
        ),
        url=_placement_url(),
    )
    return placement


@transaction.atomic
def teacher_placement_decide(
    *, actor: RequestUser, placement: TeacherPlacement, agree: bool, host_mentor: str = ""
) -> TeacherPlacement:
    """The company agrees (naming the host mentor) or declines."""
    policy.require(actor, "agree", placement)
    placement = TeacherPlacement.objects.select_for_update().get(pk=placement.pk)
    if placement.status != PlacementStatus.PROPOSED:
        raise ServiceError(
            gettext_lazy("This proposal is no longer open."),
            code="wrong_state",
        )
    mentor = bounds.text_within(host_mentor, field="host_mentor", max_length=NAME_MAX)
    if agree:
        placement.host_mentor = mentor or placement.host_mentor
        if not placement.host_mentor:
            raise ServiceError(
                gettext_lazy("Give the host mentor in the company."),
                code="required",
                field="host_mentor",
            )
    placement.status = PlacementStatus.AGREED if agree else PlacementStatus.DECLINED
    placement.save()
    audit_record(actor=actor, verb=f"innovet.placement.{placement.status}", obj=placement)
    notify(
        recipients=[placement.teacher, placement.requested_by],
        subject=gettext_lazy("Company placement agreed")
        if agree
        else gettext_lazy("Company placement declined"),
        body=gettext_lazy("From {a} to {b}.", a=placement.starts_on, b=placement.ends_on),
        url=_placement_url(),
    )
    return placement


@transaction.atomic
def teacher_placement_complete(
    *, actor: RequestUser, placement: TeacherPlacement
) -> TeacherPlacement:
    """The company confirms the placement took place; the teacher gets a certificate whose
    random code anyone holding it can verify."""
    policy.require(actor, "complete", placement)
    placement = TeacherPlacement.objects.select_for_update().get(pk=placement.pk)
    if placement.status != PlacementStatus.AGREED:
        raise ServiceError(
            gettext_lazy("Only an agreed placement can be completed."),
            code="wrong_state",
        )
    if placement.starts_on > timezone.localdate():
        raise ServiceError(
            gettext_lazy("The placement has not started yet."),
            code="not_started",
        )
    placement.status = PlacementStatus.COMPLETED
    placement.certificate_code = secrets.token_urlsafe(15)  # 120 random bits
    placement.completed_at = timezone.now()
    placement.save()
    audit_record(actor=actor, verb="innovet.placement.complete", obj=placement)
    notify(
        recipients=[placement.teacher],
        subject=gettext_lazy("Certificate of your company placement"),
        body=gettext_lazy("Verification code: {c}", c=placement.certificate_code),
        url=reverse("innovet:placement-certificate", args=[placement.certificate_code]),
    )
    return placement


@transaction.atomic
def teacher_placement_cancel(
    *, actor: RequestUser, placement: TeacherPlacement
) -> TeacherPlacement:
    policy.require(actor, "cancel", placement)
    placement = TeacherPlacement.objects.select_for_update().get(pk=placement.pk)
    if placement.status not in (PlacementStatus.PROPOSED, PlacementStatus.AGREED):
        raise ServiceError(
            gettext_lazy("This placement cannot be withdrawn."),
            code="wrong_state",
        )
    placement.status = PlacementStatus.CANCELLED
    placement.save()
    audit_record(actor=actor, verb="innovet.placement.cancel", obj=placement)
    return placement


# ------------------------------------------------------------------ hybrid jobs


@transaction.atomic
def hybrid_job_create(
    *,
    actor: RequestUser,
    organisation: Organisation,
    title: str,
    hours_per_week: int,
    description: str = "",
    study_domain: StudyDomain | None = None,
    starts_on: date | None = None,
) -> HybridJob:
    """A company offers a part-time hybrid teaching job, or a school asks for one: the side
    follows from the organisation."""
    sides = {
        OrganisationKind.COMPANY: HybridSide.OFFER,
        OrganisationKind.SCHOOL: HybridSide.REQUEST,
    }
    job = HybridJob(organisation=organisation, created_by=signed_in(actor))
    policy.require(actor, "create", job)
    side = sides.get(organisation.kind)  # type: ignore[call-overload]
    if side is None:
        raise ServiceError(
            gettext_lazy("Only a company or a school posts a hybrid job."),
            field="organisation",
        )
    job.side = side
    job.title = bounds.text_within(title, field="title", max_length=NAME_MAX, required=True)
    job.description = bounds.text_within(description, field="description", max_length=NOTE_MAX)
    job.hours_per_week = bounds.int_within(hours_per_week, field="hours_per_week", low=1, high=30)
    if starts_on is not None:
        today = timezone.localdate()
        bounds.date_within(
            starts_on, field="starts_on", earliest=today, latest=today + timedelta(PLAN_AHEAD_DAYS)
        )
    job.starts_on = starts_on
    job.study_domain = study_domain
    job.province_id = school_province_id(organisation.pk)
    job.save()
    audit_record(actor=actor, verb="innovet.hybrid.create", obj=job)
    return job


@transaction.atomic
def hybrid_job_close(*, actor: RequestUser, job: HybridJob, filled: bool) -> HybridJob:
    policy.require(actor, "change", job)
    job = HybridJob.objects.select_for_update().get(pk=job.pk)
    if job.status != HybridStatus.OPEN:
        raise ServiceError(gettext_lazy("This job is no longer open."), code="wrong_state")
    job.status = HybridStatus.FILLED if filled else HybridStatus.WITHDRAWN
    job.save(update_fields=["status"])
    audit_record(actor=actor, verb=f"innovet.hybrid.{job.status}", obj=job)
    return job


@transaction.atomic
def hybrid_job_respond(
    *, actor: RequestUser, job: HybridJob, organisation: Organisation, message: str
) -> HybridJob:
    """The other side answers an open hybrid job: a school to a company's offer, a company to
    a school's request. The owner is notified with the responder's name, organisation and
    e-mail address (the form says so); nothing else is stored but the audit entry."""
    policy.require(actor, "respond", job)
    wanted = OrganisationKind.SCHOOL if job.side == HybridSide.OFFER else OrganisationKind.COMPANY
    if organisation.kind != wanted or organisation.pk == job.organisation_id:
        raise ServiceError(
            gettext_lazy("Only the other side (a school or a company) can respond to this."),
            code="wrong_side",
        )
    if job.status != HybridStatus.OPEN:
        raise ServiceError(gettext_lazy("This job is no longer open."), code="wrong_state")
    message = bounds.text_within(message, field="message", max_length=NOTE_MAX, required=True)
    person = signed_in(actor)
    audit_record(actor=actor, verb="innovet.hybrid.respond", obj=job)
    roles = ["company_contact"] if job.side == HybridSide.OFFER else ["guide", "technical_adviser"]
    notify(
        recipients=members_of(job.organisation_id, roles),
        subject=gettext_lazy("Response to your hybrid job: {j}", j=job.title),
        body=gettext_lazy(
            "{p} ({o}, {e}) writes: {m}",
            p=person.get_full_name() or person.username,
            o=organisation.name,
            e=person.email,
            m=message,
        ),
        url=reverse("innovet:hybrid-jobs"),
    )
    return job


# ------------------------------------------------------------------ guest-teacher candidates

STAGE_NEXT = {
    CandidateStage.INTERESTED: {CandidateStage.SCREENED, CandidateStage.WITHDRAWN},
    CandidateStage.SCREENED: {CandidateStage.AVAILABLE, CandidateStage.WITHDRAWN},
    CandidateStage.AVAILABLE: {CandidateStage.MATCHED, CandidateStage.WITHDRAWN},
    CandidateStage.MATCHED: {CandidateStage.AVAILABLE},
    CandidateStage.WITHDRAWN: {CandidateStage.INTERESTED},
}


@transaction.atomic
def candidate_create(
    *,
    actor: RequestUser,
    company: Organisation,
    initials: str,
    expertise: str,
    study_domain: StudyDomain | None = None,
) -> GuestTeacherCandidate:
    candidate = GuestTeacherCandidate(company=company, added_by=signed_in(actor))
    policy.require(actor, "create", candidate)
    if company.kind != OrganisationKind.COMPANY:
        raise ServiceError(gettext_lazy("Choose a company."), code="not_company", field="company")
    candidate.initials = bounds.text_within(
        initials, field="initials", max_length=20, required=True
    )
    candidate.expertise = bounds.text_within(
        expertise, field="expertise", max_length=NAME_MAX, required=True
    )
    candidate.study_domain = study_domain
    candidate.province_id = school_province_id(company.pk)
    candidate.save()
    audit_record(actor=actor, verb="innovet.candidate.create", obj=candidate)
    return candidate


@transaction.atomic
def candidate_move(
    *,
    actor: RequestUser,
    candidate: GuestTeacherCandidate,
    stage: str,
    matched_request: GuestLessonRequest | None = None,
) -> GuestTeacherCandidate:
    """The mediator moves a candidate along the pipeline; a match names the agreed guest
    lesson it led to (the effective match of seed 001)."""
    policy.require(actor, "change", candidate)
    candidate = GuestTeacherCandidate.objects.select_for_update().get(pk=candidate.pk)
    if stage not in STAGE_NEXT.get(candidate.stage, set()):  # type: ignore[call-overload]
        raise ServiceError(
            gettext_lazy("This step does not follow the current stage."),
            code="wrong_stage",
            field="stage",
        )
    if stage == CandidateStage.MATCHED:
        if matched_request is None or matched_request.status != GuestLessonStatus.AGREED:
            raise ServiceError(
                gettext_lazy("A match refers to an agreed guest lesson."),
                code="no_lesson",
                field="matched_request",
            )
        candidate.matched_request = matched_request
    candidate.stage = stage
    candidate.stage_changed_at = timezone.now()
    candidate.save()
    audit_record(
        actor=actor, verb="innovet.candidate.move", obj=candidate, changes={"stage": stage}
    )
    return candidate
