"""Issue 11 §2/§7: a non-numeric or absurd id on the covenant action endpoints answers a
problem-details 404 (never a 500); an object the caller may not see answers 404, not 403."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from brug.covenants.tests import factories as f

pytestmark = pytest.mark.django_db


def _api(user: Any) -> APIClient:
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user)
    return client


def _assert_404_problem(response: Any) -> None:
    assert response.status_code == 404, response.content[:300]
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 404 and body["detail_nl"] and body["detail_en"]


@pytest.mark.parametrize("pk", ["abc", "1e3", "99999999999999999999999", "-1"])
@pytest.mark.parametrize(
    "path", ["covenants/{pk}/transition/", "progress-reports/{pk}/submit/"], ids=["cov", "report"]
)
def test_bad_id_on_covenant_actions_is_a_404(fund_user: Any, path: str, pk: str) -> None:
    _, consultant = fund_user
    response = _api(consultant).post(
        "/api/covenants/" + path.format(pk=pk), {"transition": "submit"}, format="json"
    )
    _assert_404_problem(response)


def test_another_sectors_covenant_is_a_404_not_a_403(fund_user: Any) -> None:
    _, consultant = fund_user
    other = f.CovenantFactory()
    response = _api(consultant).post(
        f"/api/covenants/covenants/{other.pk}/transition/",
        {"transition": "submit", "note": ""},
        format="json",
    )
    _assert_404_problem(response)
