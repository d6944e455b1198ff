"""The covenant's commitments against their targets, as a core chart (brug.core.charts).

Units differ per commitment (count, percent, hours, euro), so the chart shows each value as a
share of its own target (100 % = target reached), from the last submitted (frozen) report the
reader may see; the table under the chart keeps the values in their own units.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from brug.core.charts import BarRow, Chart, bar_chart
from brug.core.i18n import gettext_lazy
from brug.covenants import models as m
from brug.covenants.reports import format_amount


def latest_entries(reports: QuerySet[m.ProgressReport]) -> dict[int, m.ProgressEntry]:
    """Commitment pk → its entry in the latest submitted report among `reports` (one query)."""
    entries = (
        m.ProgressEntry.objects.filter(
            report__in=reports.filter(status=m.ProgressReport.Status.SUBMITTED)
        )
        .select_related("report__window")
        .order_by("report__window__period_start")
    )
    return {e.commitment_id: e for e in entries}


def commitments_against_targets(
    commitments: Iterable[m.Commitment], latest: dict[int, m.ProgressEntry]
) -> Chart | None:
    """None when no commitment has a target and a reported value yet."""
    rows: list[BarRow] = []
    details: list[str] = []
    for c in commitments:
        if c.kind != m.CommitmentKind.RESULT or not c.target_value:
            continue
        entry = latest.get(c.pk)
        value = None if entry is None or entry.value is None else entry.value
        share = None if value is None else round(float(value) / float(c.target_value) * 100, 1)
        rows.append(BarRow(c.description, share, 100.0))
        details.append(
            f"{format_amount(value, c.unit) if value is not None else '–'} / "
            f"{format_amount(c.target_value, c.unit)}"
        )
    if not rows or all(r.value is None for r in rows):
        return None
    chart = bar_chart(
        title=gettext_lazy("Result commitments: last reported value against the target"),
        rows=rows,
        value_label=gettext_lazy("Share of the target (%)"),
        target_label=gettext_lazy("target (100 %)"),
        decimals=1,
        note=gettext_lazy("From the last submitted progress report. x: no value reported yet."),
    )
    chart.columns.append(str(gettext_lazy("Value / target")))
    for row, detail in zip(chart.rows, details, strict=True):
        row.append(detail)
    return chart
