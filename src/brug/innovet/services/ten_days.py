"""The VDAB 10-day scheme (seed 004): a school brings a class with its teacher to a VDAB centre
for up to ten days of practical lessons. Only certain years qualify; VDAB approves the request,
plans the introduction session (*wegwijssessie*) and may offer an instructor; after the
introduction the teacher holds the lesson days with the class."""

from __future__ import annotations

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
    TEN_DAY_ELIGIBLE_YEARS,
    TEN_DAY_MAX_DAYS,
    TEN_DAY_MAX_LEARNERS,
    Offer,
    OfferKind,
    OfferStatus,
    TenDayRequest,
    TenDayStatus,
    TenDayYear,
)
from brug.innovet.schools import school_province_id
from brug.innovet.services._common import members_of
from brug.registry.models import Organisation, OrganisationKind

# A request is made for this school year or the next: no plausible class plans further ahead.
PLAN_AHEAD_DAYS = 550


def _url(request: TenDayRequest) -> str:
    return reverse("innovet:ten-day-detail", args=[request.pk])


def _period(first_day: date, last_day: date) -> None:
    today = timezone.localdate()
    bounds.date_within(
        first_day,
        field="first_day",
        earliest=today,
        latest=today + timedelta(days=PLAN_AHEAD_DAYS),
    )
    bounds.date_within(
        last_day,
        field="last_day",
        earliest=bounds.EARLIEST_DATE,
        latest=today + timedelta(days=PLAN_AHEAD_DAYS),
    )
    if last_day < first_day:
        raise ServiceError(
            gettext_lazy("The last lesson day is before the first."),
            code="period_reversed",
            field="last_day",
        )


def _teacher_of(school: Organisation, teacher: User) -> None:
    if not Membership.objects.filter(
        user=teacher, organisation=school, role="teacher", is_active=True
    ).exists():
        raise ServiceError(
            gettext_lazy("Choose a teacher of your school."),
            code="not_a_teacher",
            field="teacher",
        )


@transaction.atomic
def ten_day_request_create(
    *,
    actor: RequestUser,
    school: Organisation,
    offer: Offer,
    teacher: User,
    class_group: str,
    year: str,
    learners: int,
    days: int,
    first_day: date,
    last_day: date,
    curriculum_link: str = "",
) -> TenDayRequest:
    request = TenDayRequest(
        offer=offer, school=school, teacher=teacher, requested_by=signed_in(actor)
    )
    policy.require(actor, "create", request)
    if school.kind != OrganisationKind.SCHOOL:
        raise ServiceError(
            gettext_lazy("Only a school can request this."),
            field="school",
        )
    if offer.kind != OfferKind.VDAB_TEN_DAY or offer.status != OfferStatus.PUBLISHED:
        raise ServiceError(
            gettext_lazy("Choose a published 10-day scheme offer."),
            code="not_ten_day",
            field="offer",
        )
    _teacher_of(school, teacher)
    request.class_group = bounds.text_within(
        class_group, field="class_group", max_length=100, required=True
    )
    if year not in TenDayYear.values:
        raise ServiceError(
            gettext_lazy("Choose the class's year."),
            code="required",
            field="year",
        )
    if year not in TEN_DAY_ELIGIBLE_YEARS:
        raise ServiceError(
            gettext_lazy(
                "The 10-day scheme does not cover this year. It covers the second and third "
                "year of the third grade (vocational/technical), Se-n-Se, training form 3 and "
                "part-time vocational education."
            ),
            code="year_not_eligible",
            field="year",
        )
    request.year = year
    request.learners = bounds.int_within(
        learners, field="learners", low=1, high=TEN_DAY_MAX_LEARNERS
    )
    if isinstance(days, int) and not isinstance(days, bool) and days > TEN_DAY_MAX_DAYS:
        raise ServiceError(
            gettext_lazy("The 10-day scheme has at most 10 lesson days."),
            code="too_many_days",
            field="days",
        )
    request.days = bounds.int_within(days, field="days", low=1, high=TEN_DAY_MAX_DAYS)
    _period(first_day, last_day)
    if (last_day - first_day).days + 1 < request.days:
        raise ServiceError(
            gettext_lazy("The period is shorter than the number of lesson days."),
            code="period_too_short",
            field="last_day",
        )
    request.first_day, request.last_day = first_day, last_day
    request.curriculum_link = bounds.text_within(
        curriculum_link, field="curriculum_link", max_length=NOTE_MAX
    )
    request.province_id = school_province_id(school.pk)
    request.save()
    audit_record(actor=actor, verb="innovet.ten_day.request", obj=request)
    notify(
        recipients=members_of(offer.provider_id, ["vdab_staff"]),
        subject=gettext_lazy("10-day scheme request: {s}", s=school.name),
        body=gettext_lazy(
            "{s} asks for {n} lesson days for class {k} ({l} learners).",
            s=school.name,
            n=request.days,
            k=request.class_group,
            l=request.learners,
        ),
        url=_url(request),
    )
    return request


