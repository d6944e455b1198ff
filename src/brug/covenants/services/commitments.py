"""Addenda, actions and commitments of a covenant."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from brug.accounts.people import RequestUser
from brug.core import bounds, policy
from brug.core.audit import audit_record
from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy
from brug.covenants import models as m
from brug.covenants.indicators import metric_or_none
from brug.covenants.services._common import (
    _decimal,
    _require_editable,
)

# ------------------------------------------------------------------ addenda


@transaction.atomic
def addendum_create(
    *,
    actor: RequestUser,
    covenant: m.Covenant,
    kind: str,
    budget_eur: Decimal | None,
    title: str = "",
    extra_fte: Decimal = Decimal("0"),
    shared_with: Sequence[m.Covenant] = (),
) -> m.Addendum:
    """An addendum of a covenant; `shared_with` names the other covenants of the same generation
    that conclude it jointly (one addendum, counted once)."""
    addendum = m.Addendum(
        covenant=covenant, kind=kind, budget_eur=budget_eur, title=title, extra_fte=extra_fte
    )
    policy.require(actor, "create", addendum)
    _require_editable(covenant)
    if kind not in m.AddendumKind.values:
        raise ServiceError(gettext_lazy("Unknown kind of addendum."), field="kind")
    if (budget_eur is not None and budget_eur < 0) or extra_fte < 0:
        raise ServiceError(
            gettext_lazy("Budget and FTE cannot be negative."),
            code="negative",
            field="budget_eur",
        )
    if (
        kind != m.AddendumKind.OTHER
        and m.Addendum.objects.filter(kind=kind)
        .filter(Q(covenant=covenant) | Q(shared_with=covenant))
        .exists()
    ):
        raise ServiceError(
            gettext_lazy("This covenant already has such an addendum."),
            code="duplicate_addendum",
            field="kind",
        )
    partners = {c.pk: c for c in shared_with if c.pk != covenant.pk}
    if any(c.generation_id != covenant.generation_id for c in partners.values()):
        raise ServiceError(
            gettext_lazy(
                "A joint addendum can only be shared with covenants of the same generation."
            ),
            code="shared_other_generation",
            field="shared_with",
        )
    if kind != m.AddendumKind.OTHER and partners:
        taken = m.Addendum.objects.filter(kind=kind).filter(
            Q(covenant__in=partners.values()) | Q(shared_with__in=partners.values())
        )
        if taken.exists():
            raise ServiceError(
                gettext_lazy("One of those sectors already has such an addendum."),
                code="duplicate_addendum",
                field="shared_with",
            )
    addendum.save()
    if partners:
        addendum.shared_with.set(partners.values())
    audit_record(
        actor=actor,
        verb="covenants.addendum_created",
        obj=addendum,
        changes={"shared_with": sorted(partners)} if partners else None,
    )
    return addendum


@transaction.atomic
def addendum_record_plan(
    *,
    actor: RequestUser,
    addendum: m.Addendum,
    risk_analysis: str,
    action_plan: str,
    monitoring_plan: str | None = None,
) -> m.Addendum:
    """Risk analysis and action plan of a non-discrimination addendum (sector level text)."""
    policy.require(actor, "change", addendum)
    if addendum.kind != m.AddendumKind.NON_DISCRIMINATION:
        raise ServiceError(
            gettext_lazy("Risk analysis and action plan belong to a non-discrimination addendum."),
            code="wrong_addendum",
        )
    changes = {
        "risk_analysis": [addendum.risk_analysis, risk_analysis],
        "action_plan": [addendum.action_plan, action_plan],
    }
    fields = ["risk_analysis", "action_plan"]
    if monitoring_plan is not None:
        if monitoring_plan not in ("", *m.MonitoringPlan.values):
            raise ServiceError(
                gettext_lazy("Choose a known approach."),
                code="unknown_plan",
                field="monitoring_plan",
            )
        changes["monitoring_plan"] = [addendum.monitoring_plan, monitoring_plan]
        addendum.monitoring_plan = monitoring_plan
        fields.append("monitoring_plan")
    addendum.risk_analysis = risk_analysis
    addendum.action_plan = action_plan
    addendum.save(update_fields=fields)
    audit_record(actor=actor, verb="covenants.addendum_plan", obj=addendum, changes=changes)
    return addendum


# ------------------------------------------------------------------ actions and commitments


@transaction.atomic
def action_create(
    *,
    actor: RequestUser,
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
        raise ServiceError(gettext_lazy("Choose a kind of action."), field="category")
    if not action.title:
        raise ServiceError(gettext_lazy("Give the action a title."), field="title")
    if theme.generation_id not in (None, covenant.generation_id):
        raise ServiceError(
            gettext_lazy("This theme belongs to another generation."),
            field="theme",
        )
    if addendum is not None and addendum.covenant_id != covenant.pk:
        raise ServiceError(
            gettext_lazy("This addendum is of another covenant."),
            field="addendum",
        )
    action.save()
    audit_record(actor=actor, verb="covenants.action_created", obj=action)
    return action


@transaction.atomic
def commitment_create(
    *,
    actor: RequestUser,
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
            gettext_lazy("A commitment needs a target value."),
            code="target_required",
            field="target_value",
        )
    target = _decimal(target_value, "target_value")
    if target < 0:
        raise ServiceError(
            gettext_lazy("The target cannot be negative."),
            code="negative",
            field="target_value",
        )
    if kind not in m.CommitmentKind.values:
        raise ServiceError(gettext_lazy("Choose effort or result."), field="kind")
    if owner not in m.CommitmentOwner.values:
        raise ServiceError(gettext_lazy("Choose who commits."), field="owner")
    if unit not in m.Unit.values:
        raise ServiceError(gettext_lazy("Unknown unit."), code="bad_unit", field="unit")
    if deadline is None:
        raise ServiceError(
            gettext_lazy("Give a deadline."), code="deadline_required", field="deadline"
        )
    if not description.strip():
        raise ServiceError(gettext_lazy("Describe the commitment."), field="description")
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
                gettext_lazy("Unknown indicator '{k}'.", k=metric_key),
                code="unknown_metric",
                field="metric_key",
            )
        if metric.unit != unit:
            raise ServiceError(
                gettext_lazy(
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
