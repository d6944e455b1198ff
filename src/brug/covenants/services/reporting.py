"""Reporting windows, progress reports and reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from brug.accounts.people import RequestUser, user_or_none
from brug.core import policy
from brug.core.audit import audit_record
from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy
from brug.core.notify import notify
from brug.covenants import models as m
from brug.covenants.indicators import computed_value
from brug.covenants.services._common import (
    _covenant_url,
    _decimal,
    _department_people,
    _people,
)

# ------------------------------------------------------------------ reporting windows


@transaction.atomic
def window_create(
    *,
    actor: RequestUser,
    generation: m.CovenantGeneration,
    label: str,
    period_start: dt.date,
    period_end: dt.date,
    opens_on: dt.date,
    closes_on: dt.date,
) -> m.ReportingWindow:
    window = m.ReportingWindow(
        generation=generation,
        label=label,
        period_start=period_start,
        period_end=period_end,
        opens_on=opens_on,
        closes_on=closes_on,
    )
    policy.require(actor, "create", window)
    if period_end < period_start or closes_on < opens_on:
        raise ServiceError(
            gettext_lazy("The dates are in the wrong order."),
            code="bad_dates",
            field="closes_on",
        )
    if generation.windows.filter(period_start=period_start).exists():
        raise ServiceError(
            gettext_lazy("That period already has a window."),
            code="duplicate",
            field="period_start",
        )
    window.save()
    audit_record(actor=actor, verb="covenants.window_created", obj=window)
    return window


# ------------------------------------------------------------------ progress reports


def _require_window_open(window: m.ReportingWindow, today: dt.date) -> None:
    if today > window.closes_on:
        raise ServiceError(
            gettext_lazy(
                "The reporting window {w} closed on {d}.",
                w=window.label,
                d=window.closes_on.isoformat(),
            ),
            code="window_closed",
        )
    if today < window.opens_on:
        raise ServiceError(
            gettext_lazy(
                "The reporting window {w} opens only on {d}.",
                w=window.label,
                d=window.opens_on.isoformat(),
            ),
            code="window_not_open",
        )


def _require_not_frozen(report: m.ProgressReport) -> None:
    if report.is_frozen:
        raise ServiceError(
            gettext_lazy(
                "This progress report has been submitted and is frozen; it cannot be changed."
            ),
            code="report_frozen",
        )


def _commitments_of(covenant: m.Covenant) -> Iterable[m.Commitment]:
    return (
        m.Commitment.objects.filter(action__covenant=covenant)
        .select_related("indicator", "action__covenant__generation")
        .order_by("pk")
    )


@transaction.atomic
def progress_report_open(
    *,
    actor: RequestUser,
    covenant: m.Covenant,
    window: m.ReportingWindow,
    today: dt.date | None = None,
) -> m.ProgressReport:
    """Start (or return) the covenant's draft report for a window, one row per commitment."""
    today = today or timezone.localdate()
    report = m.ProgressReport(covenant=covenant, window=window)
    policy.require(actor, "create", report)
    existing = m.ProgressReport.objects.filter(covenant=covenant, window=window).first()
    if existing is not None:
        return existing
    if window.generation_id != covenant.generation_id:
        raise ServiceError(
            gettext_lazy("This window is of another generation."),
            field="window",
        )
    if covenant.status not in (m.CovenantStatus.APPROVED, m.CovenantStatus.RUNNING):
        raise ServiceError(
            gettext_lazy("Reporting starts once the covenant is approved."),
            code="not_running",
        )
    _require_window_open(window, today)
    report.save()
    m.ProgressEntry.objects.bulk_create(
        [
            m.ProgressEntry(
                report=report,
                commitment=c,
                unit=c.unit,
                target_value=c.target_value,
                metric_key=getattr(getattr(c, "indicator", None), "metric_key", ""),
            )
            for c in _commitments_of(covenant)
        ]
    )
    audit_record(actor=actor, verb="covenants.report_opened", obj=report)
    return report


