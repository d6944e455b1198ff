from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from brug.accounts.tests.factories import user_with_role
from brug.covenants import models as m
from brug.covenants.tests import factories as f

pytestmark = pytest.mark.django_db


def test_public_api_lists_only_published_covenants() -> None:
    draft = f.CovenantFactory()
    published = f.CovenantFactory(status="running")
    body = APIClient().get("/api/covenants/covenants/").json()
    rows = body["results"] if isinstance(body, dict) else body
    ids = {row["id"] for row in rows}
    assert published.pk in ids and draft.pk not in ids
    assert APIClient().get("/api/covenants/commitments/").status_code in (401, 403)
    assert APIClient().get(f"/api/covenants/covenants/{draft.pk}/").status_code == 404


def test_commitment_without_target_is_a_bilingual_400(fund_user) -> None:
    covenant, consultant = fund_user
    action = f.ActionFactory(covenant=covenant)
    client = APIClient()
    client.force_authenticate(consultant)
    response = client.post(
        "/api/covenants/commitments/",
        {
            "action": action.pk,
            "kind": "result",
            "owner": "sector",
            "description": "x",
            "unit": "count",
            "deadline": "2022-12-31",
        },
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "target_required" and body["field"] == "target_value"
    assert body["detail_nl"] and body["detail_en"]
    assert not m.Commitment.objects.exists()


def test_work_flow_through_the_api(fund_user, dept_user) -> None:
    covenant, consultant = fund_user
    f.ActionFactory(covenant=covenant)
    client = APIClient()
    client.force_authenticate(consultant)
    url = f"/api/covenants/covenants/{covenant.pk}/transition/"
    assert client.post(url, {"transition": "submit"}, format="json").status_code == 200
    assert client.post(url, {"transition": "approve"}, format="json").status_code == 403
    client.force_authenticate(dept_user)
    assert client.post(url, {"transition": "approve"}, format="json").status_code == 200
    covenant.refresh_from_db()
    assert covenant.status == "approved"
    outsider = user_with_role("teacher")
    client.force_authenticate(outsider)
    assert client.post(url, {"transition": "start"}, format="json").status_code in (403, 404)
