from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape

from brug.accounts.tests.factories import user_with_role
from brug.core.errors import NotAllowed, ServiceError
from brug.core.models import Notification
from brug.innovet import services
from brug.innovet.models import (
    Certificate,
    Offer,
    OfferKind,
    Registration,
    RegistrationStatus,
    Session,
)
from brug.innovet.tests import factories as f
from brug.registry.models import OrganisationKind
from brug.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _teacher(school=None):  # type: ignore[no-untyped-def]
    return f.teacher_at(school or f.school())


def test_register_takes_a_seat_and_lowers_free_places() -> None:
    session = f.SessionFactory(capacity=2)
    assert Offer.objects.get(pk=session.offer_id).free_places == 2
    teacher = _teacher()
    registration = services.registration_create(actor=teacher, session=session)
    assert registration.status == RegistrationStatus.REGISTERED
    assert registration.province_id is not None  # the school's province, for the RTC
    session.refresh_from_db()
    assert session.seats_taken == 1
    assert Offer.objects.get(pk=session.offer_id).free_places == 1


def test_full_session_puts_teacher_on_waiting_list_and_cancellation_moves_up() -> None:
    session = f.SessionFactory(capacity=1)
    first, second, third = _teacher(), _teacher(), _teacher()
    r1 = services.registration_create(actor=first, session=session)
    r2 = services.registration_create(actor=second, session=session)
    r3 = services.registration_create(actor=third, session=session)
    assert (r1.status, r2.status, r3.status) == ("registered", "waiting", "waiting")
    assert Notification.objects.filter(recipient=second, subject__icontains="wachtlijst").exists()

    services.registration_cancel(actor=first, registration=r1)
    r2.refresh_from_db()
    r3.refresh_from_db()
    assert r2.status == RegistrationStatus.REGISTERED  # first on the list moved up
    assert r3.status == RegistrationStatus.WAITING
    assert Notification.objects.filter(recipient=second, subject__icontains="plaats vrij").exists()
    session.refresh_from_db()
    assert session.seats_taken == 1


def test_session_in_the_past_is_refused_and_nothing_is_written() -> None:
    session = f.SessionFactory(starts_at=timezone.now() - timedelta(days=1))
    with pytest.raises(ServiceError) as exc:
        services.registration_create(actor=_teacher(), session=session)
    assert exc.value.code == "past"
    assert "voorbij" in exc.value.text.resolve("nl")
    assert not Registration.objects.exists()
    assert Session.objects.get(pk=session.pk).seats_taken == 0


def test_registering_twice_is_refused() -> None:
    session = f.SessionFactory()
    teacher = _teacher()
    services.registration_create(actor=teacher, session=session)
    with pytest.raises(ServiceError) as exc:
        services.registration_create(actor=teacher, session=session)
    assert exc.value.code == "duplicate"
    assert Session.objects.get(pk=session.pk).seats_taken == 1


def test_guide_registers_a_teacher_of_the_school_but_not_of_another() -> None:
    school = f.school()
    guide = user_with_role("guide", organisation=school)
    teacher = _teacher(school)
    session = f.SessionFactory()
    registration = services.registration_create(actor=guide, session=session, teacher=teacher)
    assert registration.registered_by == guide and registration.school == school
    stranger = _teacher()
    with pytest.raises(NotAllowed):
        services.registration_create(actor=guide, session=session, teacher=stranger)


def test_outsider_cannot_register_or_cancel() -> None:
    session = f.SessionFactory()
    company = user_with_role("company_contact")
    with pytest.raises(ServiceError):  # not a teacher at any school
        services.registration_create(actor=company, session=session)
    registration = services.registration_create(actor=_teacher(), session=session)
    with pytest.raises(NotAllowed):
        services.registration_cancel(actor=_teacher(), registration=registration)


