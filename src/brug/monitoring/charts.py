"""Charts of the monitoring figures, drawn with core's one chart component (brug.core.charts).

Every function takes figures a selector already computed for (and limited to) the reader, so a
chart never shows more than the table beside it. Suppressed cells stay "x" on a chart too.
The public front door (portal) can drop `open_data_map` and `shortage_map` in as they are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from django.urls import reverse

from brug.core.charts import BarRow, Chart, LineSeries, bar_chart, choropleth, line_chart
from brug.core.i18n import gettext_lazy
from brug.monitoring.figures import ShortageRow
from brug.monitoring.models import Snapshot
from brug.monitoring.selectors import OpenData, OpenDataCell, scope_label
from brug.registry.models import Province


def province_nis_codes() -> dict[int, str]:
    """Province primary key → NIS code (the key of the boundary file)."""
    return dict(Province.objects.values_list("pk", "nis_code"))


def open_data_map(data: OpenData, nis: dict[int, str] | None = None) -> Chart:
    """Learners without a place per province; a suppressed total stays x."""
    nis = nis if nis is not None else province_nis_codes()
    values = {
        nis[p["province_id"]]: p.get("without_place")
        for p in data.province_totals
        if p["province_id"] in nis
    }
    return choropleth(
        title=gettext_lazy("Learners without a place per province (learner's home)"),
        values=values,
        value_label=gettext_lazy("Without a place"),
        links={
            code: f"{reverse('monitoring:open-data')}?province={pk}" for pk, code in nis.items()
        },
    )


def open_data_rate_bars(data: OpenData) -> Chart:
    """Placement rate per province, in percent."""
    rows = [
        BarRow(
            str(p["province"]),
            None if p.get("placement_rate") is None else round(100 * p["placement_rate"], 1),
        )
        for p in data.province_totals
    ]
    return bar_chart(
        title=gettext_lazy("Placement rate per province (%)"),
        rows=rows,
        value_label=gettext_lazy("Placement rate (%)"),
        decimals=1,
    )


def open_data_programme_bars(cells: Sequence[OpenDataCell], *, limit: int = 12) -> Chart:
    """Learners without a place per programme in the cells shown (one province or domain),
    the largest first; suppressed cells are shown as x, not as zero."""
    ordered = sorted(cells, key=lambda c: (c.without_place is None, -(c.without_place or 0)))
    rows = [BarRow(f"{c.programme} ({c.province})", c.without_place, None) for c in ordered[:limit]]
    note = ""
    if len(cells) > limit:
        note = str(
            gettext_lazy(
                "The {n} programmes with the most learners without a place; the table shows all.",
                n=limit,
            )
        )
    return bar_chart(
        title=gettext_lazy("Learners without a place per programme"),
        rows=rows,
        value_label=gettext_lazy("Without a place"),
        note=note,
    )


def shortage_map(rows: Sequence[ShortageRow], nis: dict[int, str] | None = None) -> Chart:
    """Places missing per province or RTC region: the sum of the positive gaps of the rows the
    reader sees (a surplus in one programme does not hide a shortage in another). An RTC region
    shades each of its provinces with the region's figure."""
    nis = nis if nis is not None else province_nis_codes()
    by_area: dict[int, int] = defaultdict(int)
    members: dict[int, tuple[int, ...]] = {}
    for r in rows:
        by_area[r.area_id] += max(r.gap, 0)
        members[r.area_id] = r.province_ids
    values: dict[str, float | None] = {}
    for area_id, total in by_area.items():
        for province_id in members[area_id]:
            if province_id in nis:
                values[nis[province_id]] = total
    return choropleth(
        title=gettext_lazy("Places missing per region (sum of the gaps per programme)"),
        values=values,
        value_label=gettext_lazy("Places missing"),
        note=gettext_lazy(
            "A hatched province is outside your scope or has no programme with a gap."
        ),
    )


def trend_chart(
    trends: Sequence[tuple[str, Sequence[Snapshot]]], *, title: str, limit: int = 6
) -> Chart:
    """One line per scope (Flanders, a sector, a province) over the snapshot dates."""
    shown = list(trends)[:limit]
    dates: list[date] = sorted({s.on for _, points in shown for s in points})
    series = []
    for _, points in shown:
        by_date = {s.on: s.value for s in points}
        series.append(LineSeries(scope_label(points[0]), [by_date.get(d) for d in dates]))
    return line_chart(
        title=title,
        x_labels=[d.strftime("%d/%m/%Y") for d in dates],
        series=series,
        value_label=gettext_lazy("Value"),
        decimals=0
        if all(float(v).is_integer() for _, ps in shown for v in (p.value for p in ps))
        else 1,
    )
