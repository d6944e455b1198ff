"""Training plans of a placement: create, move items, record progress."""

from __future__ import annotations

from django.db import transaction

from brug.accounts.people import RequestUser, signed_in
from brug.core import bounds, policy
from brug.core.audit import audit_record
from brug.core.i18n import gettext_lazy
from brug.workplace import models as m
from brug.workplace import rules
from brug.workplace.services._common import _fail


@transaction.atomic
def training_plan_create(*, actor: RequestUser, placement: m.Placement) -> m.TrainingPlan:
    """The plan of a new placement, from the programme's standard trajectory (else the
    default split). Called by `placement_create`; its own check: who may make the placement
    (matrix `create` on it) makes its plan, once."""
    policy.require(actor, "create", placement)
    if m.TrainingPlan.objects.filter(placement=placement).exists():
        _fail(
            gettext_lazy("This placement already has a training plan."),
            code="duplicate",
        )
    plan = m.TrainingPlan.objects.create(placement=placement)
    programme_id = placement.opening.programme_id
    standard = list(
        m.StandardTrajectory.objects.filter(programme_id=programme_id).select_related("competence")
    )
    if standard:
        items = [
            m.TrainingPlanItem(plan=plan, competence=s.competence, location=s.location)
            for s in standard
        ]
    else:
        from brug.registry.models import Competence

        competences = list(
            Competence.objects.filter(qualification__programmes__pk=programme_id)
            .distinct()
            .order_by("qualification_id", "order", "pk")
        )
        at_work = rules.default_workplace_count(
            len(competences), dual=placement.opening.kind == m.PlacementKind.DUAL
        )
        items = [
            m.TrainingPlanItem(
                plan=plan,
                competence=c,
                location=m.LearningLocation.WORKPLACE if i < at_work else m.LearningLocation.SCHOOL,
            )
            for i, c in enumerate(competences)
        ]
    m.TrainingPlanItem.objects.bulk_create(items)
    return plan


def _author_role(actor: RequestUser, plan: m.TrainingPlan) -> str:
    organisations = policy.organisations_of(actor)
    if plan.placement.opening.company_id in organisations:
        return "mentor"
    if plan.placement.learner.school_id in organisations:
        return "guide"
    return "admin"


@transaction.atomic
def training_plan_item_move(
    *, actor: RequestUser, item: m.TrainingPlanItem, location: str
) -> m.TrainingPlanItem:
    policy.require(actor, "change", item.plan)
    if location not in m.LearningLocation.values:
        _fail(
            gettext_lazy("Choose school or workplace."),
            code="location",
            field="location",
        )
    before = item.location
    item.location = location
    item.save(update_fields=["location"])
    audit_record(
        actor=actor,
        verb="trainingplan.move",
        obj=item.plan,
        changes={"item": item.pk, "location": [before, location]},
    )
    return item


@transaction.atomic
def training_plan_record_progress(
    *, actor: RequestUser, item: m.TrainingPlanItem, progress: str, note: str = ""
) -> m.ProgressRecord:
    policy.require(actor, "record_progress", item.plan)
    if progress not in m.ProgressLevel.values:
        _fail(gettext_lazy("Choose a progress level."), code="progress", field="progress")
    if item.plan.placement.status != m.PlacementStatus.ACTIVE:
        _fail(
            gettext_lazy("The placement has ended; progress can no longer be recorded."),
            code="placement_ended",
        )
    record = m.ProgressRecord.objects.create(
        item=item,
        author=signed_in(actor),
        author_role=_author_role(actor, item.plan),
        progress=progress,
        note=bounds.text_within(note, field="note", max_length=m.LONG_TEXT_MAX),
    )
    before = item.progress
    item.progress = progress
    item.save(update_fields=["progress"])
    audit_record(
        actor=actor,
        verb="trainingplan.progress",
        obj=item.plan,
        changes={"item": item.pk, "progress": [before, progress], "by": record.author_role},
    )
    return record


def workplace_share(plan: m.TrainingPlan) -> float | None:
    """Share of the plan's competences learned at the workplace (dual learning aims above 60 %)."""
    total = plan.items.count()
    if not total:
        return None
    return plan.items.filter(location=m.LearningLocation.WORKPLACE).count() / total
