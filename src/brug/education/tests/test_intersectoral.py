from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from brug.accounts.tests.factories import user_with_role
from brug.core.errors import NotAllowed, ServiceError
from brug.covenants.tests import factories as cf
from brug.education import models as m
from brug.education import services
from brug.education.tests.factories import IntersectoralActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Any]:
    generation = cf.GenerationFactory()
    # The fund's own draft and two approved (published) covenants of other sectors.
    covenants = [cf.CovenantFactory(generation=generation)] + [
        cf.CovenantFactory(generation=generation, status="approved") for _ in range(2)
    ]
    return {
        "generation": generation,
        "covenants": covenants,
        "consultant": user_with_role("consultant", organisation=covenants[0].sector_fund),
        "outsider_fund": user_with_role("consultant"),
    }


def _create(world: dict[str, Any], actor: Any = None, **kwargs: Any) -> m.IntersectoralAction:
    values: dict[str, Any] = {
        "generation": world["generation"],
        "category": "intersectoral",
        "title": "Gezamenlijke STEM-promotie",
        "covenants": world["covenants"][:2],
    }
    values.update(kwargs)
    return services.intersectoral_action_create(actor=actor or world["consultant"], **values)


def test_a_sector_fund_records_a_shared_action(world: dict[str, Any]) -> None:
    action = _create(world)
    assert set(action.covenants.all()) == set(world["covenants"][:2])
    with pytest.raises(NotAllowed):  # its own covenant does not take part
        _create(world, world["outsider_fund"])
    with pytest.raises(NotAllowed):
        _create(world, user_with_role("network_staff"))
    assert m.IntersectoralAction.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"category": "nonsense"}, "bad_category"),
        ({"title": ""}, "required"),
        ({"title": "x" * 201}, "too_long"),
        ({"description": "x" * 2001}, "too_long"),
        ({"covenants": "one"}, "too_few_sectors"),
        ({"covenants": "other_generation"}, "other_generation"),
    ],
)
def test_bad_input_changes_nothing(
    world: dict[str, Any], changes: dict[str, Any], code: str
) -> None:
    if changes.get("covenants") == "one":
        changes["covenants"] = [world["covenants"][0], world["covenants"][0]]
    elif changes.get("covenants") == "other_generation":
        changes["covenants"] = [world["covenants"][0], cf.CovenantFactory()]
    with pytest.raises(ServiceError) as exc:
        _create(world, **changes)
    assert exc.value.code == code
    assert not m.IntersectoralAction.objects.exists()


def test_page_and_api(world: dict[str, Any]) -> None:
    client = Client()
    client.force_login(world["consultant"])
    response = client.post(
        "/onderwijsoverleg/intersectoraal/",
        {
            "generation": world["generation"].pk,
            "category": "intersectoral",
            "title": "Samen opleiden",
            "covenants": [c.pk for c in world["covenants"][:2]],
        },
    )
    assert response.status_code == 302
    response = client.post(
        "/onderwijsoverleg/intersectoraal/",
        {
            "generation": world["generation"].pk,
            "category": "intersectoral",
            "title": "Alleen",
            "covenants": [world["covenants"][0].pk],
        },
    )
    assert response.status_code == 400 and "twee sectoren" in response.content.decode()
    assert "Samen opleiden" in client.get("/onderwijsoverleg/intersectoraal/").content.decode()
    api = APIClient()
    api.force_authenticate(world["consultant"])
    body = {
        "generation": world["generation"].code,
        "category": "intersectoral",
        "title": "Via de API",
        "covenants": [c.pk for c in world["covenants"]],
    }
    assert api.post("/api/education/intersectoral-actions/", body, format="json").status_code == 201
    for bad in (
        {"covenants": [999999, world["covenants"][0].pk]},
        {"generation": "nope"},
        {"covenants": "x"},
        {"category": "x"},
    ):
        response = api.post("/api/education/intersectoral-actions/", {**body, **bad}, format="json")
        assert response.status_code in (400, 404), (bad, response.content)
    assert m.IntersectoralAction.objects.count() == 2


def test_outsiders(world: dict[str, Any]) -> None:
    action = IntersectoralActionFactory(
        generation=world["generation"], covenants=world["covenants"][:2]
    )
    company = Client()
    company.force_login(user_with_role("company_contact"))
    assert company.get("/onderwijsoverleg/intersectoraal/").status_code == 403
    outsider = Client()
    outsider.force_login(world["outsider_fund"])
    page = outsider.get("/onderwijsoverleg/intersectoraal/")
    assert page.status_code == 200 and action.title not in page.content.decode()
    api = APIClient()
    api.force_authenticate(world["outsider_fund"])
    assert api.get(f"/api/education/intersectoral-actions/{action.pk}/").status_code == 404
    assert APIClient().get("/api/education/intersectoral-actions/").status_code in (401, 403)
    council = Client()
    council.force_login(user_with_role("education_council"))
    page = council.get("/onderwijsoverleg/intersectoraal/")
    assert action.title in page.content.decode() and "Bewaren" not in page.content.decode()
    assert council.post("/onderwijsoverleg/intersectoraal/", {}).status_code == 403


def test_query_budget(world: dict[str, Any]) -> None:
    user = user_with_role("intersectoral_adviser")
    client = Client()
    client.force_login(user)
    api = APIClient()
    api.force_authenticate(user)
    IntersectoralActionFactory(generation=world["generation"], covenants=world["covenants"][:2])

    def count() -> tuple[int, int]:
        out = []
        for c, url in (
            (client, "/onderwijsoverleg/intersectoraal/"),
            (api, "/api/education/intersectoral-actions/"),
        ):
            with CaptureQueriesContext(connection) as ctx:
                assert c.get(url).status_code == 200
            out.append(len(ctx.captured_queries))
        return out[0], out[1]

    count()
    few = count()
    for _ in range(6):
        IntersectoralActionFactory(generation=world["generation"], covenants=world["covenants"])
    assert count() == few
