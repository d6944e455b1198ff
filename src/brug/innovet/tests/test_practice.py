"""Issue 15: company placements for teachers, hybrid jobs, guest-teacher candidates, the
technical adviser's page, the plan for teachers, lateral entrants in the catalogue, and the
API endpoints for certificates, guest-lesson requests and bookings."""

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
from brug.innovet.models import (
    CandidateStage,
    GuestLessonStatus,
    GuestTeacherCandidate,
    HybridJob,
    OfferKind,
    PlacementStatus,
    TeacherPlacement,
)
from brug.innovet.search import OfferQuery, offers_search
from brug.innovet.tests import factories as f
from brug.registry.models import OrganisationKind
from brug.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user: Any) -> APIClient:
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user)
    return client


# ------------------------------------------------------------------ company placements


def _propose(**kw: Any) -> TeacherPlacement:
    school = kw.pop("school", None) or f.school()
    teacher = kw.pop("teacher", None) or f.teacher_at(school)
    today = timezone.localdate()
    values: dict[str, Any] = {
        "actor": teacher,
        "school": school,
        "company": OrganisationFactory(kind=OrganisationKind.COMPANY),
        "teacher": teacher,
        "tasks": "Meedraaien in de onderhoudsploeg.",
        "starts_on": today + timedelta(days=10),
        "ends_on": today + timedelta(days=14),
        "replacement": "Collega Jan",
    }
    values.update(kw)
    return services.teacher_placement_create(**values)


def test_a_placement_runs_to_a_certificate_anyone_with_the_code_can_check() -> None:
    placement = _propose()
    contact = user_with_role("company_contact", organisation=placement.company)
    with pytest.raises(ServiceError):  # agreeing needs a host mentor
        services.teacher_placement_decide(actor=contact, placement=placement, agree=True)
    placement = services.teacher_placement_decide(
        actor=contact, placement=placement, agree=True, host_mentor="Mentor Mia"
    )
    assert placement.status == PlacementStatus.AGREED
    with pytest.raises(ServiceError):  # not started yet
        services.teacher_placement_complete(actor=contact, placement=placement)
    TeacherPlacement.objects.filter(pk=placement.pk).update(
        starts_on=timezone.localdate() - timedelta(days=5)
    )
    placement = services.teacher_placement_complete(actor=contact, placement=placement)
    assert placement.status == PlacementStatus.COMPLETED and placement.certificate_code
    page = Client().get(reverse("innovet:placement-certificate", args=[placement.certificate_code]))
    assert page.status_code == 200 and placement.company.name in page.content.decode()
    assert (
        Client().get(reverse("innovet:placement-certificate", args=["x" * 20])).status_code == 404
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_on": timezone.localdate() + timedelta(days=5)}, "ends_on"),  # ends before start
        ({"ends_on": timezone.localdate() + timedelta(days=600)}, "ends_on"),
        ({"starts_on": timezone.localdate() - timedelta(days=3)}, "starts_on"),
        ({"tasks": ""}, "tasks"),
        ({"replacement": " "}, "replacement"),
        ({"replacement": "x" * 201}, "replacement"),
    ],
)
def test_placement_bad_input_changes_nothing(change: dict[str, Any], field: str) -> None:
    with pytest.raises(ServiceError) as refused:
        _propose(**change)
    assert refused.value.field == field
    assert TeacherPlacement.objects.count() == 0


def test_placement_outsiders_and_a_school_not_a_company() -> None:
    placement = _propose()
    with pytest.raises(NotAllowed):
        services.teacher_placement_decide(
            actor=user_with_role("company_contact"), placement=placement, agree=True
        )
    with pytest.raises(ServiceError):
        _propose(company=f.school())
    other = user_with_role("company_contact")
    assert _client(other).get(reverse("innovet:placements")).status_code == 200
    assert (
        f'id="placement-{placement.pk}"'
        not in _client(other).get(reverse("innovet:placements")).content.decode()
    )
    assert (
        _client(user_with_role("rtc_staff")).get(reverse("innovet:placements")).status_code == 403
    )
    assert _api(other).get(f"/api/innovet/teacher-placements/{placement.pk}/").status_code == 404


