"""Every write of core-work records: checks the matrix, validates (nothing changes on bad input),
writes and audits in one transaction. The same service serves the form, the spreadsheet import
and the API, so a figure is recorded once whatever the channel."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from brug.accounts.people import RequestUser, user_or_none
from brug.core import policy
from brug.core.audit import audit_record
from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy
from brug.corework import models as m
from brug.covenants.models import Covenant


def quarter_dates(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def _whole(value: Any, field: str, low: int, high: int) -> int:
    try:
        number = int(str(value).strip()) if value is not None and str(value).strip() else None
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise ServiceError(
            gettext_lazy("Enter a whole number from {lo} to {hi}.", lo=low, hi=high),
            code="bad_number",
            field=field,
        )
    return number


def _hours(value: Any) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", ".")) if value is not None else None
    except InvalidOperation:
        number = None
    if (
        number is None
        or not number.is_finite()
        or not 0 <= number <= m.MAX_HOURS
        or number != number.quantize(Decimal("0.1"))
    ):
        raise ServiceError(
            gettext_lazy(
                "Enter a number of hours from 0 to {hi}, with at most one decimal.", hi=m.MAX_HOURS
            ),
            code="bad_hours",
            field="training_hours",
        )
    return number


@transaction.atomic
def training_record_save(
    *,
    actor: RequestUser,
    covenant: Covenant,
    year: Any,
    quarter: Any,
    training_hours: Any,
    dossiers: Any,
    participants: Any,
    employees: Any,
    channel: str,
    today: dt.date | None = None,
) -> tuple[m.TrainingRecord, str]:
    """Record (or correct) one quarter. Returns the record and "created", "updated" or
    "unchanged" (the spreadsheet import reports these)."""
    policy.require(actor, "create", m.TrainingRecord(covenant=covenant))
    today = today or timezone.localdate()
    if channel not in m.Channel.values:
        raise ServiceError(gettext_lazy("Unknown channel."), code="bad_channel")
    year = _whole(year, "year", 2000, 2100)
    quarter = _whole(quarter, "quarter", 1, 4)
    start, end = quarter_dates(year, quarter)
    generation = covenant.generation
    if start > today or end < generation.starts_on or start > generation.ends_on:
        raise ServiceError(
            gettext_lazy(
                "Choose a quarter that has started, within the covenant's period ({a} – {b}).",
                a=generation.starts_on.isoformat(),
                b=generation.ends_on.isoformat(),
            ),
            code="quarter_out_of_period",
            field="quarter",
        )
    values: dict[str, int | Decimal] = {
        "training_hours": _hours(training_hours),
        "dossiers": _whole(dossiers, "dossiers", 0, m.MAX_COUNT),
        "participants": _whole(participants, "participants", 0, m.MAX_COUNT),
        "employees": _whole(employees, "employees", 1, m.MAX_COUNT),
    }
    if values["participants"] > values["employees"]:
        raise ServiceError(
            gettext_lazy("There cannot be more participants than employees in the sector."),
            code="participants_over_employees",
            field="participants",
        )
    record = (
        m.TrainingRecord.objects.select_for_update()
        .filter(covenant=covenant, year=year, quarter=quarter)
        .first()
    )
    if record is not None and all(getattr(record, k) == v for k, v in values.items()):
        return record, "unchanged"
    before = {k: getattr(record, k) for k in values} if record is not None else None
    outcome = "updated" if record is not None else "created"
    record = record or m.TrainingRecord(covenant=covenant, year=year, quarter=quarter)
    for key, value in values.items():
        setattr(record, key, value)
    record.channel = channel
    record.recorded_by = user_or_none(actor)
    record.recorded_at = timezone.now()
    record.save()
    audit_record(
        actor=actor,
        verb=f"corework.training_{outcome}",
        obj=record,
        changes={"before": before, "after": values, "channel": channel},
    )
    return record, outcome
