"""API: reads are filtered by the matrix, writes go through services, refusals are bilingual."""

from __future__ import annotations

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from brug.accounts.tests.factories import user_with_role
from brug.workplace import models as m
from brug.workplace.tests import factories as f
from brug.workplace.tests.world import World

pytestmark = pytest.mark.django_db
API = "/api/workplace/"


def _api(user: object) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_recognition_flow_through_the_api(world: World) -> None:
    company = _api(world.company_user)
    response = company.post(
        API + "recognitions/",
        {
            "company": world.company.pk,
            "site": world.site.pk,
            "programme": world.programme.pk,
            "activities": "Lassen",
            "mentors": [world.mentor.pk],
            "submit": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["partnership"] == world.partnership.pk
    assert (
        company.post(API + f"recognitions/{pk}/transition/", {"name": "approve"}).status_code == 403
    )
    reviewer = _api(world.reviewer)
    refused = reviewer.post(
        API + f"recognitions/{pk}/transition/", {"name": "refuse"}, format="json"
    )
    assert refused.status_code == 400
    assert (
        refused.json()["detail_nl"]
        and refused.json()["detail_en"]
        and refused.json()["code"] == "reason_required"
    )
    f.conditions_met(m.Recognition.objects.get(pk=pk))
    approved = reviewer.post(
        API + f"recognitions/{pk}/transition/", {"name": "approve"}, format="json"
    )
    assert approved.status_code == 200 and approved.json()["is_recognised"]


def test_opening_zero_capacity_is_400_bilingual(world: World) -> None:
    rec = f.RecognisedFactory(company=world.company, site=world.site, programme=world.programme)
    response = _api(world.company_user).post(
        API + "openings/",
        {
            "workplace": rec.pk,
            "kind": "dual",
            "start": f.TODAY.isoformat(),
            "end": (f.TODAY + timedelta(days=30)).isoformat(),
            "capacity": 0,
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "capacity"
    assert m.Opening.objects.count() == 0


def test_openings_sorted_by_distance(world: World) -> None:
    near = f.OpeningFactory(workplace__site__latitude=51.0, workplace__site__longitude=4.0)
    far = f.OpeningFactory(workplace__site__latitude=51.3, workplace__site__longitude=4.0)
    town = f.rf.MunicipalityFactory(name_nl="Puntstad", latitude=51.01, longitude=4.0)
    rows = APIClient().get(API + "openings/", {"place": "Puntstad", "radius": "50"}).json()
    assert [r["id"] for r in rows] == [near.pk, far.pk]
    assert rows[0]["distance_km"] < rows[1]["distance_km"]
    rows = APIClient().get(API + "openings/", {"place": town.name_nl, "radius": "5"}).json()
    assert [r["id"] for r in rows] == [near.pk]


def test_learner_api_hides_support_need_and_identity_from_company(world: World) -> None:
    learner = f.LearnerFactory(school=world.school, has_support_need=True)
    f.LearnerIdentityFactory(learner=learner, last_name="Geheim")
    opening = f.OpeningFactory(workplace__company=world.company)
    f.ApplicationFactory(learner=learner, opening=opening)
    rows = _api(world.company_user).get(API + "learners/").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert [r["pseudonym"] for r in rows] == [learner.pseudonym]
    assert all("has_support_need" not in r for r in rows)
    data = _api(world.company_user).get(API + f"learners/{learner.pk}/").json()
    assert "has_support_need" not in data and "Geheim" not in str(data)
    school = _api(world.guide).get(API + f"learners/{learner.pk}/").json()
    assert school["has_support_need"] is True


@pytest.mark.parametrize(
    "endpoint",
    [
        "recognitions",
        "mentors",
        "learners",
        "applications",
        "placements",
        "training-plans",
        "contacts",
    ],
)
def test_outsider_sees_nothing_on_every_endpoint(world: World, endpoint: str) -> None:
    f.PlacementFactory(opening__workplace__company=world.company, learner__school=world.school)
    f.RecognitionFactory(company=world.company)
    f.ContactFactory(company=world.company)
    f.MentorFactory(company=world.company)
    outsider = user_with_role("company_contact")
    response = _api(outsider).get(API + f"{endpoint}/")
    if response.status_code == 200:
        body = response.json()
        rows = body["results"] if isinstance(body, dict) else body
        # only what the public may see: recognised workplaces
        assert all(row.get("is_recognised") for row in rows), rows
    else:
        assert response.status_code in (403, 404)
    anonymous = APIClient().get(API + f"{endpoint}/")
    if anonymous.status_code == 200:
        body = anonymous.json()
        rows = body["results"] if isinstance(body, dict) else body
        assert all(row.get("is_recognised") for row in rows), rows
    else:
        assert anonymous.status_code in (401, 403)