def test_placement_pages_and_api() -> None:
    school = f.school()
    guide = user_with_role("guide", organisation=school)
    teacher = f.teacher_at(school)
    company = OrganisationFactory(kind=OrganisationKind.COMPANY)
    today = timezone.localdate()
    form = {
        "company": company.pk,
        "teacher": teacher.pk,
        "tasks": "Kennismaken met cobots.",
        "starts_on": (today + timedelta(days=20)).isoformat(),
        "ends_on": (today + timedelta(days=10)).isoformat(),
        "replacement": "Interim",
    }
    assert _client(guide).post(reverse("innovet:placements"), form).status_code == 400
    assert TeacherPlacement.objects.count() == 0
    form["ends_on"] = (today + timedelta(days=24)).isoformat()
    assert _client(guide).post(reverse("innovet:placements"), form).status_code == 302
    placement = TeacherPlacement.objects.get()
    contact = user_with_role("company_contact", organisation=company)
    response = _api(contact).post(
        f"/api/innovet/teacher-placements/{placement.pk}/decide/",
        {"agree": True, "host_mentor": "Mia"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["status"] == "agreed"
    created = _api(teacher).post(
        "/api/innovet/teacher-placements/",
        {**form, "teacher": teacher.pk, "ends_on": form["starts_on"]},
        format="json",
    )
    assert created.status_code == 201, created.content


def test_placement_list_query_count_does_not_grow() -> None:
    school = f.school()
    guide = user_with_role("guide", organisation=school)
    client = _client(guide)
    client.get(reverse("innovet:placements"))
    counts = []
    for size in (2, 10):
        while TeacherPlacement.objects.count() < size:
            f.TeacherPlacementFactory(school=school)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("innovet:placements")).content.decode()
        assert page.count('id="placement-') == size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


# ------------------------------------------------------------------ hybrid jobs


def test_hybrid_jobs_offered_by_companies_and_asked_for_by_schools() -> None:
    company = OrganisationFactory(kind=OrganisationKind.COMPANY)
    contact = user_with_role("company_contact", organisation=company)
    school = f.school()
    guide = user_with_role("guide", organisation=school)
    offer = services.hybrid_job_create(
        actor=contact, organisation=company, title="Praktijkleraar lassen", hours_per_week=8
    )
    ask = services.hybrid_job_create(
        actor=guide, organisation=school, title="Gezocht: expert zorg", hours_per_week=4
    )
    assert (offer.side, ask.side) == ("offer", "request")
    for bad in ({"hours_per_week": 0}, {"hours_per_week": 31}, {"title": ""}):
        with pytest.raises(ServiceError):
            services.hybrid_job_create(
                actor=contact,
                organisation=company,
                **{"title": "x", "hours_per_week": 8, **bad},  # type: ignore[arg-type]
            )
    assert HybridJob.objects.count() == 2
    page = _client(guide).get(reverse("innovet:hybrid-jobs"), {"kant": "offer"}).content.decode()
    assert f'id="hybrid-{offer.pk}"' in page and f'id="hybrid-{ask.pk}"' not in page
    with pytest.raises(NotAllowed):
        services.hybrid_job_close(actor=guide, job=offer, filled=True)
    services.hybrid_job_close(actor=contact, job=offer, filled=True)
    # a filled job is no longer seen by the other side
    page = _client(guide).get(reverse("innovet:hybrid-jobs")).content.decode()
    assert f'id="hybrid-{offer.pk}"' not in page
    assert _client(user_with_role("learner")).get(reverse("innovet:hybrid-jobs")).status_code == 403
    api = _api(contact).post(
        "/api/innovet/hybrid-jobs/", {"title": "CNC", "hours_per_week": 40}, format="json"
    )
    assert api.status_code == 400 and api.json()["field"] == "hours_per_week"


def test_hybrid_list_query_count_does_not_grow() -> None:
    client = _client(user_with_role("teacher", organisation=f.school()))
    client.get(reverse("innovet:hybrid-jobs"))
    counts = []
    for size in (2, 10):
        while HybridJob.objects.count() < size:
            f.HybridJobFactory()
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("innovet:hybrid-jobs")).content.decode()
        assert page.count('id="hybrid-') == size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_lateral_entrants_find_the_offers_meant_for_them() -> None:
    meant = f.OfferFactory(
        kind=OfferKind.SECTOR_TRAINING,
        title="Didactiek voor zij-instromers",
        for_lateral_entrants=True,
    )
    f.OfferFactory(kind=OfferKind.SECTOR_TRAINING, title="Lassen gevorderd")
    found = offers_search(None, OfferQuery(lateral_entry=True), record_empty=False)
    assert [o.pk for o in found.offers] == [meant.pk]
    landing = Client().get(reverse("innovet:lateral-entry"))
    assert landing.status_code == 302 and "zij=1" in landing["Location"]
    page = Client().get("/innovet/?zij=1").content.decode()
    assert "Didactiek voor zij-instromers" in page and "Lassen gevorderd" not in page


