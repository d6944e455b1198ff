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


def _commitment(fund_user: Any, **extra: Any) -> Any:
    covenant, consultant = fund_user
    action = f.ActionFactory(covenant=covenant)
    body = {
        "action": action.pk,
        "kind": "result",
        "owner": "sector",
        "description": "Meer werkplekken",
        "unit": "count",
        "target_value": "10",
        "deadline": "2022-12-31",
        **extra,
    }
    return _api(consultant).post("/api/covenants/commitments/", body, format="json")


@pytest.mark.parametrize(
    "extra",
    [
        {"target_value": "1e400"},
        {"target_value": "9" * 40},
        {"deadline": "0001-01-01"},
        {"deadline": "9999-12-31"},
        {"description": "d" * 100_000},
    ],
    ids=["1e400", "40-digits", "year-1", "year-9999", "100k-description"],
)
def test_absurd_commitment_is_a_400_and_not_stored(fund_user: Any, extra: dict[str, Any]) -> None:
    from brug.covenants import models as m

    response = _commitment(fund_user, **extra)
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["field"] == next(iter(extra))
    assert m.Commitment.objects.count() == 0


def test_a_sensible_commitment_is_stored(fund_user: Any) -> None:
    assert _commitment(fund_user).status_code == 201


def test_transition_note_is_bounded(fund_user: Any) -> None:
    covenant, consultant = fund_user
    f.ActionFactory(covenant=covenant)
    response = _api(consultant).post(
        f"/api/covenants/covenants/{covenant.pk}/transition/",
        {"transition": "submit", "note": "n" * 5001},
        format="json",
    )
    assert response.status_code == 400 and response.json()["field"] == "note"
    covenant.refresh_from_db()
    assert covenant.status == "draft" and covenant.review_note == ""
