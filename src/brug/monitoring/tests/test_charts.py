"""The monitoring charts show no more than the tables beside them: the reader's scope only,
suppressed cells as x, and their numbers as a table."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from brug.accounts.tests.factories import user_with_role
from brug.core.charts import Chart
from brug.monitoring import charts, selectors
from brug.monitoring.figures import Filters

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _cell(html: str, province: str) -> str:
    match = re.search(rf'<th scope="row">{province}</th><td class="num">([^<]*)</td>', html)
    assert match is not None, province
    return match.group(1)


def test_shortage_map_of_an_rtc_shows_only_its_region(world: Any) -> None:
    html = (
        _client(user_with_role("rtc_staff", organisation=world.rtc))
        .get(reverse("monitoring:shortage"))
        .content.decode()
    )
    assert "Plaatsen te kort per regio" in html
    assert _cell(html, "Antwerpen") != "x"
    assert _cell(html, "Limburg") == "x"  # outside RTC Antwerpen's region


def test_shortage_map_sums_only_positive_gaps(world: Any) -> None:
    from datetime import date

    rows = selectors.shortage_visible_to(
        user_with_role("department_work"), on=date.today(), filters=Filters()
    )
    chart = charts.shortage_map(rows)
    expected = sum(max(r.gap, 0) for r in rows if world.p1.pk in r.province_ids)
    table = {row[0]: row[1] for row in chart.rows}
    assert table["Antwerpen"] == str(expected)


@pytest.mark.parametrize("role", ["company_contact", "teacher", "learner", "guide"])
def test_outsiders_get_no_shortage_map(world: Any, role: str) -> None:
    response = _client(user_with_role(role)).get(reverse("monitoring:shortage"))
    assert response.status_code in (403, 404)
    assert "chart-svg" not in response.content.decode()


def test_public_open_data_map_keeps_small_cells_as_x(world: Any) -> None:
    html = Client().get(reverse("monitoring:open-data")).content.decode()
    assert "Lerenden zonder plaats per provincie" in html
    assert html.count('<svg class="chart-svg"') == 2  # the map and the placement-rate bars
    assert _cell(html, "Antwerpen") == "x" and _cell(html, "Limburg") == "x"
    # chosen province: the programme chart appears, its figures still suppressed
    filtered = Client().get(reverse("monitoring:open-data") + f"?province={world.p1.pk}")
    assert "Lerenden zonder plaats per opleiding" in filtered.content.decode()


def test_dashboard_trend_chart_with_table(world: Any) -> None:
    from datetime import date, timedelta

    from brug.monitoring import services

    for days in (14, 7, 0):
        services.snapshots_record_as_system(on=date.today() - timedelta(days=days))
    html = _client(user_with_role("department_work")).get(reverse("monitoring:dashboard"))
    text = html.content.decode()
    assert 'class="chart chart-line"' in text
    assert (date.today() - timedelta(days=14)).strftime("%d/%m/%Y") in text
    assert "<polyline" in text


def test_chart_tables_have_a_row_per_province(world: Any) -> None:
    data = selectors.open_data(on=__import__("datetime").date.today())
    chart: Chart = charts.open_data_map(data)
    assert [row[0] for row in chart.rows] == sorted(row[0] for row in chart.rows)
    assert len(chart.rows) == 6  # five Flemish provinces and Brussels