# ------------------------------------------------------------------ guest-teacher candidates


def test_the_mediator_moves_candidates_to_an_effective_match() -> None:
    company = OrganisationFactory(kind=OrganisationKind.COMPANY)
    contact = user_with_role("company_contact", organisation=company)
    mediator = user_with_role("department_education")
    candidate = services.candidate_create(
        actor=contact, company=company, initials="K.D.", expertise="robotlassen"
    )
    with pytest.raises(NotAllowed):
        services.candidate_move(actor=contact, candidate=candidate, stage="screened")
    with pytest.raises(ServiceError):  # no skipping stages
        services.candidate_move(actor=mediator, candidate=candidate, stage="matched")
    services.candidate_move(actor=mediator, candidate=candidate, stage="screened")
    services.candidate_move(actor=mediator, candidate=candidate, stage="available")
    open_request = f.GuestLessonRequestFactory()
    with pytest.raises(ServiceError):  # a match needs an agreed guest lesson
        services.candidate_move(
            actor=mediator, candidate=candidate, stage="matched", matched_request=open_request
        )
    agreed = f.GuestLessonRequestFactory(
        status=GuestLessonStatus.AGREED,
        matched_offer=f.OfferFactory(kind=OfferKind.GUEST_TEACHER),
        agreed_at=timezone.now(),
    )
    services.candidate_move(
        actor=mediator, candidate=candidate, stage="matched", matched_request=agreed
    )
    for bad in ({"initials": ""}, {"expertise": "x" * 201}):
        with pytest.raises(ServiceError):
            services.candidate_create(
                actor=contact,
                company=company,
                **{"initials": "A.", "expertise": "zorg", **bad},
            )
    indicators = _api(mediator).get("/api/innovet/guest-teacher-candidates/indicators/").json()
    assert indicators["matches"] == 1 and indicators["candidates"] == 1
    assert indicators["by_stage"][CandidateStage.MATCHED] == 1
    page = _client(mediator).get(reverse("innovet:candidates")).content.decode()
    assert 'id="kpi-matches">1<' in page
    # No agreed guest lesson the mediator sees: no list with nothing to choose from.
    assert f'id="stage-{candidate.pk}"' in page and 'name="matched_request"' not in page
    assert _client(user_with_role("teacher")).get(reverse("innovet:candidates")).status_code == 403
    other = user_with_role("company_contact")
    assert (
        f'id="candidate-{candidate.pk}"'
        not in _client(other).get(reverse("innovet:candidates")).content.decode()
    )


def test_candidate_list_query_count_does_not_grow() -> None:
    client = _client(user_with_role("department_education"))
    client.get(reverse("innovet:candidates"))
    counts = []
    for size in (2, 10):
        while GuestTeacherCandidate.objects.count() < size:
            f.CandidateFactory()
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("innovet:candidates")).content.decode()
        assert page.count('id="candidate-') == size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


# ------------------------------------------------------------------ TA, plan, API endpoints


