"""Issue 11 §2: absurd ids and numbers on the monitoring endpoints never give a 500."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from brug.accounts.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def _api(user: Any) -> APIClient:
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/api/monitoring/shortage/99999999999999999999999/1/",
        "/api/monitoring/shortage/1/99999999999999999999999/",
        "/api/monitoring/shortage/?programme=99999999999999999999999",
        "/api/monitoring/shortage/?province=99999999999999999999999&limit=99999999999999999999",
        "/api/monitoring/snapshots/?limit=99999999999999999999999&offset=99999999999999999999",
    ],
)
def test_huge_ids_on_the_shortage_endpoints_are_4xx(path: str) -> None:
    response = _api(user_with_role("department_work")).get(path)
    assert 400 <= response.status_code < 500 or response.status_code == 200, response.content
    if response.status_code >= 400:
        assert response["Content-Type"].startswith("application/problem+json")
        assert response.json()["detail_nl"] and response.json()["detail_en"]
