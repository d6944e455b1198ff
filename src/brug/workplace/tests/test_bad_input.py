"""Issue 11 §2 and §3: bad input answers a clear bilingual 4xx (problem details), never a 500,
and nothing absurd is stored, through the API and through the services."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from rest_framework.test import APIClient

from brug.accounts.tests.factories import user_with_role
from brug.core.errors import ServiceError
from brug.registry.tests import factories as rf
from brug.workplace import models as m
from brug.workplace import services
from brug.workplace.tests import factories as f
from brug.workplace.tests.world import World

pytestmark = pytest.mark.django_db
API = "/api/workplace/"


def _api(user: object) -> APIClient:
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user)
    return client


def assert_problem(response: Any, status: int = 400) -> dict[str, Any]:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["type"] and body["title"]
    assert body["detail_nl"] and body["detail_en"] and body["detail_nl"] != body["detail_en"]
    return body


def _mentor_body(world: World, **extra: Any) -> dict[str, Any]:
    body = {
        "company": world.company.pk,
        "site": world.site.pk,
        "first_name": "Jan",
        "last_name": "Peeters",
        "birth_date": "1980-05-01",
        "experience_years": 10,
        "has_relevant_diploma": True,
        "criminal_record_checked_on": (f.TODAY - timedelta(days=10)).isoformat(),
    }
    body.update(extra)
    return {k: v for k, v in body.items() if v is not None}


@pytest.mark.parametrize("years", [None, 10**12, 61, -1])
def test_mentor_with_missing_or_absurd_experience_is_a_400(world: World, years: Any) -> None:
    before = m.Mentor.objects.count()
    body = _mentor_body(world, experience_years=years)
    if years is None:
        body.pop("experience_years", None)
    response = _api(world.company_user).post(API + "mentors/", body, format="json")
    problem = assert_problem(response)
    assert problem.get("field") == "experience_years" or "experience_years" in problem["errors"]
    assert m.Mentor.objects.count() == before


def test_mentor_with_valid_body_is_created(world: World) -> None:
    response = _api(world.company_user).post(API + "mentors/", _mentor_body(world), format="json")
    assert response.status_code == 201, response.content


def _opening_body(rec: m.Recognition, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "workplace": rec.pk,
        "kind": "dual",
        "start": f.TODAY.isoformat(),
        "end": (f.TODAY + timedelta(days=30)).isoformat(),
        "capacity": 2,
    }
    body.update(extra)
    return body


@pytest.mark.parametrize(
    "extra",
    [
        {"capacity": 2**63},
        {"capacity": 10**12},
        {"start": "0001-01-01", "end": "9999-12-31"},
        {"start": "2001-01-01", "end": "2001-06-30"},
        {"days_per_week": 2**40},
        {"description": "x" * 20_001},
    ],
    ids=["capacity-2^63", "capacity-10^12", "0001-9999", "in-the-past", "days", "long-text"],
)
def test_absurd_opening_is_a_400_and_not_stored(world: World, extra: dict[str, Any]) -> None:
    rec = f.RecognisedFactory(company=world.company, site=world.site, programme=world.programme)
    response = _api(world.company_user).post(
        API + "openings/", _opening_body(rec, **extra), format="json"
    )
    assert_problem(response)
    assert m.Opening.objects.count() == 0


def test_a_sensible_opening_is_still_created(world: World) -> None:
    rec = f.RecognisedFactory(company=world.company, site=world.site, programme=world.programme)
    response = _api(world.company_user).post(API + "openings/", _opening_body(rec), format="json")
    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    "query",
    [
        "limit=99999999999999999999999",
        "offset=99999999999999999999999",
        "limit=99999999999999999999999&offset=99999999999999999999999",
        "programme=99999999999999999999999",
        "programme=-1",
        "radius=99999999999999999999999",
    ],
)
def test_huge_numbers_in_query_strings_never_500(world: World, query: str) -> None:
    f.OpeningFactory.create_batch(3)
    response = _api(world.company_user).get(API + "openings/?" + query)
    assert response.status_code in (200, 400), response.content[:300]
    if response.status_code == 400:
        assert_problem(response)


def test_limit_is_capped_at_the_maximum_page_size() -> None:
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    from brug.core.api.pagination import MAX_PAGE_SIZE, BoundedLimitOffsetPagination

    rows = list(range(MAX_PAGE_SIZE + 50))
    for limit in ("10000000", "9" * 40):
        request = Request(APIRequestFactory().get("/", {"limit": limit, "offset": "3"}))
        page = BoundedLimitOffsetPagination().paginate_queryset(rows, request)
        assert page == rows[3 : 3 + MAX_PAGE_SIZE]
    request = Request(APIRequestFactory().get("/", {"offset": "9" * 40}))
    assert BoundedLimitOffsetPagination().paginate_queryset(rows, request) == []


@pytest.mark.parametrize("path", ["placements/abc/end/", "training-plans/abc/progress/"])
def test_non_numeric_id_on_an_action_is_a_404_problem(world: World, path: str) -> None:
    response = _api(world.guide).post(API + path, {}, format="json")
    assert_problem(response, 404)


def test_json_nested_5000_levels_is_a_400(world: World) -> None:
    body = "[" * 5000 + "]" * 5000
    before = m.Mentor.objects.count()
    response = _api(world.company_user).post(
        API + "mentors/", body, content_type="application/json"
    )
    assert_problem(response)
    assert m.Mentor.objects.count() == before


# ---------------------------------------------------------------- §3 services refuse, DB backstops


def _register(world: World, **extra: Any) -> m.Learner:
    kwargs: dict[str, Any] = {
        "actor": world.guide,
        "school": world.school,
        "programme": world.programme,
        "grade": 2,
        "home_municipality": rf.MunicipalityFactory(),
        "first_name": "An",
        "last_name": "Janssens",
        "birth_date": f.TODAY - timedelta(days=16 * 365),
    }
    kwargs.update(extra)
    return services.learner_register(**kwargs)


@pytest.mark.parametrize(
    "extra",
    [
        {"first_name": "A" * 5_000_000},
        {"last_name": "B" * 101},
        {"birth_date": date(1800, 1, 1)},
        {"birth_date": f.TODAY - timedelta(days=365 * 5)},
        {"email": "a" * 300 + "@example.org"},
    ],
    ids=["5MB-first-name", "long-last-name", "born-1800", "five-years-old", "long-email"],
)
def test_learner_register_refuses_absurd_values(world: World, extra: dict[str, Any]) -> None:
    with pytest.raises(ServiceError) as refused:
        _register(world, **extra)
    assert (
        refused.value.text.resolve("nl")
        and refused.value.text.resolve("en")
        and refused.value.field
    )
    assert m.Learner.objects.count() == 0 and m.LearnerIdentity.objects.count() == 0


def test_learner_register_accepts_a_plausible_learner(world: World) -> None:
    learner = _register(world)
    assert learner.identity.first_name == "An"


def test_opening_service_refuses_absurd_values(world: World) -> None:
    rec = f.RecognisedFactory(company=world.company, site=world.site, programme=world.programme)
    base: dict[str, Any] = {
        "actor": world.company_user,
        "workplace": rec,
        "kind": "dual",
        "start": f.TODAY,
        "end": f.TODAY + timedelta(days=60),
        "capacity": 2,
    }
    for extra in (
        {"capacity": 10**12},
        {"start": date(1, 1, 1), "end": date(9999, 12, 31)},
        {"start": f.TODAY - timedelta(days=400), "end": f.TODAY - timedelta(days=10)},
        {"start": f.TODAY, "end": f.TODAY + timedelta(days=3 * 365)},
    ):
        with pytest.raises(ServiceError):
            services.opening_create(**{**base, **extra})
    assert m.Opening.objects.count() == 0


def test_mentor_service_refuses_absurd_values(world: World) -> None:
    base: dict[str, Any] = {
        "actor": world.company_user,
        "company": world.company,
        "first_name": "Jan",
        "last_name": "Peeters",
        "birth_date": date(1980, 1, 1),
        "experience_years": 5,
        "has_relevant_diploma": True,
        "criminal_record_checked_on": f.TODAY,
    }
    before = m.Mentor.objects.count()
    for extra in (
        {"experience_years": 10**12},
        {"first_name": "J" * 5_000_000},
        {"birth_date": date(1800, 1, 1)},
        {"criminal_record_checked_on": date(1, 1, 1)},
    ):
        with pytest.raises(ServiceError):
            services.mentor_create(**{**base, **extra})
    assert m.Mentor.objects.count() == before


@pytest.mark.parametrize(
    "fields",
    [
        {"first_name": "A" * 101},
        {"birth_date": date(1800, 1, 1)},
    ],
    ids=["long-name", "born-1800"],
)
def test_database_backstop_for_learner_identity(world: World, fields: dict[str, Any]) -> None:
    from django.db import DataError, IntegrityError, transaction

    identity = f.LearnerIdentityFactory(learner__school=world.school)
    for k, v in fields.items():
        setattr(identity, k, v)
    # SQLite: the check constraint; PostgreSQL: the column type already refuses (DataError)
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        identity.save()


@pytest.mark.parametrize(
    "fields",
    [
        {"capacity": 10**6},
        {"start": date(1, 1, 1)},
        {"end": date(9999, 12, 31)},
    ],
    ids=["capacity", "start-0001", "end-9999"],
)
def test_database_backstop_for_openings(world: World, fields: dict[str, Any]) -> None:
    from django.db import IntegrityError, transaction

    opening = f.OpeningFactory()
    for k, v in fields.items():
        setattr(opening, k, v)
    with pytest.raises(IntegrityError), transaction.atomic():
        opening.save()


@pytest.mark.parametrize("rank", [10**12, 101, 0])
def test_application_rank_out_of_range_is_a_400(world: World, rank: int) -> None:
    opening = f.OpeningFactory(programme=world.programme)
    learner = f.LearnerFactory(school=world.school, programme=world.programme)
    response = _api(world.guide).post(
        API + "applications/",
        {"learner": learner.pk, "opening": opening.pk, "rank": rank},
        format="json",
    )
    assert_problem(response)
    assert m.Application.objects.count() == 0


def test_contact_with_absurd_date_or_notes_is_refused(world: World) -> None:
    consultant = user_with_role("consultant", rf.OrganisationFactory(kind="sector_fund"))
    base: dict[str, Any] = {
        "actor": consultant,
        "company": world.company,
        "kind": m.ContactKind.values[0],
        "purpose": m.ContactPurpose.values[0],
        "on": f.TODAY,
    }
    for extra in ({"on": date(1800, 1, 1)}, {"notes": "n" * 5001}):
        with pytest.raises(ServiceError):
            services.contact_record(**{**base, **extra})
    assert m.Contact.objects.count() == 0


def test_recognition_reason_and_activities_are_bounded(world: World) -> None:
    with pytest.raises(ServiceError) as refused:
        services.recognition_apply(
            actor=world.company_user,
            company=world.company,
            site=world.site,
            programme=world.programme,
            activities="a" * 5001,
            mentors=[world.mentor],
        )
    assert refused.value.field == "activities"
    assert m.Recognition.objects.count() == 0
