"""Management pages: reporting windows, addenda, non-discrimination measurements and plan."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from brug.accounts.tests.factories import user_with_role
from brug.covenants import models as m
from brug.covenants.tests import factories as f

pytestmark = pytest.mark.django_db

WINDOW = {
    "label": "2021 K2",
    "period_start": "2021-04-01",
    "period_end": "2021-06-30",
    "opens_on": "2021-06-15",
    "closes_on": "2021-07-31",
}


def _login(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client


# ------------------------------------------------------------------ reporting windows


def test_department_creates_a_reporting_window(client, dept_user) -> None:
    generation = f.GenerationFactory()
    _login(client, dept_user)
    listing = client.get(reverse("covenants:list") + f"?generatie={generation.code}")
    url = reverse("covenants:window_new", args=[generation.pk])
    assert url in listing.text
    page = client.get(url)
    assert page.status_code == 200
    assert '<label for="id_closes_on">' in page.text
    response = client.post(url, WINDOW)
    assert response.status_code == 302
    assert response["Location"] == reverse("covenants:list") + f"?generatie={generation.code}"
    assert [str(x) for x in get_messages(response.wsgi_request)] == ["Venster toegevoegd"]
    window = m.ReportingWindow.objects.get(generation=generation)
    assert window.label == "2021 K2"
    assert str(window.closes_on) == "2021-07-31"


def test_window_with_close_before_open_shows_the_error(client, dept_user) -> None:
    generation = f.GenerationFactory()
    _login(client, dept_user)
    response = client.post(
        reverse("covenants:window_new", args=[generation.pk]),
        {**WINDOW, "closes_on": "2021-06-01"},
    )
    assert response.status_code == 200
    assert "verkeerde volgorde" in response.text
    assert 'aria-describedby="id_closes_on_error"' in response.text
    assert not m.ReportingWindow.objects.exists()


@pytest.mark.parametrize("role", ["company_contact", "teacher", "consultant"])
def test_outsiders_cannot_create_windows(client, role) -> None:
    generation = f.GenerationFactory()
    _login(client, user_with_role(role))
    url = reverse("covenants:window_new", args=[generation.pk])
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, WINDOW).status_code in (403, 404)
    assert not m.ReportingWindow.objects.exists()
    assert url not in client.get(reverse("covenants:list")).text


# ------------------------------------------------------------------ addenda


def test_department_adds_an_addendum(client, dept_user) -> None:
    covenant = f.CovenantFactory()
    _login(client, dept_user)
    url = reverse("covenants:addendum_new", args=[covenant.pk])
    assert url in client.get(reverse("covenants:detail", args=[covenant.pk])).text
    response = client.post(
        url, {"kind": m.AddendumKind.DUAL_LEARNING, "title": "Duaal", "budget_eur": "12500.50"}
    )
    assert response.status_code == 302
    addendum = covenant.addenda.get()
    assert addendum.kind == m.AddendumKind.DUAL_LEARNING
    assert addendum.budget_eur == Decimal("12500.50")
    assert addendum.extra_fte == Decimal("0")


def test_negative_addendum_budget_shows_the_error(client, dept_user) -> None:
    covenant = f.CovenantFactory()
    _login(client, dept_user)
    response = client.post(
        reverse("covenants:addendum_new", args=[covenant.pk]),
        {"kind": m.AddendumKind.OTHER, "budget_eur": "-5"},
    )
    assert response.status_code == 200
    assert "niet negatief" in response.text
    assert not m.Addendum.objects.exists()


@pytest.mark.parametrize("role", ["company_contact", "teacher"])
def test_outsiders_cannot_add_addenda(client, role) -> None:
    covenant = f.CovenantFactory(status="approved")
    _login(client, user_with_role(role))
    url = reverse("covenants:addendum_new", args=[covenant.pk])
    assert client.get(url).status_code in (403, 404)
    response = client.post(url, {"kind": m.AddendumKind.OTHER, "budget_eur": "10"})
    assert response.status_code in (403, 404)
    assert not m.Addendum.objects.exists()


# ------------------------------------------------------------------ non-discrimination


def _measurement(**counts: str) -> dict[str, str]:
    return {
        "phase": "baseline",
        "method": m.MeasurementMethod.CORRESPONDENCE_TEST,
        "performed_on": "2021-10-01",
        **counts,
    }


def test_fund_consultant_records_a_measurement_and_plan(client, fund_user) -> None:
    covenant, consultant = fund_user
    addendum = f.AddendumFactory(covenant=covenant)
    _login(client, consultant)
    url = reverse("covenants:measurement_new", args=[covenant.pk, addendum.pk])
    assert url in client.get(reverse("covenants:detail", args=[covenant.pk])).text
    page = client.get(url)
    assert page.status_code == 200
    assert '<label for="id_tests_origin">' in page.text
    response = client.post(
        url,
        _measurement(tests_origin="40", unfavourable_origin="7", tests_age="20"),
    )
    assert response.status_code == 302
    measurement = addendum.measurements.get()
    assert measurement.phase == "baseline"
    assert sorted(measurement.results.values_list("ground", "tests", "unfavourable")) == [
        ("age", 20, 0),
        ("origin", 40, 7),
    ]
    response = client.post(
        url,
        {
            "plan": "1",
            "plan-risk_analysis": "Risico bij aanwerving",
            "plan-action_plan": "Opleiding",
        },
    )
    assert response.status_code == 302
    addendum.refresh_from_db()
    assert addendum.risk_analysis == "Risico bij aanwerving"
    assert addendum.action_plan == "Opleiding"
    assert addendum.monitoring_plan == ""  # not chosen: stays "not recorded"


def test_risk_analysis_only_is_a_choice_of_the_sector(client, fund_user) -> None:
    covenant, consultant = fund_user
    addendum = f.AddendumFactory(covenant=covenant)
    _login(client, consultant)
    url = reverse("covenants:measurement_new", args=[covenant.pk, addendum.pk])
    assert "Enkel risicoanalyse, geen nulmeting" in client.get(url).text
    plan = {"plan": "1", "plan-risk_analysis": "Risico's", "plan-action_plan": ""}
    response = client.post(url, {**plan, "plan-monitoring_plan": "risk_analysis_only"})
    assert response.status_code == 302
    addendum.refresh_from_db()
    assert addendum.monitoring_plan == "risk_analysis_only"
    assert "Enkel risicoanalyse" in client.get(reverse("covenants:detail", args=[covenant.pk])).text
    refused = client.post(url, {**plan, "plan-monitoring_plan": "guessing"})
    assert refused.status_code == 400
    addendum.refresh_from_db()
    assert addendum.monitoring_plan == "risk_analysis_only"


def test_negative_tests_show_the_error_and_save_nothing(client, fund_user) -> None:
    covenant, consultant = fund_user
    addendum = f.AddendumFactory(covenant=covenant)
    _login(client, consultant)
    response = client.post(
        reverse("covenants:measurement_new", args=[covenant.pk, addendum.pk]),
        _measurement(tests_origin="-3", unfavourable_origin="0"),
    )
    assert response.status_code == 400
    assert "ongunstige uitkomsten moet tussen 0" in response.text
    assert not m.DiscriminationMeasurement.objects.exists()
    assert not m.DiscriminationResult.objects.exists()


def test_measurement_without_any_ground_is_refused(client, fund_user) -> None:
    covenant, consultant = fund_user
    addendum = f.AddendumFactory(covenant=covenant)
    _login(client, consultant)
    response = client.post(
        reverse("covenants:measurement_new", args=[covenant.pk, addendum.pk]), _measurement()
    )
    assert response.status_code == 400
    assert "minstens één grond" in response.text
    assert not m.DiscriminationMeasurement.objects.exists()


@pytest.mark.parametrize("role", ["company_contact", "teacher", "consultant"])
def test_outsiders_cannot_record_measurements(client, role) -> None:
    addendum = f.AddendumFactory(covenant=f.CovenantFactory(status="approved"))
    covenant = addendum.covenant
    _login(client, user_with_role(role))
    url = reverse("covenants:measurement_new", args=[covenant.pk, addendum.pk])
    assert client.get(url).status_code in (403, 404)
    response = client.post(url, _measurement(tests_origin="10", unfavourable_origin="1"))
    assert response.status_code in (403, 404)
    response = client.post(url, {"plan": "1", "plan-risk_analysis": "x"})
    assert response.status_code in (403, 404)
    assert not m.DiscriminationMeasurement.objects.exists()
    addendum.refresh_from_db()
    assert addendum.risk_analysis == ""
    assert url not in client.get(reverse("covenants:detail", args=[covenant.pk])).text
