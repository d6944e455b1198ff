"""The core chart component and Belgian number formats."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template

from brug.core import charts
from brug.core.numbers import be_money, be_number, be_number_auto, be_percent


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (12345, 0, "12.345"),
        (0.2, 2, "0,20"),
        (Decimal("1234567.891"), 2, "1.234.567,89"),
        (-1500, 0, "-1.500"),
        (None, 0, "–"),
    ],
)
def test_belgian_numbers(value: object, decimals: int, text: str) -> None:
    assert be_number(value, decimals) == text  # type: ignore[arg-type]


def test_belgian_money_percent_and_auto() -> None:
    assert be_money(Decimal("25000")) == "€ 25.000,00"
    assert be_percent(0.205, 1) == "20,5 %"
    assert be_number_auto(Decimal("100.00")) == "100"
    assert be_number_auto(2.5) == "2,50"


def test_bar_chart_escapes_labels_and_keeps_a_table() -> None:
    chart = charts.bar_chart(
        title="Titel <b>",
        rows=[charts.BarRow("<script>alert(1)</script>", 12345, 20000), charts.BarRow("B", None)],
        value_label="Waarde",
        target_label="Doel",
    )
    assert "<script>" not in chart.svg and "&lt;script&gt;" in chart.svg
    assert 'role="img"' in chart.svg and "Titel &lt;b&gt;" in chart.svg
    assert chart.rows == [["<script>alert(1)</script>", "12.345", "20.000"], ["B", "x", "–"]]
    html = Template("{% load brug %}{% chart c %}").render(Context({"c": chart}))
    assert "&lt;script&gt;" in html and "<table>" in html and "<figure" in html


def test_line_chart_leaves_gaps() -> None:
    chart = charts.line_chart(
        title="Verloop",
        x_labels=["a", "b", "c"],
        series=[charts.LineSeries("S", [1, None, 3])],
        value_label="v",
    )
    assert "<polyline" not in chart.svg  # two single points, no line across the gap
    assert chart.svg.count("<circle") == 2
    assert chart.rows == [["a", "1"], ["b", "x"], ["c", "3"]]


def test_choropleth_shades_known_and_hatches_unknown_provinces() -> None:
    chart = charts.choropleth(
        title="Kaart", values={"10000": 10, "70000": None, "04000": 3}, value_label="n"
    )
    assert chart.svg.count("<path") == 6  # five Flemish provinces and Brussels
    assert chart.svg.count("-hatch)") >= 4  # four without a figure, and the legend
    table = {row[0]: row[1] for row in chart.rows}
    assert table["Antwerpen"] == "10" and table["Limburg"] == "x"


def test_point_map_has_svg_fallback_and_data_for_leaflet() -> None:
    point_map = charts.point_map(
        title="Plaatsen",
        points=[charts.MapPoint(51.05, 3.72, "Gent <x>", "/p/1/")],
        without_coordinates=2,
    )
    assert point_map.points == [
        {"lat": 51.05, "lon": 3.72, "label": "Gent <x>", "url": "/p/1/", "detail": ""}
    ]
    assert "Gent &lt;x&gt;" in point_map.svg
    html = Template("{% load brug %}{% point_map m %}").render(Context({"m": point_map}))
    assert f'data-brug-map="{point_map.data_id}"' in html
    assert f'<script id="{point_map.data_id}" type="application/json">' in html
    assert "\\u003Cx\\u003E" in html  # json_script escapes for HTML
    assert "brug/vendor/leaflet/leaflet.js" in html and "be-provinces.geojson" in html
    assert "2." in html  # places without coordinates are counted, not hidden silently


def test_boundaries_are_shipped_with_their_source() -> None:
    data = charts.provinces_geojson()
    codes = {f["properties"]["nis"] for f in data["features"]}
    assert {"10000", "20001", "30000", "40000", "70000", "04000"} <= codes
    assert "Natural Earth" in data["source"]