@transaction.atomic
def progress_entry_update(
    *,
    actor: RequestUser,
    entry: m.ProgressEntry,
    status: str,
    value: Any = None,
    unit: str | None = None,
    narrative: str = "",
    today: dt.date | None = None,
) -> m.ProgressEntry:
    today = today or timezone.localdate()
    report = m.ProgressReport.objects.select_for_update().get(pk=entry.report_id)
    policy.require(actor, "change", report)
    _require_not_frozen(report)
    _require_window_open(report.window, today)
    if status not in m.EntryStatus.values:
        raise ServiceError(gettext_lazy("Choose a status."), field="status")
    number = None if value in (None, "") else _decimal(value, "value")
    if unit is not None and unit != entry.commitment.unit:
        raise ServiceError(
            gettext_lazy(
                "This commitment is measured in '{u}', not in '{g}'.",
                u=entry.commitment.get_unit_display(),
                g=unit,
            ),
            code="wrong_unit",
            field="unit",
        )
    if number is not None and number < 0:
        raise ServiceError(
            gettext_lazy("A value cannot be negative."),
            code="negative",
            field="value",
        )
    if number is not None and entry.commitment.unit == m.Unit.PERCENT and number > 100:
        raise ServiceError(
            gettext_lazy("A percentage is between 0 and 100."),
            code="wrong_unit",
            field="value",
        )
    before = {"status": entry.status, "value": entry.value, "narrative": entry.narrative}
    entry.status = status
    entry.value = number
    entry.narrative = narrative[:1000]
    entry.save(update_fields=["status", "value", "narrative"])
    audit_record(
        actor=actor,
        verb="covenants.entry_changed",
        obj=report,
        changes={"entry": entry.pk, "before": before, "status": status, "value": number},
    )
    return entry


@transaction.atomic
def progress_report_submit(
    *,
    actor: RequestUser,
    report: m.ProgressReport,
    narrative: str | None = None,
    today: dt.date | None = None,
) -> m.ProgressReport:
    """Submit and freeze: computed indicator values are copied into the rows for good."""
    today = today or timezone.localdate()
    report = m.ProgressReport.objects.select_for_update().get(pk=report.pk)
    policy.require(actor, "submit", report)
    _require_not_frozen(report)
    _require_window_open(report.window, today)
    entries = list(
        report.entries.select_related("commitment__indicator", "commitment__action__covenant")
    )
    for entry in entries:
        computed = computed_value(entry.commitment, until=report.window.period_end)
        if computed is not None:
            entry.value = computed
        entry.target_value = entry.commitment.target_value
        entry.unit = entry.commitment.unit
    m.ProgressEntry.objects.bulk_update(entries, ["value", "target_value", "unit"])
    if narrative is not None:
        report.narrative = narrative
    report.status = m.ProgressReport.Status.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = user_or_none(actor)
    report.save()
    audit_record(
        actor=actor,
        verb="covenants.report_submitted",
        obj=report,
        changes={"values": {e.commitment_id: e.value for e in entries}},
    )
    notify(
        recipients=_department_people(report.covenant),
        subject=gettext_lazy("Progress report {r} submitted", r=str(report)),
        body=gettext_lazy("The progress report {r} has been submitted.", r=str(report)),
        url=_covenant_url(report.covenant),
    )
    return report


def reminders_due(*, days: int, today: dt.date) -> list[tuple[m.Covenant, m.ReportingWindow]]:
    """(covenant, window) pairs whose window closes within `days` and that have not submitted."""
    due: list[tuple[m.Covenant, m.ReportingWindow]] = []
    windows = m.ReportingWindow.objects.filter(
        opens_on__lte=today, closes_on__gte=today, closes_on__lte=today + dt.timedelta(days=days)
    ).select_related("generation")
    for window in windows:
        submitted = m.ProgressReport.objects.filter(
            window=window, status=m.ProgressReport.Status.SUBMITTED
        ).values("covenant_id")
        covenants = (
            m.Covenant.objects.filter(
                generation=window.generation,
                status__in=[m.CovenantStatus.APPROVED, m.CovenantStatus.RUNNING],
            )
            .exclude(pk__in=submitted)
            .select_related("sector", "generation")
        )
        due.extend((c, window) for c in covenants)
    return due


def reminders_send(*, days: int, today: dt.date) -> int:
    """Notify each sector fund's consultants; returns the number of covenants reminded."""
    due = reminders_due(days=days, today=today)
    for covenant, window in due:
        notify(
            recipients=_people(covenant.sector_fund_id, "consultant"),
            subject=gettext_lazy(
                "Reminder: progress report {w} due {d}",
                w=window.label,
                d=window.closes_on.isoformat(),
            ),
            body=gettext_lazy(
                "The progress report of {c} for {w} has not been submitted yet. "
                "The window closes on {d}.",
                c=str(covenant),
                w=window.label,
                d=window.closes_on.isoformat(),
            ),
            url=_covenant_url(covenant),
        )
    return len(due)
