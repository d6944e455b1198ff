"""Registrations of teachers for sessions: create, cancel, confirm, forward, approve, reject, attendance, certificate."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from brug.accounts.models import Membership, User
from brug.accounts.people import RequestUser, signed_in
from brug.core import policy
from brug.core.audit import audit_record
from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy
from brug.core.notify import notify
from brug.innovet.models import (
    Certificate,
    Offer,
    OfferKind,
    OfferStatus,
    Registration,
    RegistrationStatus,
    Session,
)
from brug.innovet.schools import school_province_id
from brug.innovet.services._common import members_of
from brug.innovet.services.offers import _free_places_delta
from brug.registry.models import (
    Organisation,
)


def _school_for(actor: RequestUser, teacher: User) -> int:
    """The school the teacher is registered for: the teacher's own, or the guide's school."""
    teacher_schools = set(
        Membership.objects.filter(user=teacher, role="teacher", is_active=True).values_list(
            "organisation_id", flat=True
        )
    )
    if not teacher_schools:
        raise ServiceError(
            gettext_lazy("Only a teacher of a school can register."),
            code="not_a_teacher",
            field="teacher",
        )
    if getattr(actor, "pk", None) != teacher.pk:
        shared = teacher_schools & set(policy.organisations_of(actor, roles=("guide",)))
        if shared:
            return min(shared)
    return min(teacher_schools)


def _take_seat(session_id: int) -> bool:
    """One conditional UPDATE: concurrent registrations can never take more than the capacity."""
    return (
        Session.objects.filter(
            pk=session_id, is_cancelled=False, seats_taken__lt=F("capacity")
        ).update(seats_taken=F("seats_taken") + 1)
        == 1
    )


def _seat_status(offer: Offer) -> str:
    # The VDAB 10-day scheme: registration through the RTC, approval by VDAB.
    return (
        RegistrationStatus.PENDING_RTC
        if offer.kind == OfferKind.VDAB_TEN_DAY
        else RegistrationStatus.REGISTERED
    )


@transaction.atomic
def registration_create(
    *, actor: RequestUser, session: Session, teacher: User | None = None
) -> Registration:
    """Register a teacher (the actor, or a teacher of the guide's school) for a session.

    A full session puts the teacher on the waiting list: `status == "waiting"`.
    """
    person = teacher or actor
    if not isinstance(person, User):
        raise ServiceError(gettext_lazy("Please log in first."), code="login")
    teacher = person
    registration = Registration(
        session=session,
        teacher=teacher,
        school_id=_school_for(actor, teacher),
        registered_by=signed_in(actor),
    )
    policy.require(actor, "create", registration)
    offer = session.offer
    now = timezone.now()
    if offer.status != OfferStatus.PUBLISHED or session.is_cancelled:
        raise ServiceError(
            gettext_lazy("This session is not open."),
            code="closed",
        )
    if session.starts_at <= now:
        raise ServiceError(
            gettext_lazy("This session has started or is over; registration is closed."),
            code="past",
        )
    today = timezone.localdate()
    if (session.registration_opens and today < session.registration_opens) or (
        session.registration_closes and today > session.registration_closes
    ):
        raise ServiceError(
            gettext_lazy(
                "Registration is only possible in the registration window ({a} – {b}).",
                a=session.registration_opens or "…",
                b=session.registration_closes or "…",
            ),
            code="window",
        )
    active = Registration.objects.filter(session=session, teacher=teacher).exclude(
        status__in=[RegistrationStatus.CANCELLED, RegistrationStatus.REJECTED]
    )
    if active.exists():
        raise ServiceError(
            gettext_lazy("This teacher is already registered or on the waiting list."),
            code="duplicate",
        )
    seat = _take_seat(session.pk)
    registration.status = _seat_status(offer) if seat else RegistrationStatus.WAITING
    registration.cost_eur = offer.cost_eur
    registration.province_id = school_province_id(registration.school_id)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:  # a second request for the same teacher at the same moment
        raise ServiceError(
            gettext_lazy("This teacher is already registered or on the waiting list."),
            code="duplicate",
        ) from exc
    if seat:
        _free_places_delta(offer.pk, -1)
    audit_record(
        actor=actor,
        verb="innovet.registration.create",
        obj=registration,
        changes={"status": registration.status, "teacher": teacher.pk},
    )
    if registration.status == RegistrationStatus.WAITING:
        subject = gettext_lazy("On the waiting list: {o}", o=offer.title)
        body = gettext_lazy(
            "The session is full. You are on the waiting list and move up automatically "
            "when a place becomes free."
        )
    else:
        subject = gettext_lazy("Registration: {o}", o=offer.title)
        body = gettext_lazy("Your registration has been received.")
    notify(recipients=[teacher], subject=subject, body=body, url=_offer_url(offer))
    return registration


def _offer_url(offer: Offer) -> str:
    return reverse("innovet:offer-detail", args=[offer.pk])


def _release_seat(session: Session, actor: RequestUser) -> Registration | None:
    """Free a seat and give it to the first on the waiting list, if anyone waits."""
    Session.objects.filter(pk=session.pk, seats_taken__gt=0).update(
        seats_taken=F("seats_taken") - 1
    )
    waiting = (
        Registration.objects.select_for_update(skip_locked=True)
        .filter(session=session, status=RegistrationStatus.WAITING)
        .order_by("created_at", "pk")
        .first()
    )
    if waiting is None or not _take_seat(session.pk):
        _free_places_delta(session.offer_id, +1)
        return None
    waiting.status = _seat_status(session.offer)
    waiting.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        verb="innovet.registration.moved_up",
        obj=waiting,
        changes={"status": ["waiting", waiting.status]},
    )
    notify(
        recipients=[waiting.teacher],
        subject=gettext_lazy("A place became free: {o}", o=session.offer.title),
        body=gettext_lazy("You have moved up from the waiting list and are now registered."),
        url=_offer_url(session.offer),
    )
    return waiting


@transaction.atomic
def registration_cancel(*, actor: RequestUser, registration: Registration) -> Registration:
    policy.require(actor, "cancel", registration)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status in (RegistrationStatus.CANCELLED, RegistrationStatus.REJECTED):
        raise ServiceError(
            gettext_lazy("This registration is already closed."),
            code="closed",
        )
    session = registration.session
    if session.starts_at <= timezone.now():
        raise ServiceError(
            gettext_lazy("A session that has started cannot be cancelled."),
            code="past",
        )
    held = registration.holds_seat
    before = registration.status
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        verb="innovet.registration.cancel",
        obj=registration,
        changes={"status": [before, registration.status]},
    )
    if held:
        _release_seat(session, actor)
    return registration


def _transition(
    *,
    actor: RequestUser,
    registration: Registration,
    action: str,
    allowed_from: Sequence[str],
    to: str,
    verb: str,
) -> Registration:
    policy.require(actor, action, registration)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in allowed_from:
        raise ServiceError(
            gettext_lazy(
                "That is not possible in the current status ({s}).",
                s=registration.get_status_display(),
            ),
            code="status",
        )
    before = registration.status
    registration.status = to
    registration.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, verb=verb, obj=registration, changes={"status": [before, to]})
    return registration


@transaction.atomic
def registration_confirm(*, actor: RequestUser, registration: Registration) -> Registration:
    registration = _transition(
        actor=actor,
        registration=registration,
        action="confirm",
        allowed_from=[RegistrationStatus.REGISTERED],
        to=RegistrationStatus.CONFIRMED,
        verb="innovet.registration.confirm",
    )
    offer = registration.session.offer
    notify(
        recipients=[registration.teacher],
        subject=gettext_lazy("Registration confirmed: {o}", o=offer.title),
        body=gettext_lazy("The provider confirmed it."),
        url=_offer_url(offer),
    )
    return registration


@transaction.atomic
def registration_forward(*, actor: RequestUser, registration: Registration) -> Registration:
    """The RTC passes a VDAB 10-day registration on to VDAB."""
    registration = _transition(
        actor=actor,
        registration=registration,
        action="forward",
        allowed_from=[RegistrationStatus.PENDING_RTC],
        to=RegistrationStatus.PENDING_VDAB,
        verb="innovet.registration.forward",
    )
    notify(
        recipients=members_of(registration.session.offer.provider_id, ["vdab_staff"]),
        subject=gettext_lazy("10-day scheme: request from the RTC"),
        body=gettext_lazy("A registration awaits approval by VDAB."),
        url=reverse("innovet:provider-registrations", args=[registration.session.offer_id]),
    )
    return registration


@transaction.atomic
def registration_approve(*, actor: RequestUser, registration: Registration) -> Registration:
    """VDAB approves a 10-day registration the RTC forwarded."""
    registration = _transition(
        actor=actor,
        registration=registration,
        action="approve",
        allowed_from=[RegistrationStatus.PENDING_VDAB],
        to=RegistrationStatus.CONFIRMED,
        verb="innovet.registration.approve",
    )
    notify(
        recipients=[registration.teacher],
        subject=gettext_lazy("10-day scheme approved"),
        body=gettext_lazy("VDAB approved your registration."),
        url=_offer_url(registration.session.offer),
    )
    return registration


@transaction.atomic
def registration_reject(
    *, actor: RequestUser, registration: Registration, reason: str = ""
) -> Registration:
    """The RTC (before forwarding) or VDAB (after) refuses a 10-day registration."""
    action = "forward" if registration.status == RegistrationStatus.PENDING_RTC else "approve"
    registration = _transition(
        actor=actor,
        registration=registration,
        action=action,
        allowed_from=[RegistrationStatus.PENDING_RTC, RegistrationStatus.PENDING_VDAB],
        to=RegistrationStatus.REJECTED,
        verb="innovet.registration.reject",
    )
    _release_seat(registration.session, actor)
    notify(
        recipients=[registration.teacher],
        subject=gettext_lazy("Registration not accepted"),
        body=gettext_lazy("Reason: {r}", r=reason or "–"),
        url=_offer_url(registration.session.offer),
    )
    return registration


@transaction.atomic
def registration_attendance_record(
    *, actor: RequestUser, registration: Registration, attended: bool
) -> Registration:
    """The provider records attendance; attending earns a certificate (revoked if corrected)."""
    policy.require(actor, "attend", registration)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in (RegistrationStatus.REGISTERED, RegistrationStatus.CONFIRMED):
        raise ServiceError(
            gettext_lazy("Attendance can only be recorded for registered teachers."),
            code="status",
        )
    if registration.session.starts_at > timezone.now():
        raise ServiceError(
            gettext_lazy("The session has not started yet."),
            code="future",
        )
    before = registration.attended
    registration.attended = attended
    registration.attendance_recorded_at = timezone.now()
    registration.save(update_fields=["attended", "attendance_recorded_at", "updated_at"])
    audit_record(
        actor=actor,
        verb="innovet.registration.attendance",
        obj=registration,
        changes={"attended": [before, attended]},
    )
    if attended:
        certificate_issue(actor=actor, registration=registration)
    else:
        Certificate.objects.filter(registration=registration).update(is_revoked=True)
    return registration


@transaction.atomic
def certificate_issue(*, actor: RequestUser, registration: Registration) -> Certificate:
    """The certificate of an attended session. Called by `registration_attendance_record`;
    its own check all the same: only who may record attendance (matrix `attend` on the
    registration: the provider) issues it, and only for a recorded attendance."""
    policy.require(actor, "attend", registration)
    if not registration.attended:
        raise ServiceError(
            gettext_lazy("A certificate needs a recorded attendance."),
            code="not_attended",
        )
    existing = Certificate.objects.filter(registration=registration).first()
    if existing is not None:
        if existing.is_revoked:
            existing.is_revoked = False
            existing.save(update_fields=["is_revoked"])
        return existing
    session = registration.session
    school = Organisation.objects.get(pk=registration.school_id)
    certificate = Certificate.objects.create(
        registration=registration,
        code=secrets.token_urlsafe(15),  # 120 random bits
        teacher_name=str(registration.teacher)[:300],
        school_name=school.name[:300],
        offer_title=session.offer.title[:300],
        provider_name=session.offer.provider.name[:300],
        session_start=session.starts_at,
        session_end=session.ends_at,
    )
    audit_record(actor=actor, verb="innovet.certificate.issue", obj=certificate)
    notify(
        recipients=[registration.teacher],
        subject=gettext_lazy("Your certificate: {o}", o=session.offer.title),
        body=gettext_lazy(
            "Your participation is recognised. Verification code: {c}", c=certificate.code
        ),
        url=reverse("innovet:certificate-verify", args=[certificate.code]),
    )
    return certificate
