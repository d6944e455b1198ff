"""Issue 17 §1: the real 2021-2022 generation shows only its facts, on pages, exports and the API;
generated content lives on the demo generation and is marked there."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from brug.accounts.tests.factories import user_with_role
from brug.covenants import models as m
from brug.covenants.demo import DEMO_CODE, demo_covenants
from brug.covenants.tests.test_demo import _world

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("brug.covenants.demo.timezone.localdate", lambda: dt.date(2026, 11, 15))
    ctx = _world()
    demo_covenants(ctx)
    return (
        m.CovenantGeneration.objects.get(code="2021-2022"),
        m.CovenantGeneration.objects.get(code=DEMO_CODE),
    )


def _rows(body):  # type: ignore[no-untyped-def]
    return body["results"] if isinstance(body, dict) else body


def test_analysis_of_2021_2022_says_no_data_recorded_instead_of_a_count(client, demo_world) -> None:
    real, demo = demo_world
    page = client.get(reverse("covenants:analysis") + f"?generatie={real.code}")
    assert page.status_code == 200
    assert not page.context["has_actions"]
    assert "Geen acties geregistreerd voor deze generatie" in page.text
    assert "illustratief" not in page.text
    export = client.get(reverse("covenants:analysis") + f"?generatie={real.code}&formaat=xlsx")
    values = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert len(values) == 2 and "Geen gegevens geregistreerd" in str(values[1][0])
    # The demo generation has the generated actions, marked as illustrative.
    staff = user_with_role("department_work")
    client.force_login(staff)
    shown = client.get(reverse("covenants:analysis") + f"?generatie={demo.code}")
    assert shown.context["has_actions"] and "illustratief" in shown.text


def test_discrimination_page_of_2021_2022_shows_the_recorded_approach_not_rates(
    client, all_37
) -> None:
    page = client.get(reverse("covenants:discrimination") + f"?generatie={all_37.code}")
    assert page.status_code == 200
    assert page.context["grid"] == []
    assert "Geen gegevens geregistreerd" in page.text
    plans = {value: sectors for value, _label, sectors in page.context["plans"]}
    assert len(plans["correspondence_test"]) == 32
    assert len(plans["survey"]) == 2 and len(plans["risk_analysis_only"]) == 2
    assert len(plans["earlier_mystery_calls"]) == 1
    rates = page.text.split("Aanpak per sector")[0].split("<tbody>")[1].split("</tbody>")[0]
    assert "%" not in rates and "(n=" not in rates


def test_api_carries_no_generated_figure_on_2021_2022(demo_world) -> None:
    real, demo = demo_world
    client = APIClient()
    client.force_authenticate(user_with_role("department_work"))
    generations = {g["code"]: g for g in _rows(client.get("/api/covenants/generations/").json())}
    assert generations[real.code]["is_demo"] is False
    assert generations[demo.code]["is_demo"] is True
    covenants = _rows(client.get("/api/covenants/covenants/?limit=500").json())
    real_ids = {c["id"] for c in covenants if c["generation"] == real.code}
    assert real_ids
    for c in covenants:
        if c["id"] in real_ids:
            assert c["consultant_fte"] is None and not c["consultant_fte_is_illustrative"]
    addenda = _rows(client.get("/api/covenants/addenda/?limit=500").json())
    for a in addenda:
        if a["covenant"] in real_ids:
            assert not a["budget_is_illustrative"]
            if a["kind"] == "dual_learning":
                assert a["budget_eur"] is None
    for path in ("actions", "evaluations", "measurements", "progress-reports"):
        rows = _rows(client.get(f"/api/covenants/{path}/?limit=500").json())
        assert rows, path  # the demo generation has them ...
        covenant_of = {
            "measurements": lambda r: (
                m.DiscriminationMeasurement.objects.get(pk=r["id"]).addendum.covenant_id
            ),
        }.get(path, lambda r: r["covenant"])
        assert not {covenant_of(r) for r in rows} & real_ids, path  # ... 2021-2022 has none
    measurements = _rows(client.get("/api/covenants/measurements/").json())
    assert all(r["is_illustrative"] for r in measurements)


def test_addenda_and_indicators_endpoints_follow_the_matrix(demo_world) -> None:
    public = APIClient()
    rows = _rows(public.get("/api/covenants/addenda/?limit=500").json())
    published = set(
        m.Covenant.objects.filter(status__in=m.PUBLISHED_STATUSES).values_list("pk", flat=True)
    )
    assert rows and {r["covenant"] for r in rows} <= published
    assert public.get("/api/covenants/indicators/").status_code in (401, 403)
    assert public.get("/api/covenants/measurements/").status_code in (401, 403)
    staff = APIClient()
    staff.force_authenticate(user_with_role("department_work"))
    indicators = _rows(staff.get("/api/covenants/indicators/?limit=500").json())
    assert indicators and all(set(r) >= {"metric_key", "is_computed"} for r in indicators)


@pytest.mark.parametrize("path", ["addenda", "indicators", "measurements"])
def test_new_endpoints_have_a_query_budget(path: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from brug.covenants.tests import factories as f

    client = APIClient()
    client.force_authenticate(user_with_role("department_work"))
    generation = f.GenerationFactory()

    def grow(n: int) -> None:
        for _ in range(n):
            covenant = f.CovenantFactory(generation=generation)
            addendum = f.AddendumFactory(covenant=covenant)
            addendum.shared_with.add(f.CovenantFactory(generation=generation))
            measurement = f.MeasurementFactory(addendum=addendum)
            m.DiscriminationResult.objects.create(
                measurement=measurement, ground="age", tests=10, unfavourable=1
            )
            commitment = f.CommitmentFactory(action=f.ActionFactory(covenant=covenant))
            m.Indicator.objects.create(commitment=commitment, unit="count")

    client.get(f"/api/covenants/{path}/")  # warm up per-user caches
    counts = []
    for n in (2, 8):
        grow(n)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/covenants/{path}/")
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 6, counts
