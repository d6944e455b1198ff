"""Factories for InnoVET tests. Offers made here are indexed for search like real ones."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import factory
from django.db.models import F
from django.utils import timezone

from brug.accounts.tests.factories import user_with_role
from brug.innovet import models as m
from brug.innovet.search import offers_index
from brug.innovet.services import offers_refresh_summaries
from brug.registry import models as rm
from brug.registry.tests.factories import (
    MunicipalityFactory,
    OrganisationFactory,
    ProvinceFactory,
    SiteFactory,
)


def province(code: str = "10000", name: str = "Antwerpen") -> rm.Province:
    return ProvinceFactory(nis_code=code, name_nl=name, name_en=name)


def other_province() -> rm.Province:
    return province("20001", "Vlaams-Brabant")


def school(prov: rm.Province | None = None, lat: float = 51.2194, lon: float = 4.4025) -> Any:
    organisation = OrganisationFactory(kind=rm.OrganisationKind.SCHOOL)
    SiteFactory(
        organisation=organisation,
        municipality=MunicipalityFactory(province=prov or province(), latitude=lat, longitude=lon),
    )
    return organisation


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Offer
        skip_postgeneration_save = True

    provider = factory.SubFactory(OrganisationFactory, kind=rm.OrganisationKind.COMPANY)
    kind = m.OfferKind.TEACHER_PLACEMENT
    status = m.OfferStatus.PUBLISHED
    title = factory.Sequence(lambda n: f"Bedrijfsstage {n}")
    description = "Leerkrachten leren een week mee in het bedrijf."
    cost_eur = Decimal("0")

    @factory.post_generation
    def index(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            offers_index([self])


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Session
        skip_postgeneration_save = True

    offer = factory.SubFactory(OfferFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + timedelta(hours=6))
    capacity = 10

    @factory.post_generation
    def summary(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            offers_refresh_summaries([self.offer_id])


def teacher_at(organisation: Any) -> Any:
    return user_with_role("teacher", organisation=organisation)


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A registration row as the services would leave it (seat counted)."""

    class Meta:
        model = m.Registration

    session = factory.SubFactory(SessionFactory)
    school = factory.LazyFunction(school)
    teacher = factory.LazyAttribute(lambda r: teacher_at(r.school))
    registered_by = factory.LazyAttribute(lambda r: r.teacher)
    status = m.RegistrationStatus.REGISTERED

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        registration = super()._create(model_class, *args, **kwargs)
        if registration.holds_seat:
            m.Session.objects.filter(pk=registration.session_id).update(
                seats_taken=F("seats_taken") + 1
            )
        return registration


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Certificate

    registration = factory.SubFactory(RegistrationFactory, attended=True)
    code = factory.Sequence(lambda n: f"testcode{n:012d}")
    teacher_name = "Test Leerkracht"
    school_name = "Testschool"
    offer_title = "Bedrijfsstage"
    provider_name = "Testbedrijf"
    session_start = factory.LazyFunction(timezone.now)
    session_end = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=6))


class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Material

    provider = factory.SubFactory(OrganisationFactory, kind=rm.OrganisationKind.SCHOOL)
    title = factory.Sequence(lambda n: f"Lespakket {n}")
    licence = m.Licence.CC_BY
    status = m.MaterialStatus.DRAFT


class GuestLessonRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.GuestLessonRequest

    school = factory.LazyFunction(school)
    requested_by = factory.LazyAttribute(lambda r: user_with_role("guide", organisation=r.school))
    topic = "Gastles CNC-programmeren"


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Booking

    offer = factory.SubFactory(OfferFactory, kind=m.OfferKind.INFRASTRUCTURE)
    school = factory.LazyFunction(school)
    booked_by = factory.LazyAttribute(lambda b: user_with_role("guide", organisation=b.school))
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda b: b.starts_at + timedelta(hours=3))


class FailedSearchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.FailedSearch

    query = "mechatronica robot"


class OpportunitySignalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.OpportunitySignal
        skip_postgeneration_save = True

    rtc = factory.SubFactory(OrganisationFactory, kind=rm.OrganisationKind.RTC)
    sent_by = factory.LazyAttribute(lambda s: user_with_role("rtc_staff", organisation=s.rtc))
    subject = "Nieuw lerend netwerk"
    message = "Doe mee met het lerend netwerk rond waterstof."

    @factory.post_generation
    def recipients(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.recipients.set(extracted)


def vdab_centre(**kw: Any) -> m.Offer:
    kw.setdefault("provider", OrganisationFactory(kind=rm.OrganisationKind.VDAB))
    return OfferFactory(kind=m.OfferKind.VDAB_TEN_DAY, title="Opleidingscentrum lassen", **kw)


class TenDayRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.TenDayRequest

    offer = factory.LazyFunction(vdab_centre)
    school = factory.LazyFunction(school)
    teacher = factory.LazyAttribute(lambda r: teacher_at(r.school))
    requested_by = factory.LazyAttribute(lambda r: r.teacher)
    class_group = "6 Elektrotechniek"
    year = m.TenDayYear.BSO_TSO_3G_2
    learners = 12
    days = 5
    first_day = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    last_day = factory.LazyAttribute(lambda r: r.first_day + timedelta(days=14))


class TeacherPlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.TeacherPlacement

    school = factory.LazyFunction(school)
    company = factory.SubFactory(OrganisationFactory, kind=rm.OrganisationKind.COMPANY)
    teacher = factory.LazyAttribute(lambda r: teacher_at(r.school))
    requested_by = factory.LazyAttribute(lambda r: r.teacher)
    tasks = "Meedraaien in de onderhoudsploeg."
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=20))
    ends_on = factory.LazyAttribute(lambda r: r.starts_on + timedelta(days=4))
    replacement = "Collega"


class HybridJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.HybridJob

    side = m.HybridSide.OFFER
    organisation = factory.SubFactory(OrganisationFactory, kind=rm.OrganisationKind.COMPANY)
    created_by = factory.LazyAttribute(
        lambda j: user_with_role("company_contact", organisation=j.organisation)
    )
    title = factory.Sequence(lambda n: f"Praktijkleraar lassen {n}")
    hours_per_week = 8


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.GuestTeacherCandidate

    company = factory.SubFactory(OrganisationFactory, kind=rm.OrganisationKind.COMPANY)
    added_by = factory.LazyAttribute(
        lambda c: user_with_role("company_contact", organisation=c.company)
    )
    initials = "A.B."
    expertise = "robotlassen"
