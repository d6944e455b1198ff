"""Every write in InnoVET: offers, sessions, registrations, certificates, guest lessons, bookings,
signals. Each service checks the permission matrix first, validates (bad input changes
nothing), writes in one transaction, audits and notifies. Teaching material: `materials.py`.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone

from brug.accounts.models import Membership, User
from brug.core import bounds, policy
from brug.core.audit import audit_record, diff
from brug.core.errors import ServiceError
from brug.core.i18n import t
from brug.core.notify import notify
from brug.innovet.models import (
    LONG_TEXT_MAX,
    Booking,
    BookingStatus,
    Certificate,
    GuestLessonRequest,
    GuestLessonStatus,
    Offer,
    OfferKind,
    OfferStatus,
    OpportunitySignal,
    Registration,
    RegistrationStatus,
    Session,
)
from brug.innovet.schools import school_province_id
from brug.innovet.search import offers_index
from brug.registry.models import (
    Organisation,
    OrganisationKind,
    Programme,
    Province,
    Qualification,
    Site,
    StudyDomain,
)

PROVIDER_KINDS = frozenset(
    {
        OrganisationKind.COMPANY,
        OrganisationKind.SECTOR_FUND,
        OrganisationKind.RTC,
        OrganisationKind.VDAB,
        OrganisationKind.SCHOOL,
        OrganisationKind.SUPPORT_SERVICE,
        OrganisationKind.PARTNERSHIP,
    }
)
SCHOOL_ROLES = ("teacher", "guide")
STALE_AFTER_DAYS = 180


def members_of(organisation_id: int, roles: Sequence[str] | None = None) -> list[User]:
    memberships = Membership.objects.filter(organisation_id=organisation_id, is_active=True)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return list(User.objects.filter(pk__in=memberships.values("user_id"), is_active=True))


# ------------------------------------------------------------------ offers

OFFER_FIELDS = (
    "kind",
    "title",
    "description",
    "province",
    "site",
    "on_request",
    "cost_eur",
    "target_grade",
    "language",
    "curriculum_link",
    "vendor_neutral",
    "accessibility_notes",
)


def _clean_offer(values: dict[str, Any], provider: Organisation) -> dict[str, Any]:
    if values.get("kind") not in OfferKind.values:
        raise ServiceError(t("Kies een soort aanbod.", "Choose a kind of offer."), field="kind")
    title = str(values.get("title") or "").strip()
    if not title:
        raise ServiceError(t("Geef een titel.", "Give a title."), code="required", field="title")
    values["title"] = title[:300]
    try:
        cost = Decimal(str(values.get("cost_eur") if values.get("cost_eur") is not None else 0))
    except InvalidOperation as exc:
        raise ServiceError(
            t("De kostprijs is geen bedrag.", "The cost is not an amount."), field="cost_eur"
        ) from exc
    if not cost.is_finite():
        raise ServiceError(
            t("De kostprijs is geen bedrag.", "The cost is not an amount."), field="cost_eur"
        )
    for name in ("description", "curriculum_link", "accessibility_notes"):
        if name in values:
            values[name] = bounds.text_within(
                str(values[name] or ""), field=name, max_length=LONG_TEXT_MAX
            )
    if cost < 0:
        raise ServiceError(
            t("De kostprijs kan niet negatief zijn.", "The cost cannot be negative."),
            code="negative_cost",
            field="cost_eur",
        )
    if cost >= Decimal("1000000"):
        raise ServiceError(t("De kostprijs is te hoog.", "The cost is too high."), field="cost_eur")
    values["cost_eur"] = cost.quantize(Decimal("0.01"))
    grade = values.get("target_grade")
    if grade not in (None, "", 1, 2, 3):
        raise ServiceError(
            t("Graad 1, 2 of 3, of leeg.", "Grade 1, 2 or 3, or empty."), field="target_grade"
        )
    values["target_grade"] = grade or None
    site = values.get("site")
    if site is not None and site.organisation_id != provider.pk:
        raise ServiceError(
            t("Die vestiging hoort niet bij de aanbieder.", "That site is not the provider's."),
            field="site",
        )
    if site is not None and values.get("province") is None:
        values["province"] = site.municipality.province
    if values.get("language") not in (None, "nl", "en", "fr", "de"):
        raise ServiceError(t("Onbekende taal.", "Unknown language."), field="language")
    return values


def _offer_location(offer: Offer) -> None:
    site = offer.site
    if site is not None:
        offer.latitude = site.latitude if site.latitude is not None else site.municipality.latitude
        offer.longitude = (
            site.longitude if site.longitude is not None else site.municipality.longitude
        )
    else:
        offer.latitude = offer.longitude = None


@transaction.atomic
def offer_create(
    *,
    actor: Any,
    provider: Organisation,
    kind: str,
    title: str,
    description: str = "",
    study_domains: Iterable[StudyDomain] = (),
    programmes: Iterable[Programme] = (),
    qualifications: Iterable[Qualification] = (),
    province: Province | None = None,
    site: Site | None = None,
    on_request: bool = False,
    cost_eur: Decimal | int | str = 0,
    target_grade: int | None = None,
    language: str = "nl",
    curriculum_link: str = "",
    vendor_neutral: bool = True,
    accessibility_notes: str = "",
    publish: bool = False,
) -> Offer:
    policy.require(actor, "create", Offer(provider=provider))
    if provider.kind not in PROVIDER_KINDS:
        raise ServiceError(
            t(
                "Deze organisatie kan geen aanbod plaatsen.",
                "This organisation cannot post offers.",
            ),
            field="provider",
        )
    values = _clean_offer(
        {
            "kind": kind,
            "title": title,
            "description": description,
            "province": province,
            "site": site,
            "on_request": on_request,
            "cost_eur": cost_eur,
            "target_grade": target_grade,
            "language": language,
            "curriculum_link": curriculum_link,
            "vendor_neutral": vendor_neutral,
            "accessibility_notes": accessibility_notes,
        },
        provider,
    )
    offer = Offer(
        provider=provider,
        status=OfferStatus.PUBLISHED if publish else OfferStatus.DRAFT,
        **values,
    )
    _offer_location(offer)
    offer.save()
    offer.study_domains.set(list(study_domains))
    offer.programmes.set(list(programmes))
    offer.qualifications.set(list(qualifications))
    offers_index([offer])
    audit_record(actor=actor, verb="innovet.offer.create", obj=offer, changes=values)
    return offer


@transaction.atomic
def offer_update(
    *,
    actor: Any,
    offer: Offer,
    study_domains: Iterable[StudyDomain] | None = None,
    programmes: Iterable[Programme] | None = None,
    qualifications: Iterable[Qualification] | None = None,
    **changes: Any,
) -> Offer:
    """Change an offer. Saving it also marks it current again (clears the stale flag)."""
    policy.require(actor, "change", offer)
    unknown = set(changes) - set(OFFER_FIELDS)
    if unknown:
        raise ServiceError(
            t("Onbekende velden: {f}", "Unknown fields: {f}", f=", ".join(sorted(unknown)))
        )
    before = {name: getattr(offer, name) for name in OFFER_FIELDS}
    values = _clean_offer({**before, **changes}, offer.provider)
    for name, value in values.items():
        setattr(offer, name, value)
    offer.stale_flagged_at = None
    _offer_location(offer)
    offer.save()
    if study_domains is not None:
        offer.study_domains.set(list(study_domains))
    if programmes is not None:
        offer.programmes.set(list(programmes))
    if qualifications is not None:
        offer.qualifications.set(list(qualifications))
    offers_index([offer])
    audit_record(actor=actor, verb="innovet.offer.change", obj=offer, changes=diff(before, values))
    return offer


@transaction.atomic
def offer_set_status(*, actor: Any, offer: Offer, status: str) -> Offer:
    policy.require(actor, "change", offer)
    if status not in OfferStatus.values:
        raise ServiceError(t("Onbekende status.", "Unknown status."), field="status")
    before = offer.status
    offer.status = status
    offer.stale_flagged_at = None
    offer.save(update_fields=["status", "stale_flagged_at", "updated_at"])
    audit_record(
        actor=actor, verb="innovet.offer.status", obj=offer, changes={"status": [before, status]}
    )
    return offer


def offers_refresh_summaries(offer_ids: Iterable[int], *, now: datetime | None = None) -> int:
    """Recompute next start, free places and period flags from the sessions still to come."""
    now = now or timezone.now()
    ids = list(offer_ids)
    if not ids:
        return 0
    summary: dict[int, dict[str, Any]] = {
        pk: {
            "next_start": None,
            "free_places": 0,
            "in_autumn_window": False,
            "in_spring_window": False,
        }
        for pk in ids
    }
    sessions = Session.objects.filter(
        offer_id__in=ids, is_cancelled=False, starts_at__gte=now
    ).values_list("offer_id", "starts_at", "capacity", "seats_taken")
    for offer_id, starts_at, capacity, taken in sessions.iterator(chunk_size=2000):
        row = summary[offer_id]
        day = timezone.localtime(starts_at).date()
        if row["next_start"] is None or day < row["next_start"]:
            row["next_start"] = day
        row["free_places"] += max(capacity - taken, 0)
        row["in_autumn_window"] |= day.month in (10, 11)
        row["in_spring_window"] |= day.month in (2, 3, 4)
    offers = []
    for pk, row in summary.items():
        offers.append(Offer(pk=pk, **row))
    Offer.objects.bulk_update(
        offers,
        ["next_start", "free_places", "in_autumn_window", "in_spring_window"],
        batch_size=500,
    )
    return len(offers)


def _free_places_delta(offer_id: int, delta: int) -> None:
    # A delta, not a recount: concurrent registrations on the same offer never lose an update.
    Offer.objects.filter(pk=offer_id).update(free_places=Greatest(F("free_places") + delta, 0))


@transaction.atomic
def session_add(
    *,
    actor: Any,
    offer: Offer,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    location: str = "",
    registration_opens: date | None = None,
    registration_closes: date | None = None,
) -> Session:
    policy.require(actor, "change", offer)
    if starts_at <= timezone.now():
        raise ServiceError(
            t("Een sessie kan niet in het verleden liggen.", "A session cannot be in the past."),
            code="past",
            field="starts_at",
        )
    if ends_at <= starts_at:
        raise ServiceError(
            t("Het einde moet na het begin liggen.", "The end must be after the start."),
            field="ends_at",
        )
    if not isinstance(capacity, int) or capacity < 1 or capacity > 10_000:
        raise ServiceError(
            t("Geef een capaciteit van minstens 1.", "Give a capacity of at least 1."),
            field="capacity",
        )
    if registration_opens and registration_closes and registration_closes < registration_opens:
        raise ServiceError(
            t(
                "Het inschrijvingsvenster sluit voor het opent.",
                "The registration window closes before it opens.",
            ),
            field="registration_closes",
        )
    if offer.kind == OfferKind.VDAB_TEN_DAY and (ends_at.date() - starts_at.date()).days >= 14:
        raise ServiceError(
            t(
                "De 10-dagenregeling duurt hoogstens 10 lesdagen.",
                "The 10-day scheme lasts at most 10 teaching days.",
            ),
            field="ends_at",
        )
    session = Session.objects.create(
        offer=offer,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        location=location[:300],
        registration_opens=registration_opens,
        registration_closes=registration_closes,
    )
    offers_refresh_summaries([offer.pk])
    Offer.objects.filter(pk=offer.pk).update(updated_at=timezone.now(), stale_flagged_at=None)
    audit_record(
        actor=actor,
        verb="innovet.session.add",
        obj=session,
        changes={"offer": offer.pk, "starts_at": starts_at, "capacity": capacity},
    )
    return session


# ------------------------------------------------------------------ registrations


def _school_for(actor: Any, teacher: User) -> int:
    """The school the teacher is registered for: the teacher's own, or the guide's school."""
    teacher_schools = set(
        Membership.objects.filter(user=teacher, role="teacher", is_active=True).values_list(
            "organisation_id", flat=True
        )
    )
    if not teacher_schools:
        raise ServiceError(
            t(
                "Alleen een leerkracht van een school kan zich inschrijven.",
                "Only a teacher of a school can register.",
            ),
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
    *, actor: Any, session: Session, teacher: User | None = None
) -> Registration:
    """Register a teacher (the actor, or a teacher of the guide's school) for a session.

    A full session puts the teacher on the waiting list: `status == "waiting"`.
    """
    teacher = teacher or actor
    if not isinstance(teacher, User):
        raise ServiceError(t("Meld u eerst aan.", "Please log in first."), code="login")
    registration = Registration(
        session=session, teacher=teacher, school_id=_school_for(actor, teacher), registered_by=actor
    )
    policy.require(actor, "create", registration)
    offer = session.offer
    now = timezone.now()
    if offer.status != OfferStatus.PUBLISHED or session.is_cancelled:
        raise ServiceError(
            t("Voor deze sessie kan men niet inschrijven.", "This session is not open."),
            code="closed",
        )
    if session.starts_at <= now:
        raise ServiceError(
            t(
                "Deze sessie is al begonnen of voorbij; inschrijven kan niet meer.",
                "This session has started or is over; registration is closed.",
            ),
            code="past",
        )
    today = timezone.localdate()
    if (session.registration_opens and today < session.registration_opens) or (
        session.registration_closes and today > session.registration_closes
    ):
        raise ServiceError(
            t(
                "Inschrijven kan alleen in het inschrijvingsvenster ({a} – {b}).",
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
            t(
                "Deze leerkracht is al ingeschreven of staat op de wachtlijst.",
                "This teacher is already registered or on the waiting list.",
            ),
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
            t(
                "Deze leerkracht is al ingeschreven of staat op de wachtlijst.",
                "This teacher is already registered or on the waiting list.",
            ),
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
        subject = t("Op de wachtlijst: {o}", "On the waiting list: {o}", o=offer.title)
        body = t(
            "De sessie is volzet. U staat op de wachtlijst en schuift automatisch door "
            "zodra er een plaats vrijkomt.",
            "The session is full. You are on the waiting list and move up automatically "
            "when a place becomes free.",
        )
    else:
        subject = t("Inschrijving: {o}", "Registration: {o}", o=offer.title)
        body = t("Uw inschrijving is ontvangen.", "Your registration has been received.")
    notify(recipients=[teacher], subject=subject, body=body, url=_offer_url(offer))
    return registration


def _offer_url(offer: Offer) -> str:
    return reverse("innovet:offer-detail", args=[offer.pk])


def _release_seat(session: Session, actor: Any) -> Registration | None:
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
        subject=t("Er is een plaats vrij: {o}", "A place became free: {o}", o=session.offer.title),
        body=t(
            "U bent van de wachtlijst doorgeschoven en nu ingeschreven.",
            "You have moved up from the waiting list and are now registered.",
        ),
        url=_offer_url(session.offer),
    )
    return waiting


@transaction.atomic
def registration_cancel(*, actor: Any, registration: Registration) -> Registration:
    policy.require(actor, "cancel", registration)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status in (RegistrationStatus.CANCELLED, RegistrationStatus.REJECTED):
        raise ServiceError(
            t("Deze inschrijving is al afgesloten.", "This registration is already closed."),
            code="closed",
        )
    session = registration.session
    if session.starts_at <= timezone.now():
        raise ServiceError(
            t(
                "Een begonnen sessie kan men niet meer annuleren.",
                "A session that has started cannot be cancelled.",
            ),
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
    actor: Any,
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
            t(
                "Dat kan niet in de huidige status ({s}).",
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
def registration_confirm(*, actor: Any, registration: Registration) -> Registration:
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
        subject=t("Inschrijving bevestigd: {o}", "Registration confirmed: {o}", o=offer.title),
        body=t("De aanbieder heeft uw inschrijving bevestigd.", "The provider confirmed it."),
        url=_offer_url(offer),
    )
    return registration


@transaction.atomic
def registration_forward(*, actor: Any, registration: Registration) -> Registration:
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
        subject=t("10-dagenregeling: aanvraag van het RTC", "10-day scheme: request from the RTC"),
        body=t(
            "Een inschrijving wacht op goedkeuring door VDAB.",
            "A registration awaits approval by VDAB.",
        ),
        url=reverse("innovet:provider-registrations", args=[registration.session.offer_id]),
    )
    return registration


@transaction.atomic
def registration_approve(*, actor: Any, registration: Registration) -> Registration:
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
        subject=t("10-dagenregeling goedgekeurd", "10-day scheme approved"),
        body=t("VDAB heeft uw inschrijving goedgekeurd.", "VDAB approved your registration."),
        url=_offer_url(registration.session.offer),
    )
    return registration


@transaction.atomic
def registration_reject(
    *, actor: Any, registration: Registration, reason: str = ""
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
        subject=t("Inschrijving niet aanvaard", "Registration not accepted"),
        body=t("Reden: {r}", "Reason: {r}", r=reason or "–"),
        url=_offer_url(registration.session.offer),
    )
    return registration


@transaction.atomic
def registration_attendance_record(
    *, actor: Any, registration: Registration, attended: bool
) -> Registration:
    """The provider records attendance; attending earns a certificate (revoked if corrected)."""
    policy.require(actor, "attend", registration)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in (RegistrationStatus.REGISTERED, RegistrationStatus.CONFIRMED):
        raise ServiceError(
            t(
                "Aanwezigheid kan alleen voor ingeschreven leerkrachten.",
                "Attendance can only be recorded for registered teachers.",
            ),
            code="status",
        )
    if registration.session.starts_at > timezone.now():
        raise ServiceError(
            t(
                "De sessie is nog niet begonnen.",
                "The session has not started yet.",
            ),
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


def certificate_issue(*, actor: Any, registration: Registration) -> Certificate:
    """Called inside registration_attendance_record's transaction (same permission)."""
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
        subject=t("Uw attest: {o}", "Your certificate: {o}", o=session.offer.title),
        body=t(
            "Uw deelname is erkend. Verificatiecode: {c}",
            "Your participation is recognised. Verification code: {c}",
            c=certificate.code,
        ),
        url=reverse("innovet:certificate-verify", args=[certificate.code]),
    )
    return certificate


