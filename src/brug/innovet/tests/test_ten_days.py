"""The VDAB 10-day scheme (issue 15): request → VDAB approves → introduction session → lesson
days; bad input (11 days, an ineligible year, a period ending before it starts) changes
nothing; outsiders see nothing; the list's query count does not grow."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from brug.accounts.tests.factories import user_with_role
from brug.core.errors import NotAllowed, ServiceError
from brug.innovet import services
from brug.innovet.models import TenDayRequest, TenDayStatus, TenDayYear
from brug.innovet.tests import factories as f
from brug.registry.models import OrganisationKind
from brug.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
API = "/api/innovet/ten-day-requests/"


class World:
    def __init__(self) -> None:
        self.school = f.school()
        self.teacher = f.teacher_at(self.school)
        self.guide = user_with_role("guide", organisation=self.school)
        self.vdab = OrganisationFactory(kind=OrganisationKind.VDAB)
        self.vdab_user = user_with_role("vdab_staff", organisation=self.vdab)
        self.centre = f.vdab_centre(provider=self.vdab)

    def request(self, **kw: Any) -> TenDayRequest:
        today = timezone.localdate()
        values: dict[str, Any] = {
            "actor": self.teacher,
            "school": self.school,
            "offer": self.centre,
            "teacher": self.teacher,
            "class_group": "6 Elektrotechniek",
            "year": TenDayYear.BSO_TSO_3G_2,
            "learners": 12,
            "days": 3,
            "first_day": today + timedelta(days=20),
            "last_day": today + timedelta(days=30),
        }
        values.update(kw)
        return services.ten_day_request_create(**values)


@pytest.fixture
def world() -> World:
    return World()


def test_the_scheme_runs_from_request_to_the_last_lesson_day(world: World) -> None:
    row = world.request()
    assert row.status == TenDayStatus.REQUESTED and row.province_id is not None
    intro = timezone.localdate() + timedelta(days=10)
    row = services.ten_day_request_decide(
        actor=world.vdab_user, request=row, approve=True, intro_on=intro, instructor_name="Els"
    )
    assert (row.status, row.intro_on, row.instructor_offered) == ("approved", intro, True)
    with pytest.raises(ServiceError) as refused:
        services.ten_day_record_day(actor=world.teacher, request=row)
    assert refused.value.code == "intro_first"
    row = services.ten_day_intro_record(actor=world.vdab_user, request=row)
    assert row.status == TenDayStatus.INTRO_DONE
    for expected in ("running", "running", "completed"):
        row = services.ten_day_record_day(actor=world.teacher, request=row)
        assert row.status == expected
    assert row.days_held == 3
    with pytest.raises(ServiceError):
        services.ten_day_record_day(actor=world.teacher, request=row)


def test_vdab_refuses_with_a_reason(world: World) -> None:
    row = world.request()
    with pytest.raises(ServiceError):
        services.ten_day_request_decide(actor=world.vdab_user, request=row, approve=False)
    row = services.ten_day_request_decide(
        actor=world.vdab_user, request=row, approve=False, note="Centrum volzet."
    )
    assert row.status == TenDayStatus.REFUSED


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"days": 11}, "too_many_days", "days"),
        ({"days": 0}, "out_of_range", "days"),
        ({"year": TenDayYear.GRADE_2}, "year_not_eligible", "year"),
        ({"year": "nonsense"}, "required", "year"),
        ({"learners": 0}, "out_of_range", "learners"),
        ({"learners": 200}, "out_of_range", "learners"),
        ({"class_group": "   "}, "required", "class_group"),
        ({"class_group": "x" * 101}, "too_long", "class_group"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    world: World, change: dict[str, Any], code: str, field: str
) -> None:
    with pytest.raises(ServiceError) as refused:
        world.request(**change)
    assert (refused.value.code, refused.value.field) == (code, field)
    assert refused.value.text.resolve("nl") and refused.value.text.resolve("en")
    assert TenDayRequest.objects.count() == 0


def test_a_period_ending_before_it_starts_or_in_the_past_is_refused(world: World) -> None:
    today = timezone.localdate()
    for first, last in (
        (today + timedelta(days=20), today + timedelta(days=10)),
        (today - timedelta(days=5), today + timedelta(days=10)),
        (today + timedelta(days=20), today + timedelta(days=21)),  # 3 days in 2
        (today + timedelta(days=5000), today + timedelta(days=5010)),
    ):
        with pytest.raises(ServiceError):
            world.request(first_day=first, last_day=last)
    assert TenDayRequest.objects.count() == 0


def test_only_a_published_ten_day_offer_and_the_schools_own_teacher(world: World) -> None:
    with pytest.raises(ServiceError):
        world.request(offer=f.OfferFactory())
    other_teacher = f.teacher_at(f.school())
    with pytest.raises(ServiceError):
        world.request(actor=world.guide, teacher=other_teacher)
    assert TenDayRequest.objects.count() == 0


def test_outsiders_may_not_decide_or_record(world: World) -> None:
    row = world.request()
    other_vdab = user_with_role("vdab_staff")
    company = user_with_role("company_contact")
    for actor in (world.teacher, other_vdab, company):
        with pytest.raises(NotAllowed):
            services.ten_day_request_decide(
                actor=actor, request=row, approve=True, intro_on=timezone.localdate()
            )
    with pytest.raises(NotAllowed):
        services.ten_day_record_day(actor=company, request=row)
    assert TenDayRequest.objects.get().status == TenDayStatus.REQUESTED


def test_the_intro_comes_before_the_first_lesson_day(world: World) -> None:
    row = world.request()
    with pytest.raises(ServiceError):
        services.ten_day_request_decide(
            actor=world.vdab_user, request=row, approve=True, intro_on=row.first_day
        )
    assert TenDayRequest.objects.get().status == TenDayStatus.REQUESTED


# ------------------------------------------------------------------ pages


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_vdab_home_page_shows_the_requests_awaiting_approval(world: World) -> None:
    world.request(class_group="6 Lassen")
    page = _client(world.vdab_user).get("/").content.decode()
    assert "6 Lassen" in page and 'id="vdab-awaiting"' in page
    other = user_with_role("vdab_staff")
    assert "6 Lassen" not in _client(other).get("/").content.decode()


def test_pages_walk_the_scheme_and_refuse_bad_input(world: World) -> None:
    client = _client(world.teacher)
    today = timezone.localdate()
    form = {
        "offer": world.centre.pk,
        "teacher": world.teacher.pk,
        "class_group": "6 Koeltechniek",
        "year": TenDayYear.GRADE_1,
        "learners": 10,
        "days": 2,
        "first_day": (today + timedelta(days=20)).isoformat(),
        "last_day": (today + timedelta(days=25)).isoformat(),
    }
    refused = client.post(reverse("innovet:ten-days"), form)
    assert refused.status_code == 400 and "niet voor dit leerjaar" in refused.content.decode()
    assert client.post(reverse("innovet:ten-days"), {**form, "days": 11}).status_code == 400
    assert TenDayRequest.objects.count() == 0
    created = client.post(reverse("innovet:ten-days"), {**form, "year": TenDayYear.DBSO})
    row = TenDayRequest.objects.get()
    assert created.status_code == 302
    vdab = _client(world.vdab_user)
    vdab.post(
        reverse("innovet:ten-day-action", args=[row.pk, "approve"]),
        {"intro_on": (today + timedelta(days=5)).isoformat()},
    )
    vdab.post(reverse("innovet:ten-day-action", args=[row.pk, "intro"]))
    client.post(reverse("innovet:ten-day-action", args=[row.pk, "day"]))
    row.refresh_from_db()
    assert (row.status, row.days_held) == ("running", 1)
    detail = client.get(reverse("innovet:ten-day-detail", args=[row.pk])).content.decode()
    assert "Lesdagen bezig" in detail


def test_outsiders_get_no_page_and_no_row(world: World) -> None:
    row = world.request()
    for role in ("company_contact", "learner", "consultant"):
        client = _client(user_with_role(role))
        assert client.get(reverse("innovet:ten-days")).status_code == 403
        assert client.get(reverse("innovet:ten-day-detail", args=[row.pk])).status_code in (
            403,
            404,
        )
    other_teacher = f.teacher_at(f.school())
    response = _client(other_teacher).get(reverse("innovet:ten-day-detail", args=[row.pk]))
    assert response.status_code == 404
    assert (
        'id="tenday-'
        not in _client(other_teacher).get(reverse("innovet:ten-days")).content.decode()
    )
    assert Client().get(reverse("innovet:ten-days")).status_code == 302


def test_list_page_query_count_does_not_grow(world: World) -> None:
    client = _client(world.guide)
    counts = []
    for size in (2, 12):
        while TenDayRequest.objects.count() < size:
            f.TenDayRequestFactory(school=world.school, offer=world.centre)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("innovet:ten-days"))
        assert response.content.decode().count('id="tenday-') == size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


# ------------------------------------------------------------------ API


def _api(user: Any) -> APIClient:
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user)
    return client


def test_api_walks_the_scheme_and_refuses_bad_input(world: World) -> None:
    today = timezone.localdate()
    body = {
        "offer": world.centre.pk,
        "class_group": "6 Elektromechanica",
        "year": TenDayYear.OV3_BSO,
        "learners": 9,
        "days": 11,
        "first_day": (today + timedelta(days=20)).isoformat(),
        "last_day": (today + timedelta(days=40)).isoformat(),
    }
    api = _api(world.teacher)
    refused = api.post(API, body, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "too_many_days"
    refused = api.post(API, {**body, "days": 4, "year": "aso"}, format="json")
    assert refused.status_code == 400 and refused.json()["field"] == "year"
    refused = api.post(API, {**body, "days": 4, "last_day": today.isoformat()}, format="json")
    assert refused.status_code == 400
    assert TenDayRequest.objects.count() == 0
    created = api.post(API, {**body, "days": 1}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    vdab = _api(world.vdab_user)
    assert [r["id"] for r in vdab.get(API + "?awaiting=1").json()["results"]] == [pk]
    assert api.post(API + f"{pk}/decide/", {"approve": True}, format="json").status_code == 403
    decided = vdab.post(
        API + f"{pk}/decide/",
        {"approve": True, "intro_on": (today + timedelta(days=3)).isoformat()},
        format="json",
    )
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    assert vdab.post(API + f"{pk}/intro/").json()["status"] == "intro_done"
    assert api.post(API + f"{pk}/day/").json()["status"] == "completed"
    assert _api(user_with_role("vdab_staff")).get(API + f"{pk}/").status_code == 404
    assert _api(user_with_role("company_contact")).get(API).status_code == 403


def test_api_list_query_count_does_not_grow(world: World) -> None:
    api = _api(world.guide)
    api.get(API)  # warm the per-process caches (reference data) before counting
    counts = []
    for size in (2, 12):
        while TenDayRequest.objects.count() < size:
            f.TenDayRequestFactory(school=world.school, offer=world.centre)
        with CaptureQueriesContext(connection) as queries:
            response = api.get(API)
        assert response.json()["count"] == size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
