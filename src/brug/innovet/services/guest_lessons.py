"""Guest lessons (seed 001): requests from schools, agreed by companies."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from brug.accounts.people import RequestUser, signed_in
from brug.core import policy
from brug.core.audit import audit_record
from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy
from brug.core.notify import notify
from brug.innovet.models import (
    GuestLessonRequest,
    GuestLessonStatus,
    Offer,
    OfferKind,
    OfferStatus,
)
from brug.innovet.schools import school_province_id
from brug.innovet.services._common import members_of
from brug.registry.models import (
    Organisation,
    StudyDomain,
)


@transaction.atomic
def guest_request_create(
    *,
    actor: RequestUser,
    school: Organisation,
    topic: str,
    offer: Offer | None = None,
    study_domain: StudyDomain | None = None,
    wished_period: str = "",
) -> GuestLessonRequest:
    request = GuestLessonRequest(
        school=school,
        requested_by=signed_in(actor),
        offer=offer,
        topic=topic.strip()[:300],
        study_domain=study_domain,
        wished_period=wished_period.strip()[:100],
    )
    policy.require(actor, "create", request)
    if not request.topic:
        raise ServiceError(gettext_lazy("Give a topic."), field="topic")
    if offer is not None and (
        offer.kind != OfferKind.GUEST_TEACHER or offer.status != OfferStatus.PUBLISHED
    ):
        raise ServiceError(
            gettext_lazy("That is not a published guest-teacher offer."),
            field="offer",
        )
    request.province_id = school_province_id(school.pk)
    request.save()
    audit_record(actor=actor, verb="innovet.guest.request", obj=request)
    if offer is not None:
        notify(
            recipients=members_of(offer.provider_id, ["company_contact", "consultant"]),
            subject=gettext_lazy("Guest lesson requested: {o}", o=offer.title),
            body=gettext_lazy("{s} asks: {x}", s=school.name, x=request.topic),
            url=reverse("innovet:guest-requests"),
        )
    return request


@transaction.atomic
def guest_request_agree(
    *,
    actor: RequestUser,
    request: GuestLessonRequest,
    lesson_date: date,
    offer: Offer | None = None,
) -> GuestLessonRequest:
    """An agreed guest lesson is a match (seed 001: KPI on effective matches)."""
    policy.require(actor, "agree", request)
    request = GuestLessonRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != GuestLessonStatus.OPEN:
        raise ServiceError(gettext_lazy("This request is no longer open."))
    offer = request.offer or offer
    if offer is None or offer.kind != OfferKind.GUEST_TEACHER:
        raise ServiceError(gettext_lazy("Choose your guest-teacher offer."), field="offer")
    if request.offer is None and not policy.can(actor, "change", offer):
        raise ServiceError(
            gettext_lazy("That offer is not your organisation's."),
            field="offer",
        )
    if lesson_date < timezone.localdate():
        raise ServiceError(
            gettext_lazy("The lesson date is in the past."),
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
        subject=gettext_lazy("Guest lesson agreed: {x}", x=request.topic),
        body=gettext_lazy(
            "{p} gives the guest lesson on {d}.", p=offer.provider.name, d=lesson_date
        ),
        url=reverse("innovet:guest-requests"),
    )
    return request


@transaction.atomic
def guest_request_close(
    *, actor: RequestUser, request: GuestLessonRequest, decline: bool
) -> GuestLessonRequest:
    """The provider declines, or the school cancels, an open request."""
    policy.require(actor, "decline" if decline else "cancel", request)
    if request.status != GuestLessonStatus.OPEN:
        raise ServiceError(gettext_lazy("This request is no longer open."))
    request.status = GuestLessonStatus.DECLINED if decline else GuestLessonStatus.CANCELLED
    request.save(update_fields=["status"])
    audit_record(actor=actor, verb=f"innovet.guest.{request.status}", obj=request)
    if decline:
        notify(
            recipients=[request.requested_by],
            subject=gettext_lazy("Guest lesson not possible: {x}", x=request.topic),
            body=gettext_lazy("The provider cannot help."),
            url=reverse("innovet:guest-requests"),
        )
    return request
