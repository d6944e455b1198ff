from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from brug.education import models as m
from brug.education.tests.factories import AdviceFactory, RoundFactory

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


def _rows(response):  # type: ignore[no-untyped-def]
    body = response.json()
    return body["results"] if isinstance(body, dict) else body


def test_a_consultation_round_through_the_api(table) -> None:
    closes_on = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    response = _api(table.department).post(
        "/api/education/rounds/",
        {"covenant": table.covenant.pk, "closes_on": closes_on},
        format="json",
    )
    assert response.status_code == 201, response.content
    rnd_id = response.json()["id"]
    action = table.actions[1]
    response = _api(table.council_user).post(
        "/api/education/advice/",
        {"round": rnd_id, "action": action.pk, "position": "remarks", "text": "Ook buso"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["organisation"] == table.council.name
    advice = _rows(_api(table.consultant).get("/api/education/advice/"))
    assert [a["text"] for a in advice] == ["Ook buso"]
    response = _api(table.department).post(f"/api/education/rounds/{rnd_id}/close/")
    assert response.status_code == 200 and response.json()["status"] == "closed"


def test_bad_input_is_a_bilingual_400_and_changes_nothing(table) -> None:
    client = _api(table.department)
    for body in (
        {"covenant": table.covenant.pk, "closes_on": "2020-01-01"},
        {"covenant": table.covenant.pk, "closes_on": "not-a-date"},
        {"covenant": "x", "closes_on": "2030-01-01"},
        {"covenant": table.covenant.pk, "closes_on": "2030-01-01", "note": "x" * 6000},
        {},
    ):
        response = client.post("/api/education/rounds/", body, format="json")
        assert response.status_code == 400, (body, response.content)
    response = client.post(
        "/api/education/rounds/",
        {"covenant": table.covenant.pk, "closes_on": "2020-01-01"},
        format="json",
    )
    assert {"detail_nl", "detail_en"} <= set(response.json())
    assert not m.ConsultationRound.objects.exists()
    rnd = RoundFactory(covenant=table.covenant)
    council = _api(table.council_user)
    for body in (
        {"round": rnd.pk, "action": table.actions[0].pk, "position": "maybe"},
        {"round": rnd.pk, "action": table.other_action.pk, "position": "supports"},
        {"round": rnd.pk, "action": table.actions[0].pk, "position": "concerns", "text": ""},
        {"round": rnd.pk, "action": "abc", "position": "supports"},
    ):
        response = council.post("/api/education/advice/", body, format="json")
        assert response.status_code == 400, (body, response.content)
    assert not m.Advice.objects.exists()


def test_outsiders_and_the_public_get_nothing(table) -> None:
    rnd = RoundFactory(covenant=table.covenant)
    AdviceFactory(round=rnd, action=table.actions[0])
    public = APIClient()
    assert public.get("/api/education/rounds/").status_code in (401, 403)
    assert public.get("/api/education/advice/").status_code in (401, 403)
    outsider = _api(table.outsider)
    assert outsider.get("/api/education/rounds/").status_code == 403
    # An object the caller may not see answers 404, never 403 (issue 11 §7).
    assert outsider.get(f"/api/education/rounds/{rnd.pk}/").status_code == 404
    body = {"covenant": table.covenant.pk, "closes_on": "2030-01-01"}
    assert outsider.post("/api/education/rounds/", body, format="json").status_code == 403
    body = {"round": rnd.pk, "action": table.actions[0].pk, "position": "supports"}
    assert outsider.post("/api/education/advice/", body, format="json").status_code == 403
    assert outsider.post(f"/api/education/rounds/{rnd.pk}/close/").status_code == 404
    # The network sees only its own advice, not the council's.
    assert _rows(_api(table.network_user).get("/api/education/advice/")) == []
    # A consultant may see the round but not close it.
    response = _api(table.consultant).post(f"/api/education/rounds/{rnd.pk}/close/")
    assert response.status_code == 403
    assert m.ConsultationRound.objects.get().is_open


def test_api_list_query_budget(table) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _api(table.department)
    AdviceFactory(round=RoundFactory(covenant=table.covenant), action=table.actions[0])

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    count("/api/education/rounds/")  # warm-up: the first request also loads the user's roles
    few = (count("/api/education/rounds/"), count("/api/education/advice/"))
    assert max(few) <= 6
    for _ in range(8):
        AdviceFactory()
    assert (count("/api/education/rounds/"), count("/api/education/advice/")) == few