def test_the_technical_advisers_page_and_the_plan_for_every_school_role() -> None:
    school = f.school()
    adviser = user_with_role("technical_adviser", organisation=school)
    placement = f.TeacherPlacementFactory(school=school, status=PlacementStatus.AGREED)
    f.TenDayRequestFactory(school=school, class_group="5 Mechanica")
    page = _client(adviser).get(reverse("innovet:adviser-desk")).content.decode()
    assert placement.company.name in page and "5 Mechanica" in page
    for role in ("teacher", "guide", "technical_adviser"):
        user = user_with_role(role, organisation=school)
        assert _client(user).get(reverse("innovet:plan")).status_code == 200, role
    assert (
        _client(user_with_role("company_contact")).get(reverse("innovet:plan")).status_code == 403
    )
    assert (
        _client(user_with_role("teacher")).get(reverse("innovet:adviser-desk")).status_code == 403
    )
    home = _client(adviser).get("/").content.decode()
    assert reverse("innovet:adviser-desk") in home


def test_certificates_guest_requests_and_bookings_have_endpoints() -> None:
    registration = f.RegistrationFactory()
    certificate = f.CertificateFactory(registration=registration)
    teacher = registration.teacher
    own = _api(teacher).get("/api/innovet/certificates/").json()
    assert [c["code"] for c in own["results"]] == [certificate.code]
    assert _api(f.teacher_at(f.school())).get("/api/innovet/certificates/").json()["count"] == 0

    school = f.school()
    guide = user_with_role("guide", organisation=school)
    guest_offer = f.OfferFactory(kind=OfferKind.GUEST_TEACHER)
    created = _api(guide).post(
        "/api/innovet/guest-requests/",
        {"topic": "Waterstof", "offer": guest_offer.pk},
        format="json",
    )
    assert created.status_code == 201, created.content
    refused = _api(guide).post("/api/innovet/guest-requests/", {"topic": " "}, format="json")
    assert refused.status_code == 400
    contact = user_with_role("company_contact", organisation=guest_offer.provider)
    pk = created.json()["id"]
    agreed = _api(contact).post(
        f"/api/innovet/guest-requests/{pk}/agree/",
        {"lesson_date": (timezone.localdate() + timedelta(days=9)).isoformat()},
        format="json",
    )
    assert agreed.status_code == 200 and agreed.json()["status"] == "agreed"
    assert (
        _api(user_with_role("company_contact"))
        .get(f"/api/innovet/guest-requests/{pk}/")
        .status_code
        == 404
    )

    infra = f.OfferFactory(kind=OfferKind.INFRASTRUCTURE)
    start = timezone.now() + timedelta(days=3)
    body = {"offer": infra.pk, "starts_at": start.isoformat(), "ends_at": start.isoformat()}
    assert _api(guide).post("/api/innovet/bookings/", body, format="json").status_code == 400
    body["ends_at"] = (start + timedelta(hours=2)).isoformat()
    booked = _api(guide).post("/api/innovet/bookings/", body, format="json")
    assert booked.status_code == 201, booked.content
    cancelled = _api(guide).post(f"/api/innovet/bookings/{booked.json()['id']}/cancel/")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert _api(user_with_role("learner")).get("/api/innovet/bookings/").status_code == 403