# ------------------------------------------------------------------ guest lessons (seed 001)


@transaction.atomic
def guest_request_create(
    *,
    actor: Any,
    school: Organisation,
    topic: str,
    offer: Offer | None = None,
    study_domain: StudyDomain | None = None,
    wished_period: str = "",
) -> GuestLessonRequest:
    request = GuestLessonRequest(
        school=school,
        requested_by=actor,
        offer=offer,
        topic=topic.strip()[:300],
        study_domain=study_domain,
        wished_period=wished_period.strip()[:100],
    )
    policy.require(actor, "create", request)
    if not request.topic:
        raise ServiceError(t("Geef een onderwerp.", "Give a topic."), field="topic")
    if offer is not None and (
        offer.kind != OfferKind.GUEST_TEACHER or offer.status != OfferStatus.PUBLISHED
    ):
        raise ServiceError(
            t(
                "Dat is geen gepubliceerd gastleraar-aanbod.",
                "That is not a published guest-teacher offer.",
            ),
            field="offer",
        )
    request.province_id = school_province_id(school.pk)
    request.save()
    audit_record(actor=actor, verb="innovet.guest.request", obj=request)
    if offer is not None:
        notify(
            recipients=members_of(offer.provider_id, ["company_contact", "consultant"]),
            subject=t("Vraag naar een gastles: {o}", "Guest lesson requested: {o}", o=offer.title),
            body=t("{s} vraagt: {x}", "{s} asks: {x}", s=school.name, x=request.topic),
            url=reverse("innovet:guest-requests"),
        )
    return request


