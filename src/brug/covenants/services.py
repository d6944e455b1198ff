"""Every write on covenants. Each checks the permission matrix, validates (nothing changes on bad
input), writes, audits and notifies in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from brug.accounts.models import User
from brug.core import bounds, policy
from brug.core.audit import audit_record
from brug.core.errors import ServiceError
from brug.core.i18n import t
from brug.core.notify import notify
from brug.covenants import models as m
from brug.covenants.indicators import computed_value, metric_or_none
from brug.covenants.workflow import TRANSITIONS
from brug.registry.models import Organisation, OrganisationKind, Sector

CENT = Decimal("0.01")


# The largest amount any decimal column of covenants holds (14 digits, 2 after the point).
DECIMAL_MAX = Decimal("999999999999.99")


def _decimal(value: Any, field: str) -> Decimal:
    try:
        number = Decimal(str(value).replace(",", ".")) if value not in (None, "") else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ServiceError(
            t("Vul een getal in.", "Enter a number."), code="not_a_number", field=field
        )
    if abs(number) > DECIMAL_MAX:
        raise ServiceError(
            t("Dit getal is te groot.", "This number is too large."),
            code="out_of_range",
            field=field,
        )
    return number


def _people(organisation_id: int | None, role: str) -> list[User]:
    if organisation_id is None:
        return []
    return list(
        User.objects.filter(
            memberships__organisation_id=organisation_id,
            memberships__role=role,
            memberships__is_active=True,
        ).distinct()
    )


def _department_people(covenant: m.Covenant) -> list[User]:
    if covenant.account_manager is not None:
        return [covenant.account_manager]
    return list(
        User.objects.filter(
            memberships__role="department_work", memberships__is_active=True
        ).distinct()
    )


def _covenant_url(covenant: m.Covenant) -> str:
    return reverse("covenants:detail", args=[covenant.pk])


def _require_editable(covenant: m.Covenant) -> None:
    if not covenant.is_editable:
        raise ServiceError(
            t(
                "Het convenant is {s}; enkel een ontwerp of een convenant waarvoor aanpassing "
                "gevraagd is, kan gewijzigd worden.",
                "The covenant is {s}; only a draft or a covenant with changes requested can "
                "be changed.",
                s=covenant.get_status_display(),
            ),
            code="not_editable",
        )


# ------------------------------------------------------------------ generations


@transaction.atomic
def generation_create(
    *,
    actor: Any,
    code: str,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    fte_subsidy_eur: Decimal,
    result_share: Decimal,
    source: str = "",
) -> m.CovenantGeneration:
    generation = m.CovenantGeneration(
        code=code,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        fte_subsidy_eur=fte_subsidy_eur,
        result_share=result_share,
        source=source,
    )
    policy.require(actor, "create", generation)
    if ends_on <= starts_on:
        raise ServiceError(
            t("Het einde moet na het begin liggen.", "The end must come after the start."),
            code="bad_period",
            field="ends_on",
        )
    if not Decimal("0") <= result_share <= Decimal("1"):
        raise ServiceError(
            t("Het aandeel moet tussen 0 en 1 liggen.", "The share must be between 0 and 1."),
            code="bad_share",
            field="result_share",
        )
    if m.CovenantGeneration.objects.filter(code=code).exists():
        raise ServiceError(
            t("Die generatie bestaat al.", "That generation already exists."),
            code="duplicate",
            field="code",
        )
    generation.save()
    audit_record(actor=actor, verb="covenants.generation_created", obj=generation)
    return generation


# ------------------------------------------------------------------ covenants


@transaction.atomic
def covenant_create(
    *,
    actor: Any,
    generation: m.CovenantGeneration,
    sector: Sector,
    sector_fund: Organisation,
    consultant_fte: Decimal,
    public_summary: str = "",
) -> m.Covenant:
    covenant = m.Covenant(
        generation=generation,
        sector=sector,
        sector_fund=sector_fund,
        consultant_fte=consultant_fte,
        public_summary=public_summary,
    )
    policy.require(actor, "create", covenant)
    if sector_fund.kind != OrganisationKind.SECTOR_FUND:
        raise ServiceError(
            t("De partij moet een sectorfonds zijn.", "The party must be a sector fund."),
            code="not_a_sector_fund",
            field="sector_fund",
        )
    if consultant_fte < 0:
        raise ServiceError(
            t("Het aantal VTE kan niet negatief zijn.", "The number of FTE cannot be negative."),
            code="negative",
            field="consultant_fte",
        )
    if m.Covenant.objects.filter(generation=generation, sector=sector).exists():
        raise ServiceError(
            t(
                "De sector {s} heeft al een convenant in generatie {g}.",
                "Sector {s} already has a covenant in generation {g}.",
                s=sector.name,
                g=generation.code,
            ),
            code="duplicate_covenant",
            field="sector",
        )
    try:
        with transaction.atomic():
            covenant.save()
    except IntegrityError as exc:  # a concurrent request won the race: the DB constraint holds
        raise ServiceError(
            t(
                "De sector heeft al een convenant in deze generatie.",
                "The sector already has a covenant in this generation.",
            ),
            code="duplicate_covenant",
            field="sector",
        ) from exc
    audit_record(
        actor=actor,
        verb="covenants.covenant_created",
        obj=covenant,
        changes={"sector": sector.pk, "generation": generation.pk},
    )
    return covenant


@transaction.atomic
def covenant_update(
    *,
    actor: Any,
    covenant: m.Covenant,
    consultant_fte: Decimal | None = None,
    public_summary: str | None = None,
) -> m.Covenant:
    policy.require(actor, "change", covenant)
    _require_editable(covenant)
    changes: dict[str, Any] = {}
    if consultant_fte is not None:
        if consultant_fte < 0:
            raise ServiceError(
                t(
                    "Het aantal VTE kan niet negatief zijn.",
                    "The number of FTE cannot be negative.",
                ),
                code="negative",
                field="consultant_fte",
            )
        changes["consultant_fte"] = [covenant.consultant_fte, consultant_fte]
        covenant.consultant_fte = consultant_fte
    if public_summary is not None:
        changes["public_summary"] = [covenant.public_summary, public_summary]
        covenant.public_summary = public_summary
    covenant.save()
    audit_record(actor=actor, verb="covenants.covenant_changed", obj=covenant, changes=changes)
    return covenant


@transaction.atomic
def covenant_transition(
    *, actor: Any, covenant: m.Covenant, transition: str, note: str = ""
) -> m.Covenant:
    """Move a covenant through its work flow (submit, request changes, approve, start)."""
    step = TRANSITIONS.get(transition)
    if step is None:
        raise ServiceError(t("Onbekende stap.", "Unknown step."), code="unknown_transition")
    policy.require(actor, step.action, covenant)
    covenant = m.Covenant.objects.select_for_update().get(pk=covenant.pk)
    if covenant.status not in step.sources:
        raise ServiceError(
            t(
                "Deze stap kan niet vanuit de status '{s}'.",
                "This step is not possible from status '{s}'.",
                s=covenant.get_status_display(),
            ),
            code="bad_transition",
        )
    if transition == "submit" and not m.Action.objects.filter(covenant=covenant).exists():
        raise ServiceError(
            t(
                "Voeg minstens één actie toe vóór u indient.",
                "Add at least one action before submitting.",
            ),
            code="no_actions",
        )
    if transition == "request_changes" and not note.strip():
        raise ServiceError(
            t("Zeg welke aanpassing nodig is.", "Say which change is needed."),
            code="note_required",
            field="note",
        )
    before = covenant.status
    covenant.status = step.target
    now = timezone.now()
    if transition == "submit":
        covenant.submitted_at = now
    if transition == "approve":
        covenant.approved_at = now
    if note:
        covenant.review_note = bounds.text_within(note, field="note", max_length=m.NOTE_MAX)
    covenant.save()
    audit_record(
        actor=actor,
        verb=f"covenants.covenant_{transition}",
        obj=covenant,
        changes={"status": [before, covenant.status], "note": note},
    )
    status_text = covenant.get_status_display()
    if transition == "submit":
        recipients = _department_people(covenant)
    else:
        recipients = _people(covenant.sector_fund_id, "consultant")
    notify(
        recipients=recipients,
        subject=t(
            "Sectorconvenant {c}: {s}", "Sector covenant {c}: {s}", c=str(covenant), s=status_text
        ),
        body=t(
            "Het sectorconvenant {c} heeft nu de status '{s}'. {n}",
            "The sector covenant {c} now has the status '{s}'. {n}",
            c=str(covenant),
            s=status_text,
            n=note,
        ),
        url=_covenant_url(covenant),
    )
    return covenant


# ------------------------------------------------------------------ addenda


@transaction.atomic
def addendum_create(
    *,
    actor: Any,
    covenant: m.Covenant,
    kind: str,
    budget_eur: Decimal,
    title: str = "",
    extra_fte: Decimal = Decimal("0"),
) -> m.Addendum:
    addendum = m.Addendum(
        covenant=covenant, kind=kind, budget_eur=budget_eur, title=title, extra_fte=extra_fte
    )
    policy.require(actor, "create", addendum)
    _require_editable(covenant)
    if kind not in m.AddendumKind.values:
        raise ServiceError(t("Onbekend soort addendum.", "Unknown kind of addendum."), field="kind")
    if budget_eur < 0 or extra_fte < 0:
        raise ServiceError(
            t("Budget en VTE kunnen niet negatief zijn.", "Budget and FTE cannot be negative."),
            code="negative",
            field="budget_eur",
        )
    if kind != m.AddendumKind.OTHER and covenant.addenda.filter(kind=kind).exists():
        raise ServiceError(
            t(
                "Dit convenant heeft al zo'n addendum.",
                "This covenant already has such an addendum.",
            ),
            code="duplicate_addendum",
            field="kind",
        )
    addendum.save()
    audit_record(actor=actor, verb="covenants.addendum_created", obj=addendum)
    return addendum


@transaction.atomic
def addendum_record_plan(
    *, actor: Any, addendum: m.Addendum, risk_analysis: str, action_plan: str
) -> m.Addendum:
    """Risk analysis and action plan of a non-discrimination addendum (sector level text)."""
    policy.require(actor, "change", addendum)
    if addendum.kind != m.AddendumKind.NON_DISCRIMINATION:
        raise ServiceError(
            t(
                "Risicoanalyse en actieplan horen bij een addendum non-discriminatie.",
                "Risk analysis and action plan belong to a non-discrimination addendum.",
            ),
            code="wrong_addendum",
        )
    changes = {
        "risk_analysis": [addendum.risk_analysis, risk_analysis],
        "action_plan": [addendum.action_plan, action_plan],
    }
    addendum.risk_analysis = risk_analysis
    addendum.action_plan = action_plan
    addendum.save(update_fields=["risk_analysis", "action_plan"])
    audit_record(actor=actor, verb="covenants.addendum_plan", obj=addendum, changes=changes)
    return addendum


# ------------------------------------------------------------------ actions and commitments


@transaction.atomic
def action_create(
    *,
    actor: Any,
    covenant: m.Covenant,
    theme: m.Theme,
    category: str,
    title: str,
    description: str = "",
    addendum: m.Addendum | None = None,
) -> m.Action:
    action = m.Action(
        covenant=covenant,
        theme=theme,
        category=category,
        title=title.strip(),
        description=description,
        addendum=addendum,
    )
    policy.require(actor, "create", action)
    _require_editable(covenant)
    if category not in m.ActionCategory.values:
        raise ServiceError(t("Kies een soort actie.", "Choose a kind of action."), field="category")
    if not action.title:
        raise ServiceError(t("Geef de actie een titel.", "Give the action a title."), field="title")
    if theme.generation_id not in (None, covenant.generation_id):
        raise ServiceError(
            t(
                "Dit thema hoort bij een andere generatie.",
                "This theme belongs to another generation.",
            ),
            field="theme",
        )
    if addendum is not None and addendum.covenant_id != covenant.pk:
        raise ServiceError(
            t(
                "Dit addendum hoort bij een ander convenant.",
                "This addendum is of another covenant.",
            ),
            field="addendum",
        )
    action.save()
    audit_record(actor=actor, verb="covenants.action_created", obj=action)
    return action


@transaction.atomic
def commitment_create(
    *,
    actor: Any,
    action: m.Action,
    kind: str,
    owner: str,
    description: str,
    target_value: Any,
    unit: str,
    deadline: dt.date | None,
    metric_key: str = "",
) -> m.Commitment:
    """A commitment always has a target, a unit and a deadline; a computed indicator's metric
    must measure in the commitment's unit."""
    commitment = m.Commitment(action=action, kind=kind, owner=owner, description=description)
    policy.require(actor, "create", commitment)
    _require_editable(action.covenant)
    if target_value in (None, ""):
        raise ServiceError(
            t(
                "Een verbintenis heeft een streefwaarde nodig.",
                "A commitment needs a target value.",
            ),
            code="target_required",
            field="target_value",
        )
    target = _decimal(target_value, "target_value")
    if target < 0:
        raise ServiceError(
            t("De streefwaarde kan niet negatief zijn.", "The target cannot be negative."),
            code="negative",
            field="target_value",
        )
    if kind not in m.CommitmentKind.values:
        raise ServiceError(
            t("Kies inspanning of resultaat.", "Choose effort or result."), field="kind"
        )
    if owner not in m.CommitmentOwner.values:
        raise ServiceError(t("Kies wie zich engageert.", "Choose who commits."), field="owner")
    if unit not in m.Unit.values:
        raise ServiceError(t("Onbekende eenheid.", "Unknown unit."), code="bad_unit", field="unit")
    if deadline is None:
        raise ServiceError(
            t("Geef een termijn.", "Give a deadline."), code="deadline_required", field="deadline"
        )
    if not description.strip():
        raise ServiceError(
            t("Beschrijf de verbintenis.", "Describe the commitment."), field="description"
        )
    commitment.description = bounds.text_within(
        description, field="description", max_length=m.COMMITMENT_DESCRIPTION_MAX
    )
    bounds.date_within(
        deadline,
        field="deadline",
        earliest=m.COVENANT_EARLIEST,
        latest=bounds.add_years(timezone.localdate(), m.COMMITMENT_DEADLINE_MAX_YEARS),
    )
    if metric_key:
        metric = metric_or_none(metric_key)
        if metric is None:
            raise ServiceError(
                t("Onbekende indicator '{k}'.", "Unknown indicator '{k}'.", k=metric_key),
                code="unknown_metric",
                field="metric_key",
            )
        if metric.unit != unit:
            raise ServiceError(
                t(
                    "De indicator meet in '{mu}', de verbintenis in '{u}'.",
                    "The indicator measures in '{mu}', the commitment in '{u}'.",
                    mu=metric.unit,
                    u=unit,
                ),
                code="wrong_unit",
                field="unit",
            )
    commitment.target_value = target
    commitment.unit = unit
    commitment.deadline = deadline
    commitment.save()
    m.Indicator.objects.create(commitment=commitment, metric_key=metric_key, unit=unit)
    audit_record(
        actor=actor,
        verb="covenants.commitment_created",
        obj=commitment,
        changes={"target": target, "unit": unit, "metric": metric_key},
    )
    return commitment