@pytest.mark.parametrize(
    "endpoint",
    [
        "/api/innovet/certificates/",
        "/api/innovet/guest-requests/",
        "/api/innovet/bookings/",
        "/api/innovet/teacher-placements/",
        "/api/innovet/hybrid-jobs/",
        "/api/innovet/guest-teacher-candidates/",
    ],
)
def test_api_lists_are_paged_and_do_not_grow_in_queries(endpoint: str) -> None:
    admin = user_with_role("platform_admin")
    api = _api(admin)
    api.get(endpoint)
    makers = {
        "certificates": lambda: f.CertificateFactory(registration=f.RegistrationFactory()),
        "guest-requests": lambda: f.GuestLessonRequestFactory(),
        "bookings": lambda: f.BookingFactory(),
        "teacher-placements": lambda: f.TeacherPlacementFactory(),
        "hybrid-jobs": lambda: f.HybridJobFactory(),
        "guest-teacher-candidates": lambda: f.CandidateFactory(),
    }
    make = makers[endpoint.split("/")[3]]
    counts = []
    for size in (2, 6):
        made = api.get(endpoint).json()["count"]
        for _ in range(size - made):
            make()
        with CaptureQueriesContext(connection) as queries:
            body = api.get(endpoint + "?limit=500").json()
        assert body["count"] == size and len(body["results"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_metrics_count_ten_day_classes_and_completed_placements() -> None:
    from datetime import date

    from brug.core.metrics import MetricScope, metric_get
    from brug.innovet.models import TenDayStatus

    today = timezone.localdate()
    f.TenDayRequestFactory(status=TenDayStatus.RUNNING, days_held=1)
    f.TenDayRequestFactory()  # only requested: not counted
    f.TeacherPlacementFactory(status=PlacementStatus.COMPLETED, certificate_code="c" * 20)
    f.TeacherPlacementFactory()
    scope = MetricScope(start=today, end=today + timedelta(days=60))
    assert metric_get("innovet.ten_day_classes").compute(scope) == 1
    assert metric_get("innovet.company_placements_completed").compute(scope) == 1
    elsewhere = MetricScope(start=date(2000, 1, 1), end=date(2000, 12, 31))
    assert metric_get("innovet.ten_day_classes").compute(elsewhere) == 0


@pytest.mark.parametrize("pk", ["abc", "99999999999999999999999", "0"])
@pytest.mark.parametrize(
    "route",
    [
        "ten-day-requests/{pk}/day/",
        "teacher-placements/{pk}/complete/",
        "guest-requests/{pk}/cancel/",
        "bookings/{pk}/cancel/",
        "guest-teacher-candidates/{pk}/move/",
    ],
)
def test_a_bad_id_on_an_action_is_a_404_never_a_500(route: str, pk: str) -> None:
    admin = user_with_role("platform_admin")
    response = _api(admin).post("/api/innovet/" + route.format(pk=pk), {}, format="json")
    assert response.status_code == 404, response.content[:200]
    page = _client(admin).post(f"/innovet/10-dagen/{pk}/day/")
    assert page.status_code == 404


def test_the_other_side_responds_to_an_open_hybrid_job() -> None:
    from brug.core.models import Notification

    company = OrganisationFactory(kind=OrganisationKind.COMPANY)
    contact = user_with_role("company_contact", organisation=company)
    job = f.HybridJobFactory(organisation=company, created_by=contact)
    school = f.school()
    adviser = user_with_role("technical_adviser", organisation=school)
    other_company = user_with_role("company_contact")
    refused = _api(other_company).post(
        f"/api/innovet/hybrid-jobs/{job.pk}/respond/", {"message": "Interesse"}, format="json"
    )
    assert refused.status_code == 400 and refused.json()["code"] == "wrong_side"
    empty = _api(adviser).post(
        f"/api/innovet/hybrid-jobs/{job.pk}/respond/", {"message": " "}, format="json"
    )
    assert empty.status_code == 400
    assert not Notification.objects.filter(recipient=contact).exists()
    _client(adviser).post(
        reverse("innovet:hybrid-job-action", args=[job.pk, "respond"]),
        {"message": "Wij zoeken iemand voor 8 uur."},
    )
    note = Notification.objects.get(recipient=contact)
    assert school.name in note.body and "8 uur" in note.body
    assert (
        _api(user_with_role("teacher"))
        .post(f"/api/innovet/hybrid-jobs/{job.pk}/respond/", {"message": "x"}, format="json")
        .status_code
        == 403
    )


def test_the_technical_adviser_asks_for_a_guest_lesson_and_books_infrastructure() -> None:
    from brug.innovet.models import Booking, GuestLessonRequest

    school = f.school()
    adviser = user_with_role("technical_adviser", organisation=school)
    client = _client(adviser)
    client.post(reverse("innovet:guest-requests"), {"topic": "Gastles waterstof"})
    assert GuestLessonRequest.objects.get().school == school
    infra = f.OfferFactory(kind=OfferKind.INFRASTRUCTURE)
    start = timezone.localtime() + timedelta(days=4)
    client.post(
        reverse("innovet:booking-create", args=[infra.pk]),
        {
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert Booking.objects.get().school == school
