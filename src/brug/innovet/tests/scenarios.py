"""Permission-matrix scenarios for InnoVET (see brug/core/testing/matrix.py).

Unrelated objects live in another province than an RTC actor's region, so `region` never
holds by accident.
"""

from __future__ import annotations

from typing import Any

from brug.accounts.tests.factories import UserFactory
from brug.core.testing.matrix import ActorContext, scenario
from brug.innovet import models as m
from brug.innovet.tests import factories as f
from brug.registry.models import Province
from brug.registry.tests.factories import OrganisationFactory


def _region(actor: ActorContext) -> Province | None:
    if actor.organisation is None:
        return None
    return Province.objects.filter(rtc_regions__organisations=actor.organisation).first()


def _other_offer(**kw: Any) -> m.Offer:
    kw.setdefault("status", m.OfferStatus.DRAFT)
    return f.OfferFactory(province=f.other_province(), **kw)


@scenario("innovet.offer")
def offer(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    if relation == "organisation":
        if actor.organisation is None:
            return None
        return f.OfferFactory(provider=actor.organisation, status="draft"), {"organisation"}
    if relation == "region":
        province = _region(actor)
        if province is None:
            return None
        return f.OfferFactory(status="draft", province=province), {"region"}
    if relation == "published":
        return _other_offer(status=m.OfferStatus.PUBLISHED), {"published"}
    return _other_offer(), set()


def _registration(relation: str, actor: ActorContext) -> Any:
    if relation == "own":
        if actor.organisation is None:
            return None
        return f.RegistrationFactory(teacher=actor.user, school=f.school()), {"own"}
    if relation == "organisation":
        if actor.organisation is None:
            return None
        return f.RegistrationFactory(school=actor.organisation, teacher=UserFactory()), {
            "organisation"
        }
    if relation == "provider":
        if actor.organisation is None:
            return None
        session = f.SessionFactory(offer=f.OfferFactory(provider=actor.organisation))
        return f.RegistrationFactory(session=session), {"provider"}
    if relation == "region":
        province = _region(actor)
        if province is None:
            return None
        return f.RegistrationFactory(province=province), {"region"}
    return f.RegistrationFactory(), set()


@scenario("innovet.registration")
def registration(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    return _registration(relation, actor)


@scenario("innovet.certificate")
def certificate(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    if relation == "region":
        return None
    built = _registration(relation, actor)
    if built is None:
        return None
    reg, has = built
    return f.CertificateFactory(registration=reg), has


@scenario("innovet.material")
def material(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    if relation == "organisation":
        if actor.organisation is None:
            return None
        return f.MaterialFactory(provider=actor.organisation), {"organisation"}
    if relation == "approved":
        return f.MaterialFactory(status=m.MaterialStatus.APPROVED), {"approved", "submitted"}
    if relation == "submitted":
        return f.MaterialFactory(status=m.MaterialStatus.SUBMITTED), {"submitted"}
    return f.MaterialFactory(), set()


@scenario("innovet.guestlessonrequest")
def guest_request(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    def guest_offer(**kw: Any) -> m.Offer:
        return f.OfferFactory(kind=m.OfferKind.GUEST_TEACHER, **kw)

    if relation == "organisation":
        if actor.organisation is None:
            return None
        return f.GuestLessonRequestFactory(school=actor.organisation, offer=guest_offer()), {
            "organisation"
        }
    if relation == "provider":
        if actor.organisation is None:
            return None
        return f.GuestLessonRequestFactory(offer=guest_offer(provider=actor.organisation)), {
            "provider"
        }
    if relation == "open":
        return f.GuestLessonRequestFactory(offer=None), {"open"}
    if relation == "region":
        province = _region(actor)
        if province is None:
            return None
        return f.GuestLessonRequestFactory(offer=guest_offer(), province=province), {"region"}
    return f.GuestLessonRequestFactory(offer=guest_offer()), set()


@scenario("innovet.booking")
def booking(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    if relation == "organisation":
        if actor.organisation is None:
            return None
        return f.BookingFactory(school=actor.organisation, booked_by=UserFactory()), {
            "organisation"
        }
    if relation == "provider":
        if actor.organisation is None:
            return None
        infra = f.OfferFactory(kind=m.OfferKind.INFRASTRUCTURE, provider=actor.organisation)
        return f.BookingFactory(offer=infra), {"provider"}
    return f.BookingFactory(), set()


@scenario("innovet.failedsearch")
def failed_search(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    if relation == "region":
        province = _region(actor)
        if province is None:
            return None
        return f.FailedSearchFactory(province=province), {"region"}
    return f.FailedSearchFactory(province=f.other_province()), set()


@scenario("innovet.opportunitysignal")
def signal(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    if relation == "organisation":
        if actor.organisation is None:
            return None
        return f.OpportunitySignalFactory(
            rtc=actor.organisation, sent_by=UserFactory(), recipients=[OrganisationFactory()]
        ), {"organisation"}
    if relation == "recipient":
        if actor.organisation is None:
            return None
        return f.OpportunitySignalFactory(recipients=[actor.organisation]), {"recipient"}
    return f.OpportunitySignalFactory(recipients=[OrganisationFactory()]), set()


@scenario("innovet.tendayrequest")
def ten_day(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    if relation == "own":
        if actor.organisation is None:
            return None
        return f.TenDayRequestFactory(teacher=actor.user, school=f.school()), {"own"}
    if relation == "organisation":
        if actor.organisation is None:
            return None
        return f.TenDayRequestFactory(school=actor.organisation, teacher=UserFactory()), {
            "organisation"
        }
    if relation == "provider":
        if actor.organisation is None:
            return None
        return f.TenDayRequestFactory(offer=f.vdab_centre(provider=actor.organisation)), {
            "provider"
        }
    if relation == "region":
        province = _region(actor)
        if province is None:
            return None
        return f.TenDayRequestFactory(province=province), {"region"}
    return f.TenDayRequestFactory(province=f.other_province()), set()


@scenario("innovet.teacherplacement")
def teacher_placement(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    if relation == "own":
        if actor.organisation is None:
            return None
        return f.TeacherPlacementFactory(teacher=actor.user, school=f.school()), {"own"}
    if relation == "organisation":
        if actor.organisation is None:
            return None
        return f.TeacherPlacementFactory(school=actor.organisation, teacher=UserFactory()), {
            "organisation"
        }
    if relation == "company":
        if actor.organisation is None:
            return None
        return f.TeacherPlacementFactory(company=actor.organisation), {"company"}
    return f.TeacherPlacementFactory(), set()


@scenario("innovet.hybridjob")
def hybrid_job(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    if relation == "organisation":
        if actor.organisation is None:
            return None
        return f.HybridJobFactory(
            organisation=actor.organisation, status=m.HybridStatus.WITHDRAWN
        ), {"organisation"}
    if relation == "open":
        return f.HybridJobFactory(), {"open"}
    return f.HybridJobFactory(status=m.HybridStatus.FILLED), set()


@scenario("innovet.guestteachercandidate")
def candidate(relation: str, actor: ActorContext):  # type: ignore[no-untyped-def]
    if relation == "organisation":
        if actor.organisation is None:
            return None
        return f.CandidateFactory(company=actor.organisation), {"organisation"}
    if relation == "region":
        province = _region(actor)
        if province is None:
            return None
        return f.CandidateFactory(province=province), {"region"}
    return f.CandidateFactory(province=f.other_province()), set()
