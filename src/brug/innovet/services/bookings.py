"""Shared infrastructure: bookings of a site's equipment or rooms."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from brug.accounts.people import RequestUser, signed_in
from brug.core import policy
from brug.core.audit import audit_record
from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy
from brug.core.notify import notify
from brug.innovet.models import (
    Booking,
    BookingStatus,
    Offer,
    OfferKind,
    OfferStatus,
)
from brug.innovet.services._common import members_of
from brug.innovet.services.registrations import _offer_url
from brug.registry.models import (
    Organisation,
)


@transaction.atomic
def booking_create(
    *,
    actor: RequestUser,
    offer: Offer,
    school: Organisation,
    starts_at: datetime,
    ends_at: datetime,
    purpose: str = "",
) -> Booking:
    booking = Booking(
        offer=offer,
        school=school,
        booked_by=signed_in(actor),
        starts_at=starts_at,
        ends_at=ends_at,
        purpose=purpose.strip()[:300],
    )
    policy.require(actor, "create", booking)
    if offer.kind != OfferKind.INFRASTRUCTURE or offer.status != OfferStatus.PUBLISHED:
        raise ServiceError(
            gettext_lazy("This offer is not bookable."),
            field="offer",
        )
    if ends_at <= starts_at:
        raise ServiceError(
            gettext_lazy("The end must be after the start."),
            field="ends_at",
        )
    if starts_at <= timezone.now():
        raise ServiceError(
            gettext_lazy("A booking cannot be in the past."),
            code="past",
            field="starts_at",
        )
    if ends_at - starts_at > timedelta(days=14):
        raise ServiceError(
            gettext_lazy("Book at most 14 days in a row."),
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
            gettext_lazy(
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
        subject=gettext_lazy("New booking: {o}", o=offer.title),
        body=gettext_lazy("{s} booked a time slot.", s=school.name),
        url=_offer_url(offer),
    )
    return booking


@transaction.atomic
def booking_cancel(*, actor: RequestUser, booking: Booking) -> Booking:
    policy.require(actor, "cancel", booking)
    if booking.status != BookingStatus.BOOKED:
        raise ServiceError(gettext_lazy("Already cancelled."))
    booking.status = BookingStatus.CANCELLED
    booking.save(update_fields=["status"])
    audit_record(actor=actor, verb="innovet.booking.cancel", obj=booking)
    return booking
