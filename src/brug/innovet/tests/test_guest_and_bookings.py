from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from brug.accounts.tests.factories import user_with_role
from brug.core.errors import NotAllowed, ServiceError
from brug.innovet import services
from brug.innovet.models import Booking, GuestLessonStatus, OfferKind
from brug.innovet.tests import factories as f

pytestmark = pytest.mark.django_db


def test_overlapping_booking_is_refused_and_adjacent_one_is_fine() -> None:
    offer = f.OfferFactory(kind=OfferKind.INFRASTRUCTURE)
    school = f.school()
    guide = user_with_role("guide", organisation=school)
    start = timezone.now() + timedelta(days=3)
    services.booking_create(
        actor=guide, offer=offer, school=school, starts_at=start, ends_at=start + timedelta(hours=2)
    )
    with pytest.raises(ServiceError) as exc:
        services.booking_create(
            actor=guide,
            offer=offer,
            school=school,
            starts_at=start + timedelta(hours=1),
            ends_at=start + timedelta(hours=3),
        )
    assert exc.value.code == "overlap"
    services.booking_create(
        actor=guide,
        offer=offer,
        school=school,
        starts_at=start + timedelta(hours=2),
        ends_at=start + timedelta(hours=4),
    )
    assert Booking.objects.count() == 2
    with pytest.raises(ServiceError) as exc:
        services.booking_create(
            actor=guide,
            offer=offer,
            school=school,
            starts_at=timezone.now() - timedelta(hours=5),
            ends_at=timezone.now() - timedelta(hours=4),
        )
    assert exc.value.code == "past"
    with pytest.raises(NotAllowed):  # a guide books only for their own school
        services.booking_create(
            actor=guide,
            offer=offer,
            school=f.school(),
            starts_at=start + timedelta(days=1),
            ends_at=start + timedelta(days=1, hours=1),
        )


def test_guest_lesson_request_agreed_is_a_match() -> None:
    company = f.OrganisationFactory(kind="company")
    expert = user_with_role("company_contact", organisation=company)
    guest_offer = f.OfferFactory(provider=company, kind=OfferKind.GUEST_TEACHER)
    school = f.school()
    guide = user_with_role("guide", organisation=school)
    asked = services.guest_request_create(
        actor=guide, school=school, topic="Cobots", offer=guest_offer
    )
    open_request = services.guest_request_create(actor=guide, school=school, topic="Waterstof")
    assert open_request.province_id is not None
    other_expert = user_with_role("company_contact")
    with pytest.raises(NotAllowed):  # only the offer's provider answers a request for it
        services.guest_request_agree(
            actor=other_expert, request=asked, lesson_date=timezone.localdate()
        )
    with pytest.raises(ServiceError):
        services.guest_request_agree(
            actor=expert, request=asked, lesson_date=timezone.localdate() - timedelta(days=1)
        )
    agreed = services.guest_request_agree(
        actor=expert, request=asked, lesson_date=timezone.localdate() + timedelta(days=9)
    )
    assert agreed.status == GuestLessonStatus.AGREED and agreed.matched_offer == guest_offer
    # An open request: any company expert may answer, with their own guest-teacher offer.
    with pytest.raises(ServiceError):
        services.guest_request_agree(
            actor=other_expert,
            request=open_request,
            offer=guest_offer,
            lesson_date=timezone.localdate() + timedelta(days=3),
        )
    services.guest_request_agree(
        actor=expert,
        request=open_request,
        offer=guest_offer,
        lesson_date=timezone.localdate() + timedelta(days=3),
    )