@transaction.atomic
def guest_request_agree(
    *,
    actor: Any,
    request: GuestLessonRequest,
    lesson_date: date,
    offer: Offer | None = None,
) -> GuestLessonRequest:
    """An agreed guest lesson is a match (seed 001: KPI on effective matches)."""
    policy.require(actor, "agree", request)
    request = GuestLessonRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != GuestLessonStatus.OPEN:
        raise ServiceError(t("Deze vraag is niet meer open.", "This request is no longer open."))
    offer = request.offer or offer
    if offer is None or offer.kind != OfferKind.GUEST_TEACHER:
        raise ServiceError(
            t("Kies uw gastleraar-aanbod.", "Choose your guest-teacher offer."), field="offer"
        )
    if request.offer is None and not policy.can(actor, "change", offer):
        raise ServiceError(
            t("Dat aanbod is niet van uw organisatie.", "That offer is not your organisation's."),
            field="offer",
        )
    if lesson_date < timezone.localdate():
        raise ServiceError(
            t("De lesdatum ligt in het verleden.", "The lesson date is in the past."),
            code="past",
            field="lesson_date",
        )
    request.status = GuestLessonStatus.AGREED
    request.matched_offer = offer
    request.lesson_date = lesson_date
    request.agreed_at = timezone.now()
    request.save()
    audit_record(
        actor=actor,
        verb="innovet.guest.agree",
        obj=request,
        changes={"offer": offer.pk, "lesson_date": lesson_date},
    )
    notify(
        recipients=[request.requested_by],
        subject=t("Gastles afgesproken: {x}", "Guest lesson agreed: {x}", x=request.topic),
        body=t(
            "{p} geeft de gastles op {d}.",
            "{p} gives the guest lesson on {d}.",
            p=offer.provider.name,
            d=lesson_date,
        ),
        url=reverse("innovet:guest-requests"),
    )
    return request