def _locked(request: TenDayRequest) -> TenDayRequest:
    return TenDayRequest.objects.select_for_update().select_related("offer").get(pk=request.pk)


def _status_error() -> ServiceError:
    return ServiceError(
        gettext_lazy("This step is not possible in the request's current state."),
        code="wrong_state",
    )


@transaction.atomic
def ten_day_request_decide(
    *,
    actor: RequestUser,
    request: TenDayRequest,
    approve: bool,
    intro_on: date | None = None,
    instructor_name: str = "",
    note: str = "",
) -> TenDayRequest:
    """VDAB approves (with the date of the introduction session and, if it offers one, the
    instructor) or refuses (with a reason)."""
    policy.require(actor, "decide", request)
    request = _locked(request)
    if request.status != TenDayStatus.REQUESTED:
        raise _status_error()
    note = bounds.text_within(note, field="note", max_length=NOTE_MAX, required=not approve)
    if approve:
        if intro_on is None:
            raise ServiceError(
                gettext_lazy("Give the date of the introduction session."),
                code="required",
                field="intro_on",
            )
        today = timezone.localdate()
        bounds.date_within(
            intro_on,
            field="intro_on",
            earliest=today,
            latest=request.first_day,
        )
        if intro_on >= request.first_day:
            raise ServiceError(
                gettext_lazy("The introduction session comes before the first lesson day."),
                code="intro_after_start",
                field="intro_on",
            )
        request.intro_on = intro_on
        request.instructor_name = bounds.text_within(
            instructor_name, field="instructor_name", max_length=NAME_MAX
        )
        request.instructor_offered = bool(request.instructor_name)
        request.status = TenDayStatus.APPROVED
    else:
        request.status = TenDayStatus.REFUSED
    request.vdab_note = note
    request.decided_at = timezone.now()
    request.save()
    audit_record(
        actor=actor,
        verb=f"innovet.ten_day.{request.status}",
        obj=request,
        changes={"intro_on": request.intro_on, "instructor": request.instructor_name},
    )
    notify(
        recipients=[request.teacher, request.requested_by],
        subject=gettext_lazy("10-day scheme: {k} approved", k=request.class_group)
        if approve
        else gettext_lazy("10-day scheme: {k} refused", k=request.class_group),
        body=gettext_lazy("Introduction session on {d}.", d=request.intro_on)
        if approve
        else gettext_lazy("Reason: {r}", r=note),
        url=_url(request),
    )
    return request


@transaction.atomic
def ten_day_intro_record(
    *, actor: RequestUser, request: TenDayRequest, held_on: date | None = None
) -> TenDayRequest:
    """VDAB records that the teacher followed the introduction session."""
    policy.require(actor, "intro", request)
    request = _locked(request)
    if request.status != TenDayStatus.APPROVED:
        raise _status_error()
    held_on = held_on or timezone.localdate()
    if held_on > timezone.localdate():
        raise ServiceError(
            gettext_lazy("An introduction session in the future cannot have been followed yet."),
            code="future",
            field="held_on",
        )
    request.intro_done_on = held_on
    request.status = TenDayStatus.INTRO_DONE
    request.save()
    audit_record(actor=actor, verb="innovet.ten_day.intro", obj=request)
    notify(
        recipients=[request.teacher],
        subject=gettext_lazy("Introduction session done: {k}", k=request.class_group),
        body=gettext_lazy("You can now hold the lesson days with your class."),
        url=_url(request),
    )
    return request


@transaction.atomic
def ten_day_record_day(*, actor: RequestUser, request: TenDayRequest) -> TenDayRequest:
    """The teacher records a lesson day held with the class at the centre; the last one
    completes the request."""
    policy.require(actor, "record_day", request)
    request = _locked(request)
    if request.status == TenDayStatus.APPROVED:
        raise ServiceError(
            gettext_lazy("First you follow the introduction session."),
            code="intro_first",
        )
    if request.status not in (TenDayStatus.INTRO_DONE, TenDayStatus.RUNNING):
        raise _status_error()
    request.days_held += 1
    request.status = (
        TenDayStatus.COMPLETED if request.days_held >= request.days else TenDayStatus.RUNNING
    )
    request.save()
    audit_record(
        actor=actor,
        verb="innovet.ten_day.day",
        obj=request,
        changes={"days_held": request.days_held},
    )
    return request


@transaction.atomic
def ten_day_request_cancel(*, actor: RequestUser, request: TenDayRequest) -> TenDayRequest:
    policy.require(actor, "cancel", request)
    request = _locked(request)
    if request.status not in (
        TenDayStatus.REQUESTED,
        TenDayStatus.APPROVED,
        TenDayStatus.INTRO_DONE,
    ):
        raise _status_error()
    request.status = TenDayStatus.CANCELLED
    request.save()
    audit_record(actor=actor, verb="innovet.ten_day.cancel", obj=request)
    return request
