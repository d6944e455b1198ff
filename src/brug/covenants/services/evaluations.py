"""Evaluations, funding and non-discrimination measurements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from brug.accounts.people import RequestUser, user_or_none
from brug.core import policy
from brug.core.audit import audit_record
from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy
from brug.core.notify import notify
from brug.covenants import models as m
from brug.covenants.services._common import (
    CENT,
    _covenant_url,
    _people,
)

# ------------------------------------------------------------------ evaluations


def covenant_funding(covenant: m.Covenant) -> Decimal | None:
    """Wage cost of the consultants (and addenda's extra FTE) over the generation + addenda.

    None when a part is not known: the covenant's number of consultants or an addendum's amount
    is not published (never a guessed figure). Adding the addenda's budgets to the wage cost is
    Brug's reading of the source (docs/covenants.md), not a published formula."""
    addenda = list(covenant.addenda.all())
    if covenant.consultant_fte is None or any(a.budget_eur is None for a in addenda):
        return None
    generation = covenant.generation
    fte = covenant.consultant_fte + sum((a.extra_fte for a in addenda), Decimal("0"))
    wage = fte * generation.fte_subsidy_eur * generation.years
    budgets = sum((a.budget_eur or Decimal("0") for a in addenda), Decimal("0"))
    return (wage + budgets).quantize(CENT, rounding=ROUND_HALF_UP)


def own_result_commitments(covenant: m.Covenant) -> QuerySet[m.Commitment]:
    """The result commitments the sector itself owns: only these count for its result funding
    (a commitment of education or government never moves the sector's money)."""
    return m.Commitment.objects.filter(
        action__covenant=covenant,
        kind=m.CommitmentKind.RESULT,
        owner=m.CommitmentOwner.SECTOR,
    )


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
    actor: RequestUser,
    covenant: m.Covenant,
    kind: str,
    note: str = "",
    today: dt.date | None = None,
) -> m.Evaluation:
    today = today or timezone.localdate()
    evaluation = m.Evaluation(covenant=covenant, kind=kind)
    policy.require(actor, "create", evaluation)
    if kind not in m.Evaluation.Kind.values:
        raise ServiceError(gettext_lazy("Choose the kind."), field="kind")
    if covenant.status not in (m.CovenantStatus.APPROVED, m.CovenantStatus.RUNNING):
        raise ServiceError(
            gettext_lazy("Only an approved or running covenant can be evaluated."),
            code="not_running",
        )
    if covenant.evaluations.filter(kind=kind).exists():
        raise ServiceError(
            gettext_lazy("This evaluation already exists."),
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
            gettext_lazy("There is no submitted progress report to evaluate on yet."),
            code="no_report",
        )
    own = own_result_commitments(covenant)
    result_entries = latest.entries.filter(commitment__in=own)
    total = own.count()
    met = sum(1 for e in result_entries if e.is_met)
    funding = covenant_funding(covenant)
    if funding is None:
        raise ServiceError(
            gettext_lazy(
                "This covenant's funding is not known (number of consultants or an addendum's "
                "amount not published); fill it in first."
            ),
            code="funding_unknown",
        )
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
    evaluation.evaluated_by = user_or_none(actor)
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
        subject=gettext_lazy("Evaluation {c}", c=str(covenant)),
        body=gettext_lazy(
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
    actor: RequestUser,
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
            gettext_lazy("Measurements belong to a non-discrimination addendum."),
            code="wrong_addendum",
        )
    if phase not in m.DiscriminationMeasurement.Phase.values:
        raise ServiceError(gettext_lazy("Choose the phase."), field="phase")
    if method not in m.MeasurementMethod.values:
        raise ServiceError(gettext_lazy("Choose a method."), field="method")
    if addendum.measurements.filter(phase=phase).exists():
        raise ServiceError(
            gettext_lazy("That measurement is already recorded."),
            code="duplicate",
            field="phase",
        )
    seen: set[str] = set()
    for ground, tests, unfavourable in results:
        if ground not in m.Ground.values or ground in seen:
            raise ServiceError(
                gettext_lazy("Unknown or repeated ground '{g}'.", g=ground),
                field="results",
            )
        seen.add(ground)
        if tests < 0 or unfavourable < 0 or unfavourable > tests:
            raise ServiceError(
                gettext_lazy(
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