@transaction.atomic
def guest_request_close(
    *, actor: Any, request: GuestLessonRequest, decline: bool
) -> GuestLessonRequest:
    """The provider declines, or the school cancels, an open request."""
    policy.require(actor, "decline" if decline else "cancel", request)
    if request.status != GuestLessonStatus.OPEN:
        raise ServiceError(t("Deze vraag is niet meer open.", "This request is no longer open."))
    request.status = GuestLessonStatus.DECLINED if decline else GuestLessonStatus.CANCELLED
    request.save(update_fields=["status"])
    audit_record(actor=actor, verb=f"innovet.guest.{request.status}", obj=request)
    if decline:
        notify(
            recipients=[request.requested_by],
            subject=t(
                "Gastles niet mogelijk: {x}", "Guest lesson not possible: {x}", x=request.topic
            ),
            body=t("De aanbieder kan niet ingaan op uw vraag.", "The provider cannot help."),
            url=reverse("innovet:guest-requests"),
        )
    return request


# ------------------------------------------------------------------ shared infrastructure


@transaction.atomic
def booking_create(
    *,
    actor: Any,
    offer: Offer,
    school: Organisation,
    starts_at: datetime,
    ends_at: datetime,
    purpose: str = "",
) -> Booking:
    booking = Booking(
        offer=offer,
        school=school,
        booked_by=actor,
        starts_at=starts_at,
        ends_at=ends_at,
        purpose=purpose.strip()[:300],
    )
    policy.require(actor, "create", booking)
    if offer.kind != OfferKind.INFRASTRUCTURE or offer.status != OfferStatus.PUBLISHED:
        raise ServiceError(
            t("Dit aanbod is geen boekbare infrastructuur.", "This offer is not bookable."),
            field="offer",
        )
    if ends_at <= starts_at:
        raise ServiceError(
            t("Het einde moet na het begin liggen.", "The end must be after the start."),
            field="ends_at",
        )
    if starts_at <= timezone.now():
        raise ServiceError(
            t("Een boeking kan niet in het verleden liggen.", "A booking cannot be in the past."),
            code="past",
            field="starts_at",
        )
    if ends_at - starts_at > timedelta(days=14):
        raise ServiceError(
            t("Boek hoogstens 14 dagen na elkaar.", "Book at most 14 days in a row."),
            field="ends_at",
        )
    # Serialise bookings of this infrastructure: a row lock on PostgreSQL; on SQLite the
    # IMMEDIATE transaction already holds the write lock.
    Offer.objects.select_for_update().filter(pk=offer.pk).first()
    clash = Booking.objects.filter(
        offer=offer,
        status=BookingStatus.BOOKED,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    ).first()
    if clash is not None:
        raise ServiceError(
            t(
                "Dit tijdslot overlapt met een andere boeking ({a} – {b}).",
                "This time slot overlaps another booking ({a} – {b}).",
                a=f"{timezone.localtime(clash.starts_at):%d/%m/%Y %H:%M}",
                b=f"{timezone.localtime(clash.ends_at):%H:%M}",
            ),
            code="overlap",
            field="starts_at",
        )
    booking.save()
    audit_record(
        actor=actor,
        verb="innovet.booking.create",
        obj=booking,
        changes={"starts_at": starts_at, "ends_at": ends_at},
    )
    notify(
        recipients=members_of(offer.provider_id),
        subject=t("Nieuwe boeking: {o}", "New booking: {o}", o=offer.title),
        body=t("{s} boekte een tijdslot.", "{s} booked a time slot.", s=school.name),
        url=_offer_url(offer),
    )
    return booking


