"""One chart component for every page: bar, line, choropleth (provinces) and point map.

Charts are drawn on the server as SVG (no chart library, no script, nothing fetched at run
time) and always come with their numbers as a table (`brug/partials/chart.html`, rendered by
`{% chart c %}`), so a screen-reader user and a person who prints the page read the same
figures. Numbers are written the Belgian way (`brug.core.numbers`).

The province boundaries are Natural Earth's (public domain), shipped with the app in
`static/brug/geo/be-provinces.geojson` (see docs/data-sources.md); the point map draws the same
file with the vendored Leaflet when JavaScript runs, and this module's SVG when it does not.

Apps pass plain values (labels, numbers, NIS codes of provinces); core knows no domain model.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from brug.core.i18n import Message, by_language, gettext_lazy
from brug.core.numbers import be_number

GEOJSON = Path(__file__).parent / "static" / "brug" / "geo" / "be-provinces.geojson"
#: Sequential palette (ColorBrewer Blues), light to dark; "no figure" is hatched grey.
PALETTE = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
SERIES_COLOURS = ("#08519c", "#b3261e", "#0e7c3a", "#a35a00", "#5a3d8a", "#1d1d1b")
WIDTH = 640
#: The provinces Brug's figures cover (Flemish provinces and the Brussels-Capital Region).
COVERED_REGIONS = ("flanders", "brussels")


@dataclass(frozen=True)
class Chart:
    kind: str
    title: str
    svg: SafeString
    columns: list[str]
    rows: list[list[str]]
    note: str = ""
    ident: str = ""


@dataclass(frozen=True)
class BarRow:
    label: str
    value: float | None
    target: float | None = None


@dataclass(frozen=True)
class LineSeries:
    name: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class MapPoint:
    latitude: float
    longitude: float
    label: str
    url: str = ""
    detail: str = ""


@dataclass(frozen=True)
class PointMap:
    title: str
    svg: SafeString
    points: list[dict[str, Any]] = field(default_factory=list)
    ident: str = ""
    without_coordinates: int = 0

    @property
    def data_id(self) -> str:
        return f"{self.ident}-points"


def _s(text: str | Message) -> str:
    return str(text)


def _ident(kind: str, *parts: object) -> str:
    digest = hashlib.blake2s(repr((kind, parts)).encode(), digest_size=4).hexdigest()
    return f"chart-{kind}-{digest}"


def _fmt(value: float | None, decimals: int) -> str:
    return be_number(value, decimals, empty="x")


def _svg(
    ident: str, title: str, height: float, body: str, *, has_links: bool = False
) -> SafeString:
    # An image's children are presentational: a drawing with links is a group of them.
    role = "group" if has_links else "img"
    return mark_safe(  # noqa: S308 - every piece of text in body went through escape()
        f'<svg class="chart-svg" viewBox="0 0 {WIDTH} {height:.0f}" role="{role}" '
        f'aria-labelledby="{ident}-title" xmlns="http://www.w3.org/2000/svg" '
        f'preserveAspectRatio="xMinYMin meet">'
        f'<title id="{ident}-title">{escape(title)}</title>{body}</svg>'
    )


def _short(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    base = 10**exponent
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * base:
            return float(step * base)
    return float(10 * base)


# ---------------------------------------------------------------------------- bar chart


def bar_chart(
    *,
    title: str | Message,
    rows: Sequence[BarRow],
    value_label: str | Message,
    target_label: str | Message | None = None,
    decimals: int = 0,
    note: str | Message = "",
) -> Chart:
    """Horizontal bars, one per row; a row's target (if any) is a dark tick across its bar."""
    title_s = _s(title)
    ident = _ident("bar", title_s, [(r.label, r.value, r.target) for r in rows])
    label_w, right = 250, 70
    bar_w = WIDTH - label_w - right
    row_h, top = 26, 8
    peak = _nice_max(max([r.value or 0 for r in rows] + [r.target or 0 for r in rows] + [0]))
    parts: list[str] = []
    for index, row in enumerate(rows):
        y = top + index * row_h
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" class="chart-label">'
            f"{escape(_short(row.label))}</text>"
        )
        if row.value is None:
            parts.append(
                f'<text x="{label_w + 4}" y="{y + 17}" class="chart-muted">'
                f"{escape(_s(gettext_lazy('x (not published)')))}</text>"
            )
        else:
            w = max(bar_w * row.value / peak, 0)
            parts.append(
                f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" '
                f'fill="{PALETTE[3]}"><title>{escape(row.label)}: '
                f"{_fmt(row.value, decimals)}</title></rect>"
                f'<text x="{label_w + w + 4:.1f}" y="{y + 17}" class="chart-value">'
                f"{_fmt(row.value, decimals)}</text>"
            )
        if row.target is not None:
            x = label_w + bar_w * row.target / peak
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y + 1}" y2="{y + row_h - 1}" '
                f'stroke="#1d1d1b" stroke-width="3"/>'
            )
    height = top + len(rows) * row_h + 30
    axis_y = top + len(rows) * row_h + 4
    parts.append(
        f'<line x1="{label_w}" x2="{label_w + bar_w}" y1="{axis_y}" y2="{axis_y}" '
        f'stroke="#8a949e"/>'
    )
    if any(r.value is not None or r.target is not None for r in rows):
        parts.append(
            f'<text x="{label_w}" y="{axis_y + 16}" class="chart-muted">0</text>'
            f'<text x="{label_w + bar_w}" y="{axis_y + 16}" text-anchor="end" '
            f'class="chart-muted">{_fmt(peak, 0)}</text>'
        )
    if target_label is not None and any(r.target is not None for r in rows):
        parts.append(
            f'<line x1="{label_w + bar_w - 150}" x2="{label_w + bar_w - 150}" '
            f'y1="{axis_y + 6}" y2="{axis_y + 20}" stroke="#1d1d1b" stroke-width="3"/>'
            f'<text x="{label_w + bar_w - 144}" y="{axis_y + 17}" class="chart-muted">'
            f"{escape(_s(target_label))}</text>"
        )
    columns = ["", _s(value_label)]
    if target_label is not None:
        columns.append(_s(target_label))
    table = [
        [r.label, _fmt(r.value, decimals)]
        + ([_fmt(r.target, decimals) if r.target is not None else "–"] if target_label else [])
        for r in rows
    ]
    return Chart("bar", title_s, _svg(ident, title_s, height, "".join(parts)), columns, table,
                 _s(note), ident)  # fmt: skip