def test_vdab_ten_day_goes_through_rtc_then_vdab() -> None:
    province = f.province()
    vdab = OrganisationFactory(kind=OrganisationKind.VDAB)
    offer = f.OfferFactory(provider=vdab, kind=OfferKind.VDAB_TEN_DAY)
    today = timezone.localdate()
    session = f.SessionFactory(
        offer=offer,
        registration_opens=today - timedelta(days=1),
        registration_closes=today + timedelta(days=5),
    )
    teacher = _teacher(f.school(province))
    registration = services.registration_create(actor=teacher, session=session)
    assert registration.status == RegistrationStatus.PENDING_RTC
    rtc_user = user_with_role("rtc_staff")  # RTC factory covers province 10000
    vdab_user = user_with_role("vdab_staff", organisation=vdab)
    with pytest.raises(ServiceError):  # VDAB only decides after the RTC forwarded it
        services.registration_approve(actor=vdab_user, registration=registration)
    services.registration_forward(actor=rtc_user, registration=registration)
    with pytest.raises(NotAllowed):  # the RTC does not approve for VDAB
        services.registration_approve(actor=rtc_user, registration=registration)
    registration = services.registration_approve(actor=vdab_user, registration=registration)
    assert registration.status == RegistrationStatus.CONFIRMED


def test_vdab_registration_outside_the_window_is_refused() -> None:
    offer = f.OfferFactory(kind=OfferKind.VDAB_TEN_DAY)
    session = f.SessionFactory(
        offer=offer, registration_opens=timezone.localdate() + timedelta(days=3)
    )
    with pytest.raises(ServiceError) as exc:
        services.registration_create(actor=_teacher(), session=session)
    assert exc.value.code == "window"


def test_attendance_issues_a_verifiable_certificate(client) -> None:  # type: ignore[no-untyped-def]
    session = f.SessionFactory()
    teacher = _teacher()
    # A name the HTML escapes, so the check below holds for every generated name.
    teacher.first_name, teacher.last_name = "Johan", "D'hondt"
    teacher.save(update_fields=["first_name", "last_name"])
    registration = services.registration_create(actor=teacher, session=session)
    provider = user_with_role("company_contact", organisation=session.offer.provider)
    with pytest.raises(ServiceError) as exc:  # not started yet
        services.registration_attendance_record(
            actor=provider, registration=registration, attended=True
        )
    assert exc.value.code == "future"
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now()
    )
    with pytest.raises(NotAllowed):  # the teacher cannot record their own attendance
        services.registration_attendance_record(
            actor=teacher, registration=registration, attended=True
        )
    services.registration_attendance_record(
        actor=provider, registration=registration, attended=True
    )
    certificate = Certificate.objects.get(registration=registration)
    assert len(certificate.code) >= 20
    page = client.get(f"/innovet/attest/{certificate.code}/")
    # The page escapes the name ("D'hondt" is "D&#x27;hondt" in the HTML).
    assert page.status_code == 200 and escape(certificate.teacher_name) in page.content.decode()
    assert client.get("/innovet/attest/doesnotexist-000000/").status_code == 404
    client.force_login(teacher)
    pdf = client.get(f"/innovet/attest/{certificate.code}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    client.force_login(_teacher())
    assert client.get(f"/innovet/attest/{certificate.code}/pdf/").status_code == 404
    # Correcting attendance revokes the certificate; the public page says so.
    services.registration_attendance_record(
        actor=provider, registration=registration, attended=False
    )
    assert "ingetrokken" in client.get(f"/innovet/attest/{certificate.code}/").content.decode()


def test_certificate_issue_checks_its_own_permission_and_the_attendance() -> None:
    session = f.SessionFactory()
    teacher = _teacher()
    registration = services.registration_create(actor=teacher, session=session)
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now()
    )
    provider = user_with_role("company_contact", organisation=session.offer.provider)
    with pytest.raises(ServiceError) as exc:  # no attendance recorded yet
        services.certificate_issue(actor=provider, registration=registration)
    assert exc.value.code == "not_attended"
    services.registration_attendance_record(
        actor=provider, registration=registration, attended=True
    )
    for outsider in (teacher, user_with_role("company_contact")):
        with pytest.raises(NotAllowed):  # not even for their own or another provider's
            services.certificate_issue(actor=outsider, registration=registration)
    assert Certificate.objects.filter(registration=registration).count() == 1