# ------------------------------------------------------------------ reporting windows


@transaction.atomic
def window_create(
    *,
    actor: Any,
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
            t("De datums staan in de verkeerde volgorde.", "The dates are in the wrong order."),
            code="bad_dates",
            field="closes_on",
        )
    if generation.windows.filter(period_start=period_start).exists():
        raise ServiceError(
            t("Voor die periode bestaat al een venster.", "That period already has a window."),
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
            t(
                "Het rapporteringsvenster {w} is gesloten sinds {d}.",
                "The reporting window {w} closed on {d}.",
                w=window.label,
                d=window.closes_on.isoformat(),
            ),
            code="window_closed",
        )
    if today < window.opens_on:
        raise ServiceError(
            t(
                "Het rapporteringsvenster {w} opent pas op {d}.",
                "The reporting window {w} opens only on {d}.",
                w=window.label,
                d=window.opens_on.isoformat(),
            ),
            code="window_not_open",
        )


def _require_not_frozen(report: m.ProgressReport) -> None:
    if report.is_frozen:
        raise ServiceError(
            t(
                "Dit voortgangsrapport is ingediend en bevroren; het kan niet meer gewijzigd worden.",
                "This progress report has been submitted and is frozen; it cannot be changed.",
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
    actor: Any,
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
            t(
                "Dit venster hoort bij een andere generatie.",
                "This window is of another generation.",
            ),
            field="window",
        )
    if covenant.status not in (m.CovenantStatus.APPROVED, m.CovenantStatus.RUNNING):
        raise ServiceError(
            t(
                "Rapporteren kan pas als het convenant goedgekeurd is.",
                "Reporting starts once the covenant is approved.",
            ),
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
    actor: Any,
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
        raise ServiceError(t("Kies een status.", "Choose a status."), field="status")
    number = None if value in (None, "") else _decimal(value, "value")
    if unit is not None and unit != entry.commitment.unit:
        raise ServiceError(
            t(
                "Deze verbintenis wordt gemeten in '{u}', niet in '{g}'.",
                "This commitment is measured in '{u}', not in '{g}'.",
                u=entry.commitment.get_unit_display(),
                g=unit,
            ),
            code="wrong_unit",
            field="unit",
        )
    if number is not None and number < 0:
        raise ServiceError(
            t("Een waarde kan niet negatief zijn.", "A value cannot be negative."),
            code="negative",
            field="value",
        )
    if number is not None and entry.commitment.unit == m.Unit.PERCENT and number > 100:
        raise ServiceError(
            t("Een percentage ligt tussen 0 en 100.", "A percentage is between 0 and 100."),
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
    actor: Any,
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
    report.submitted_by = actor if getattr(actor, "is_authenticated", False) else None
    report.save()
    audit_record(
        actor=actor,
        verb="covenants.report_submitted",
        obj=report,
        changes={"values": {e.commitment_id: e.value for e in entries}},
    )
    notify(
        recipients=_department_people(report.covenant),
        subject=t(
            "Voortgangsrapport {r} ingediend", "Progress report {r} submitted", r=str(report)
        ),
        body=t(
            "Het voortgangsrapport {r} is ingediend.",
            "The progress report {r} has been submitted.",
            r=str(report),
        ),
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
            subject=t(
                "Herinnering: voortgangsrapport {w} voor {d}",
                "Reminder: progress report {w} due {d}",
                w=window.label,
                d=window.closes_on.isoformat(),
            ),
            body=t(
                "Het voortgangsrapport van {c} voor {w} is nog niet ingediend. "
                "Het venster sluit op {d}.",
                "The progress report of {c} for {w} has not been submitted yet. "
                "The window closes on {d}.",
                c=str(covenant),
                w=window.label,
                d=window.closes_on.isoformat(),
            ),
            url=_covenant_url(covenant),
        )
    return len(due)


# ------------------------------------------------------------------ evaluations


def covenant_funding(covenant: m.Covenant) -> Decimal:
    """Wage cost of the consultants (and addenda's extra FTE) over the generation + addenda."""
    generation = covenant.generation
    fte = covenant.consultant_fte + sum((a.extra_fte for a in covenant.addenda.all()), Decimal("0"))
    wage = fte * generation.fte_subsidy_eur * generation.years
    addenda = sum((a.budget_eur for a in covenant.addenda.all()), Decimal("0"))
    return (wage + addenda).quantize(CENT, rounding=ROUND_HALF_UP)


def result_funding(
    *, funding_total: Decimal, result_share: Decimal, met: int, total: int
) -> tuple[Decimal, Decimal]:
    """(base tied to results, amount earned) — the base times the share of result commitments met."""
    base = (funding_total * result_share).quantize(CENT, rounding=ROUND_HALF_UP)
    if total == 0:
        return base, Decimal("0.00")
    earned = (base * Decimal(met) / Decimal(total)).quantize(CENT, rounding=ROUND_HALF_UP)
    return base, min(earned, base)


@transaction.atomic
def evaluation_create(
    *,
    actor: Any,
    covenant: m.Covenant,
    kind: str,
    note: str = "",
    today: dt.date | None = None,
) -> m.Evaluation:
    today = today or timezone.localdate()
    evaluation = m.Evaluation(covenant=covenant, kind=kind)
    policy.require(actor, "create", evaluation)
    if kind not in m.Evaluation.Kind.values:
        raise ServiceError(t("Kies het soort evaluatie.", "Choose the kind."), field="kind")
    if covenant.status not in (m.CovenantStatus.APPROVED, m.CovenantStatus.RUNNING):
        raise ServiceError(
            t(
                "Enkel een goedgekeurd of lopend convenant kan geëvalueerd worden.",
                "Only an approved or running covenant can be evaluated.",
            ),
            code="not_running",
        )
    if covenant.evaluations.filter(kind=kind).exists():
        raise ServiceError(
            t("Deze evaluatie bestaat al.", "This evaluation already exists."),
            code="duplicate",
            field="kind",
        )
    latest = (
        covenant.progress_reports.filter(status=m.ProgressReport.Status.SUBMITTED)
        .order_by("-window__period_start")
        .first()
    )
    if latest is None:
        raise ServiceError(
            t(
                "Er is nog geen ingediend voortgangsrapport om op te evalueren.",
                "There is no submitted progress report to evaluate on yet.",
            ),
            code="no_report",
        )
    result_entries = [
        e for e in latest.entries.select_related("commitment") if e.commitment.kind == "result"
    ]
    total = m.Commitment.objects.filter(action__covenant=covenant, kind="result").count()
    met = sum(1 for e in result_entries if e.is_met)
    funding = covenant_funding(covenant)
    base, earned = result_funding(
        funding_total=funding,
        result_share=covenant.generation.result_share,
        met=met,
        total=total,
    )
    evaluation.evaluated_on = today
    evaluation.based_on = latest
    evaluation.result_commitments = total
    evaluation.result_commitments_met = met
    evaluation.funding_total_eur = funding
    evaluation.result_funding_base_eur = base
    evaluation.result_funding_eur = earned
    evaluation.note = note
    evaluation.evaluated_by = actor if getattr(actor, "is_authenticated", False) else None
    evaluation.save()
    if kind == m.Evaluation.Kind.FINAL:
        covenant.status = m.CovenantStatus.EVALUATED
        covenant.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        verb="covenants.evaluation_created",
        obj=evaluation,
        changes={"met": met, "total": total, "result_funding": earned},
    )
    notify(
        recipients=_people(covenant.sector_fund_id, "consultant"),
        subject=t("Evaluatie {c}", "Evaluation {c}", c=str(covenant)),
        body=t(
            "{k}: {met} van {n} resultaatsverbintenissen gehaald; resultaatsfinanciering € {e}.",
            "{k}: {met} of {n} result commitments met; result funding EUR {e}.",
            k=evaluation.get_kind_display(),
            met=met,
            n=total,
            e=earned,
        ),
        url=_covenant_url(covenant),
    )
    return evaluation


# ------------------------------------------------------------------ non-discrimination


@transaction.atomic
def measurement_record(
    *,
    actor: Any,
    addendum: m.Addendum,
    phase: str,
    method: str,
    performed_on: dt.date,
    results: Sequence[tuple[str, int, int]],
) -> m.DiscriminationMeasurement:
    """A sector-level measurement: per ground, number of tests and unfavourable outcomes."""
    measurement = m.DiscriminationMeasurement(
        addendum=addendum, phase=phase, method=method, performed_on=performed_on
    )
    policy.require(actor, "create", measurement)
    if addendum.kind != m.AddendumKind.NON_DISCRIMINATION:
        raise ServiceError(
            t(
                "Metingen horen bij een addendum non-discriminatie.",
                "Measurements belong to a non-discrimination addendum.",
            ),
            code="wrong_addendum",
        )
    if phase not in m.DiscriminationMeasurement.Phase.values:
        raise ServiceError(
            t("Kies nulmeting of vervolgmeting.", "Choose the phase."), field="phase"
        )
    if method not in m.MeasurementMethod.values:
        raise ServiceError(t("Kies een methode.", "Choose a method."), field="method")
    if addendum.measurements.filter(phase=phase).exists():
        raise ServiceError(
            t("Die meting is al geregistreerd.", "That measurement is already recorded."),
            code="duplicate",
            field="phase",
        )
    seen: set[str] = set()
    for ground, tests, unfavourable in results:
        if ground not in m.Ground.values or ground in seen:
            raise ServiceError(
                t(
                    "Onbekende of dubbele grond '{g}'.",
                    "Unknown or repeated ground '{g}'.",
                    g=ground,
                ),
                field="results",
            )
        seen.add(ground)
        if tests < 0 or unfavourable < 0 or unfavourable > tests:
            raise ServiceError(
                t(
                    "Grond '{g}': het aantal ongunstige uitkomsten moet tussen 0 en het aantal "
                    "tests liggen.",
                    "Ground '{g}': unfavourable outcomes must be between 0 and the number of tests.",
                    g=ground,
                ),
                code="bad_counts",
                field="results",
            )
    measurement.save()
    m.DiscriminationResult.objects.bulk_create(
        [
            m.DiscriminationResult(measurement=measurement, ground=g, tests=n, unfavourable=u)
            for g, n, u in results
        ]
    )
    audit_record(
        actor=actor,
        verb="covenants.measurement_recorded",
        obj=measurement,
        changes={"results": [list(r) for r in results]},
    )
    return measurement
