"""Issue 11 §3: no absurd value is stored — the service refuses it with a clear Dutch/English
error and changes nothing, and the database refuses it too (the same on SQLite and PostgreSQL).

Each case here was stored (or silently cut) before the bounds: a 5 MB name, a date in the year
1800 or 9999, a value of 10^13, a NUL character PostgreSQL cannot store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from brug.accounts.tests.factories import user_with_role
from brug.core.errors import ServiceError
from brug.covenants import services as cs
from brug.covenants.tests import factories as cf
from brug.innovet import services as ins
from brug.innovet.models import Booking, GuestLessonRequest, OfferKind, Session
from brug.innovet.tests import factories as inf
from brug.registry import services as rs
from brug.registry.models import Organisation, Site
from brug.registry.tests import factories as rf

pytestmark = pytest.mark.django_db
HUGE = "x" * 5_000_001


def _refused(call: Callable[[], Any], field: str) -> ServiceError:
    with pytest.raises(ServiceError) as exc:
        call()
    assert exc.value.field == field
    as_dict = exc.value.text.as_dict()
    assert as_dict["nl"] and as_dict["en"] and as_dict["nl"] != as_dict["en"]
    return exc.value


# ---------------------------------------------------------------- services refuse, nothing stored


def test_an_organisation_with_a_5_mb_name_or_a_nul_character_is_refused() -> None:
    admin = user_with_role("platform_admin")
    before = Organisation.objects.count()
    for name in (HUGE, "Bouw\x00NV"):
        _refused(
            lambda name=name: rs.organisation_create(
                actor=admin, data=rs.OrganisationData(kind="company", name=name)
            ),
            "name",
        )
    assert Organisation.objects.count() == before


def test_a_site_with_an_absurd_street_is_refused() -> None:
    admin = user_with_role("platform_admin")
    organisation = rf.OrganisationFactory(kind="company")
    municipality = rf.MunicipalityFactory()
    data = rs.SiteData(name="Werf", municipality_nis=municipality.nis_code, street="s" * 301)
    _refused(lambda: rs.site_create(actor=admin, organisation=organisation, data=data), "street")
    assert not Site.objects.filter(organisation=organisation).exists()


def test_a_generation_in_the_year_1800_or_with_a_huge_name_is_refused() -> None:
    department = user_with_role("department_work")
    base: dict[str, Any] = {
        "actor": department,
        "code": "2031-2032",
        "name": "Generatie",
        "starts_on": dt.date(2031, 1, 1),
        "ends_on": dt.date(2032, 12, 31),
        "fte_subsidy_eur": Decimal("70000"),
        "result_share": Decimal("0.2"),
    }
    _refused(
        lambda: cs.generation_create(**{**base, "starts_on": dt.date(1800, 1, 1)}), "starts_on"
    )
    _refused(lambda: cs.generation_create(**{**base, "name": HUGE}), "name")
    _refused(
        lambda: cs.generation_create(**{**base, "fte_subsidy_eur": Decimal("1e13")}),
        "fte_subsidy_eur",
    )
    assert cs.generation_create(**base).pk


def test_a_covenant_summary_and_an_addendum_budget_out_of_bounds_are_refused() -> None:
    covenant = cf.CovenantFactory()
    consultant = user_with_role("consultant", organisation=covenant.sector_fund)
    _refused(
        lambda: cs.covenant_update(actor=consultant, covenant=covenant, public_summary=HUGE),
        "public_summary",
    )
    _refused(
        lambda: cs.covenant_update(
            actor=consultant, covenant=covenant, consultant_fte=Decimal("1e9")
        ),
        "consultant_fte",
    )
    covenant.refresh_from_db()
    assert covenant.public_summary != HUGE


def test_a_session_whose_registration_opens_in_1800_or_with_a_huge_location_is_refused() -> None:
    company = rf.OrganisationFactory(kind="company")
    provider = user_with_role("company_contact", organisation=company)
    offer = inf.OfferFactory(provider=company)
    start = timezone.now() + dt.timedelta(days=20)
    base: dict[str, Any] = {
        "actor": provider,
        "offer": offer,
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=3),
        "capacity": 10,
    }
    _refused(
        lambda: ins.session_add(**base, registration_opens=dt.date(1800, 1, 1)),
        "registration_opens",
    )
    _refused(
        lambda: ins.session_add(**base, registration_closes=start.date() + dt.timedelta(days=9)),
        "registration_closes",
    )
    _refused(lambda: ins.session_add(**base, location="l" * 301), "location")
    assert not Session.objects.filter(offer=offer).exists()


def test_a_booking_purpose_or_guest_topic_that_is_too_long_is_refused_not_cut() -> None:
    school = inf.school()
    guide = user_with_role("guide", organisation=school)
    offer = inf.OfferFactory(kind=OfferKind.INFRASTRUCTURE)
    start = timezone.now() + dt.timedelta(days=3)
    _refused(
        lambda: ins.booking_create(
            actor=guide,
            offer=offer,
            school=school,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            purpose="p" * 301,
        ),
        "purpose",
    )
    _refused(lambda: ins.guest_request_create(actor=guide, school=school, topic="t" * 301), "topic")
    assert not Booking.objects.exists() and not GuestLessonRequest.objects.exists()


# ---------------------------------------------------------------- the database is the backstop


def _organisation() -> Any:
    return rf.OrganisationFactory(kind="company")


def _site() -> Any:
    return rf.SiteFactory()


def _covenant() -> Any:
    return cf.CovenantFactory()


def _session() -> Any:
    return inf.SessionFactory()


@pytest.mark.parametrize(
    ("make", "field", "value"),
    [
        (_organisation, "name", "n" * 301),
        (_organisation, "website", "w" * 201),
        (_site, "street", "s" * 301),
        (_site, "latitude", 91.0),
        (_covenant, "public_summary", "p" * 10_001),
        (_covenant, "employees_covered", 10**9),
        (_session, "location", "l" * 301),
        (_session, "registration_opens", dt.date(1, 1, 1)),
    ],
    ids=[
        "org-name",
        "org-website",
        "site-street",
        "site-latitude",
        "covenant-summary",
        "covenant-employees",
        "session-location",
        "session-opens",
    ],
)
def test_the_database_refuses_an_absurd_value_written_past_the_service(
    make: Callable[[], Any], field: str, value: Any
) -> None:
    obj = make()
    # PostgreSQL refuses an over-long varchar with DataError, every other bound with IntegrityError.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        type(obj).objects.filter(pk=obj.pk).update(**{field: value})
