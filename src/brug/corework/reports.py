"""Every report a sector fund owes, generated from the same core-work records: the covenant's
quarterly report, the evaluation over the generation, and the cross-sector analysis. Each figure
says whether it was typed (and how: form, spreadsheet, API) or computed (and from what)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from brug.accounts.people import RequestUser
from brug.core import policy
from brug.core.i18n import Message, gettext_lazy
from brug.corework import models as m
from brug.corework.services import quarter_dates
from brug.covenants.models import Covenant, CovenantGeneration

TYPED = "typed"
COMPUTED = "computed"


@dataclass(frozen=True)
class Figure:
    label: Message
    value: Decimal | int | None
    unit: str
    kind: str  # TYPED or COMPUTED
    how: Message

    @property
    def is_computed(self) -> bool:
        return self.kind == COMPUTED


def _pct(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _typed(label: Message, value: Any, unit: str, record: m.TrainingRecord) -> Figure:
    return Figure(
        label,
        value,
        unit,
        TYPED,
        gettext_lazy(
            "typed via {c} on {d}",
            c=record.get_channel_display(),
            d=f"{record.recorded_at:%Y-%m-%d}",
        ),
    )


def quarterly_report(
    records: list[m.TrainingRecord], year: int, quarter: int
) -> list[Figure] | None:
    """The covenant's quarterly report: the quarter as typed, and what follows from it."""
    record = next((r for r in records if (r.year, r.quarter) == (year, quarter)), None)
    if record is None:
        return None
    to_date = [r for r in records if r.year == year and r.quarter <= quarter]
    per_participant = (
        (record.training_hours / record.participants).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if record.participants
        else None
    )
    return [
        _typed(gettext_lazy("Training hours"), record.training_hours, "h", record),
        _typed(gettext_lazy("Training dossiers"), record.dossiers, "", record),
        _typed(gettext_lazy("Participants"), record.participants, "", record),
        _typed(gettext_lazy("Employees in the sector"), record.employees, "", record),
        Figure(
            gettext_lazy("Reach"),
            _pct(record.participants, record.employees),
            "%",
            COMPUTED,
            gettext_lazy("participants / employees"),
        ),
        Figure(
            gettext_lazy("Hours per participant"),
            per_participant,
            "h",
            COMPUTED,
            gettext_lazy("training hours / participants"),
        ),
        Figure(
            gettext_lazy("Training hours this year to date"),
            sum((r.training_hours for r in to_date), Decimal("0")),
            "h",
            COMPUTED,
            gettext_lazy("sum of {n} quarter(s) of {y}", n=len(to_date), y=year),
        ),
    ]


def quarters_due(generation: CovenantGeneration, today: date) -> int:
    count = 0
    for year in range(generation.starts_on.year, generation.ends_on.year + 1):
        for quarter in range(1, 5):
            start, end = quarter_dates(year, quarter)
            if end >= generation.starts_on and start <= generation.ends_on and start <= today:
                count += 1
    return count


def evaluation_report(
    covenant: Covenant, records: list[m.TrainingRecord], today: date
) -> list[Figure]:
    """The evaluation over the covenant's generation, from the same quarterly records."""
    due = quarters_due(covenant.generation, today)
    latest = max(records, key=lambda r: (r.year, r.quarter), default=None)
    reaches = [_pct(r.participants, r.employees) for r in records]
    known = [r for r in reaches if r is not None]
    figures = [
        Figure(
            gettext_lazy("Quarters reported"),
            len(records),
            f"/ {due}",
            COMPUTED,
            gettext_lazy("quarters with a record / quarters started"),
        ),
        Figure(
            gettext_lazy("Training hours"),
            sum((r.training_hours for r in records), Decimal("0")),
            "h",
            COMPUTED,
            gettext_lazy("sum of the quarters"),
        ),
        Figure(
            gettext_lazy("Training dossiers"),
            sum(r.dossiers for r in records),
            "",
            COMPUTED,
            gettext_lazy("sum of the quarters"),
        ),
        Figure(
            gettext_lazy("Participations"),
            sum(r.participants for r in records),
            "",
            COMPUTED,
            gettext_lazy("sum of the quarterly participants (a person may count more than once)"),
        ),
        Figure(
            gettext_lazy("Average reach per quarter"),
            (sum(known, Decimal("0")) / len(known)).quantize(Decimal("0.1"), ROUND_HALF_UP)
            if known
            else None,
            "%",
            COMPUTED,
            gettext_lazy("mean of participants / employees"),
        ),
    ]
    if latest is not None:
        figures.append(
            _typed(
                gettext_lazy("Employees in the sector (latest quarter)"),
                latest.employees,
                "",
                latest,
            )
        )
    return figures


@dataclass
class Analysis:
    generation: CovenantGeneration
    sectors: int
    figures: list[Figure]
    demo_records: int = 0


def analysis(user: RequestUser, generation: CovenantGeneration) -> Analysis:
    """The cross-sector analysis: aggregates only, from the records the user may aggregate."""
    records = list(
        policy.visible(
            user, m.TrainingRecord.objects.filter(covenant__generation=generation), "aggregate"
        ).values("covenant__sector_id", "training_hours", "dossiers", "participants", "is_demo")
    )
    how = gettext_lazy("sum over sectors and quarters")
    return Analysis(
        generation=generation,
        sectors=len({r["covenant__sector_id"] for r in records}),
        demo_records=sum(1 for r in records if r["is_demo"]),
        figures=[
            Figure(
                gettext_lazy("Training hours"),
                sum((r["training_hours"] for r in records), Decimal("0")),
                "h",
                COMPUTED,
                how,
            ),
            Figure(
                gettext_lazy("Training dossiers"),
                sum(r["dossiers"] for r in records),
                "",
                COMPUTED,
                how,
            ),
            Figure(
                gettext_lazy("Participations"),
                sum(r["participants"] for r in records),
                "",
                COMPUTED,
                how,
            ),
        ],
    )