@transaction.atomic
def booking_cancel(*, actor: Any, booking: Booking) -> Booking:
    policy.require(actor, "cancel", booking)
    if booking.status != BookingStatus.BOOKED:
        raise ServiceError(t("Deze boeking is al geannuleerd.", "Already cancelled."))
    booking.status = BookingStatus.CANCELLED
    booking.save(update_fields=["status"])
    audit_record(actor=actor, verb="innovet.booking.cancel", obj=booking)
    return booking


# ------------------------------------------------------------------ the RTC as broker


@transaction.atomic
def opportunity_signal(
    *,
    actor: Any,
    rtc: Organisation,
    subject: str,
    message: str,
    recipients: Sequence[Organisation],
    offer: Offer | None = None,
) -> OpportunitySignal:
    signal = OpportunitySignal(
        rtc=rtc, sent_by=actor, subject=subject.strip()[:300], message=message.strip(), offer=offer
    )
    policy.require(actor, "create", signal)
    if not signal.subject or not signal.message:
        raise ServiceError(
            t("Geef een onderwerp en een bericht.", "Give a subject and a message."),
            field="subject",
        )
    chosen = [
        o for o in recipients if o.kind in (OrganisationKind.SCHOOL, OrganisationKind.COMPANY)
    ]
    if not chosen or len(chosen) != len(recipients):
        raise ServiceError(
            t(
                "Kies een of meer scholen of ondernemingen.",
                "Choose one or more schools or companies.",
            ),
            field="recipients",
        )
    signal.save()
    signal.recipients.set(chosen)
    audit_record(
        actor=actor,
        verb="innovet.signal.send",
        obj=signal,
        changes={"recipients": [o.pk for o in chosen]},
    )
    people: list[User] = []
    for organisation in chosen:
        people += members_of(organisation.pk, ["guide", "teacher", "company_contact"])
    notify(
        recipients=people,
        subject=t(
            "Opportuniteit van {r}: {s}", "Opportunity from {r}: {s}", r=rtc.name, s=signal.subject
        ),
        body=t("{m}", "{m}", m=signal.message),
        url=_offer_url(offer) if offer is not None else reverse("innovet:search"),
    )
    return signal