# ---------------------------------------------------------------------------- line chart


def line_chart(
    *,
    title: str | Message,
    x_labels: Sequence[str],
    series: Sequence[LineSeries],
    value_label: str | Message,
    decimals: int = 0,
    note: str | Message = "",
) -> Chart:
    """One line per series over the same x labels (dates, quarters); gaps stay gaps."""
    title_s = _s(title)
    ident = _ident("line", title_s, list(x_labels), [(s.name, list(s.values)) for s in series])
    left, right, top, plot_h = 56, 16, 12, 200
    legend_h = 22 * len(series)
    plot_w = WIDTH - left - right
    values = [v for s in series for v in s.values if v is not None]
    peak = _nice_max(max(values, default=0))
    n = max(len(x_labels), 1)

    def x_of(i: int) -> float:
        return left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y_of(v: float) -> float:
        return top + plot_h - plot_h * v / peak

    parts: list[str] = []
    for step in range(5):
        v = peak * step / 4
        y = y_of(v)
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e1e5ea"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="chart-muted">'
            f"{_fmt(v, decimals if peak < 10 else 0)}</text>"
        )
    every = max(1, math.ceil(n / 8))
    for i, label in enumerate(x_labels):
        if i % every == 0 or i == n - 1:
            anchor = "start" if i == 0 and n > 1 else "end" if i == n - 1 and n > 1 else "middle"
            parts.append(
                f'<text x="{x_of(i):.1f}" y="{top + plot_h + 18}" text-anchor="{anchor}" '
                f'class="chart-muted">{escape(label)}</text>'
            )
    for index, s in enumerate(series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        segment: list[str] = []
        paths: list[list[str]] = [segment]
        for i, point in enumerate(s.values):
            if point is None:
                segment = []
                paths.append(segment)
                continue
            segment.append(f"{x_of(i):.1f},{y_of(point):.1f}")
            parts.append(
                f'<circle cx="{x_of(i):.1f}" cy="{y_of(point):.1f}" r="3.5" fill="{colour}">'
                f"<title>{escape(s.name)}, {escape(x_labels[i] if i < len(x_labels) else '')}: "
                f"{_fmt(point, decimals)}</title></circle>"
            )
        for points in paths:
            if len(points) > 1:
                parts.append(
                    f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" '
                    f'points="{" ".join(points)}"/>'
                )
        ly = top + plot_h + 36 + 22 * index
        parts.append(
            f'<rect x="{left}" y="{ly - 10}" width="14" height="4" fill="{colour}"/>'
            f'<text x="{left + 20}" y="{ly - 4}" class="chart-label">{escape(s.name)}</text>'
        )
    height = top + plot_h + 36 + legend_h
    columns = [""] + [s.name for s in series]
    table = [
        [label] + [_fmt(s.values[i] if i < len(s.values) else None, decimals) for s in series]
        for i, label in enumerate(x_labels)
    ]
    return Chart("line", title_s, _svg(ident, title_s, height, "".join(parts)), columns, table,
                 _s(note), ident)  # fmt: skip


# ---------------------------------------------------------------------------- maps


@lru_cache(maxsize=1)
def provinces_geojson() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(GEOJSON.read_text(encoding="utf-8"))
    return data


def _rings(geometry: Mapping[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


@dataclass(frozen=True)
class _Projection:
    lon0: float
    lat1: float
    scale: float
    kx: float

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.lon0) * self.kx * self.scale + 8, (self.lat1 - lat) * self.scale + 8


def _projection(features: Sequence[Mapping[str, Any]], width: float) -> tuple[_Projection, float]:
    coords = [pt for f in features for ring in _rings(f["geometry"]) for pt in ring]
    lons = [c[0] for c in coords]
    lats = [c[1] for c in coords]
    kx = math.cos(math.radians((min(lats) + max(lats)) / 2))
    scale = (width - 16) / ((max(lons) - min(lons)) * kx)
    height = (max(lats) - min(lats)) * scale + 16
    return _Projection(min(lons), max(lats), scale, kx), height


def _path(feature: Mapping[str, Any], proj: _Projection) -> str:
    out = []
    for ring in _rings(feature["geometry"]):
        pts = [proj.xy(lon, lat) for lon, lat in ring]
        out.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
    return "".join(out)


def _centre(feature: Mapping[str, Any], proj: _Projection) -> tuple[float, float]:
    ring = max(_rings(feature["geometry"]), key=len)
    xs, ys = zip(*(proj.xy(lon, lat) for lon, lat in ring), strict=True)
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def province_name(feature: Mapping[str, Any]) -> str:
    names = feature["properties"]
    return str(by_language({"nl": names["name_nl"], "en": names["name_en"]}))


def _classes(values: Sequence[float], decimals: int) -> list[float]:
    """Upper bounds of five equal-width classes from 0 to a round number above the largest."""
    peak = max(values, default=0)
    if peak <= 0:
        return [0.0]
    top = _nice_max(peak)
    if decimals == 0 and top < len(PALETTE):
        top = float(len(PALETTE))
    return [round(top * (i + 1) / len(PALETTE), decimals) for i in range(len(PALETTE))]


def choropleth(
    *,
    title: str | Message,
    values: Mapping[str, float | None],
    value_label: str | Message,
    decimals: int = 0,
    note: str | Message = "",
    links: Mapping[str, str] | None = None,
) -> Chart:
    """Flemish provinces and Brussels shaded by value (keys: NIS codes, e.g. "10000");
    a province without a value (suppressed, none in scope) is hatched and says so."""
    title_s = _s(title)
    ident = _ident("map", title_s, sorted(values.items()))
    features = [
        f for f in provinces_geojson()["features"] if f["properties"]["region"] in COVERED_REGIONS
    ]
    proj, map_h = _projection(features, WIDTH)
    known = [v for v in values.values() if v is not None]
    bounds = _classes(known, decimals)
    parts = [
        f'<defs><pattern id="{ident}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f1f3f5"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="#9aa3ad" stroke-width="2"/></pattern></defs>'
    ]
    labels: list[str] = []
    for feature in sorted(features, key=lambda f: f["properties"]["region"] == "brussels"):
        nis = feature["properties"]["nis"]
        name = province_name(feature)
        value = values.get(nis)
        if value is None:
            fill = f"url(#{ident}-hatch)"
        else:
            index = next((i for i, b in enumerate(bounds) if value <= b), len(bounds) - 1)
            fill = PALETTE[min(index, len(PALETTE) - 1)]
        shape = (
            f'<path d="{_path(feature, proj)}" fill="{fill}" stroke="#1d1d1b" '
            f'stroke-width="1"><title>{escape(name)}: {_fmt(value, decimals)}</title></path>'
        )
        if links and nis in links:
            shape = f'<a href="{escape(links[nis])}">{shape}</a>'
        parts.append(shape)
        if feature["properties"]["region"] != "brussels":
            cx, cy = _centre(feature, proj)
            labels.append(
                f'<text x="{cx:.1f}" y="{cy:.1f}" text-anchor="middle" class="chart-map-label">'
                f'{escape(name)}</text><text x="{cx:.1f}" y="{cy + 17:.1f}" '
                f'text-anchor="middle" class="chart-map-value">{_fmt(value, decimals)}</text>'
            )
    parts.extend(labels)
    legend_y = map_h + 10
    lower = 0.0
    entries: list[tuple[str, str]] = []
    for i, upper in enumerate(bounds):
        entries.append((PALETTE[i], f"{_fmt(lower, decimals)} – {_fmt(upper, decimals)}"))
        lower = upper
    entries.append((f"url(#{ident}-hatch)", _s(gettext_lazy("x: no figure"))))
    for i, (fill, text) in enumerate(entries):
        x, y = 8 + (i % 3) * 210, legend_y + (i // 3) * 22
        parts.append(
            f'<rect x="{x}" y="{y}" width="18" height="14" fill="{fill}" stroke="#1d1d1b" '
            f'stroke-width=".5"/><text x="{x + 24}" y="{y + 12}" class="chart-muted">'
            f"{escape(text)}</text>"
        )
    height = legend_y + 22 * math.ceil(len(entries) / 3) + 4
    names = {f["properties"]["nis"]: province_name(f) for f in features}
    table = [[names[nis], _fmt(values.get(nis), decimals)] for nis in sorted(names, key=names.get)]  # type: ignore[arg-type]
    return Chart("map", title_s, _svg(ident, title_s, height, "".join(parts), has_links=bool(links)),
                 [_s(gettext_lazy("Province")), _s(value_label)], table, _s(note), ident)  # fmt: skip


def point_map(
    *, title: str | Message, points: Sequence[MapPoint], without_coordinates: int = 0
) -> PointMap:
    """Places or offers as dots on the province map. The SVG is the map without JavaScript;
    `points` (for `json_script`) feed the vendored Leaflet map that replaces it."""
    title_s = _s(title)
    ident = _ident("points", title_s, [(p.latitude, p.longitude, p.label) for p in points])
    features = provinces_geojson()["features"]
    covered = [f for f in features if f["properties"]["region"] in COVERED_REGIONS]
    proj, map_h = _projection(covered, WIDTH)
    parts = [
        f'<path d="{_path(f, proj)}" fill="{"#ffffff" if f in covered else "#eef0f2"}" '
        f'stroke="#8a949e" stroke-width="1"/>'
        for f in features
    ]
    parts = [
        f'<clipPath id="{ident}-clip"><rect width="{WIDTH}" height="{map_h:.0f}"/></clipPath>'
        f'<g clip-path="url(#{ident}-clip)">',
        *parts,
        "</g>",
    ]
    for p in points:
        x, y = proj.xy(p.longitude, p.latitude)
        dot = (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{PALETTE[4]}" stroke="#fff" '
            f'stroke-width="1.5"><title>{escape(p.label)}</title></circle>'
        )
        parts.append(f'<a href="{escape(p.url)}">{dot}</a>' if p.url else dot)
    data = [
        {"lat": p.latitude, "lon": p.longitude, "label": p.label, "url": p.url, "detail": p.detail}
        for p in points
    ]
    svg = _svg(ident, title_s, map_h, "".join(parts), has_links=any(p.url for p in points))
    return PointMap(title_s, svg, data, ident,
                    without_coordinates)  # fmt: skip