# ------------------------------------------------------------------ stale offers


def offers_stale(*, days: int = STALE_AFTER_DAYS, now: datetime | None = None) -> Q:
    cutoff = (now or timezone.now()) - timedelta(days=days)
    return Q(status=OfferStatus.PUBLISHED, updated_at__lt=cutoff)


@transaction.atomic
def offers_flag_stale(*, days: int = STALE_AFTER_DAYS, now: datetime | None = None) -> int:
    """System job: mark published offers not updated for `days` and tell each provider once."""
    now = now or timezone.now()
    fresh = Offer.objects.filter(offers_stale(days=days, now=now), stale_flagged_at__isnull=True)
    by_provider: dict[int, list[Offer]] = {}
    for offer in fresh.only("pk", "title", "provider_id"):
        by_provider.setdefault(offer.provider_id, []).append(offer)
    flagged = 0
    for provider_id, offers in by_provider.items():
        # `update()` leaves updated_at alone, so flagging never makes an offer look current.
        flagged += Offer.objects.filter(pk__in=[o.pk for o in offers]).update(stale_flagged_at=now)
        notify(
            recipients=members_of(provider_id),
            subject=t(
                "{n} aanbod(en) niet meer bijgewerkt",
                "{n} offer(s) not updated lately",
                n=len(offers),
            ),
            body=t(
                "Deze aanbiedingen zijn al {d} dagen niet bijgewerkt. Kijk ze na zodat leerkrachten "
                "actuele informatie vinden: {o}",
                "These offers have not been updated for {d} days. Please check them so teachers "
                "find current information: {o}",
                d=days,
                o="; ".join(o.title for o in offers[:20]),
            ),
            url=reverse("innovet:provider-offers"),
        )
    return flagged
