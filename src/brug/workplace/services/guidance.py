"""Trajectory guidance and feedback on the workplace (issue 14).

* The class council's and the trajectory guide's advice (seed 002: the young person chooses;
  class council and guide give non-binding advice; the intake with the workplace decides).
  The class council's advice also sets the learner's screening (ready, willing).
* The start-up phase (aanloopfase) as a trajectory with content, duration and organiser.
* The guidance log of a placement: visits, evaluation talks school-company, and the
  end-of-period evaluation that records progress in the training plan.
* Feedback on the workplace after a placement, by the learner and by the school.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from brug.accounts.people import RequestUser, signed_in
from brug.core import bounds, policy
from brug.core.audit import audit_record
from brug.core.i18n import gettext_lazy
from brug.workplace import models as m
from brug.workplace.models_guidance import (
    ADVICE_OUTCOME_LABELS,
    ADVICE_SOURCE_LABELS,
    DURATION_WEEKS_MAX,
    FEEDBACK_COMMENT_MAX,
    NOTE_MAX,
    ORGANISER_MAX,
    REASON_MAX,
    SCORE_MAX,
    SCORE_MIN,
)
from brug.workplace.services._common import _fail, _today
from brug.workplace.services.training_plans import training_plan_record_progress

ADVICE_YEARS_BACK = 5


def _recent(on: date, field: str) -> date:
    today = _today()
    return bounds.date_within(
        on, field=field, earliest=bounds.add_years(today, -ADVICE_YEARS_BACK), latest=today
    )


@transaction.atomic
def trajectory_advice_record(
    *,
    actor: RequestUser,
    learner: m.Learner,
    source: str,
    outcome: str,
    reason: str,
    given_on: date | None = None,
    ready: bool | None = None,
    willing: bool | None = None,
) -> m.TrajectoryAdvice:
    """Record non-binding advice with who gave it, when and why."""
    advice = m.TrajectoryAdvice(learner=learner)
    policy.require(actor, "create", advice)
    if source not in ADVICE_SOURCE_LABELS:
        _fail(
            gettext_lazy("Choose who gives the advice."),
            code="source",
            field="source",
        )
    if outcome not in ADVICE_OUTCOME_LABELS:
        _fail(gettext_lazy("Choose an advice."), code="outcome", field="outcome")
    reason = bounds.text_within(reason, field="reason", max_length=REASON_MAX, required=True)
    given_on = _recent(given_on or _today(), "given_on")
    if source != "class_council" and (ready is not None or willing is not None):
        _fail(
            gettext_lazy("The class council judges ready and willing."),
            code="screening_by_class_council",
            field="ready",
        )
    advice.source, advice.outcome, advice.reason, advice.given_on = (
        source,
        outcome,
        reason,
        given_on,
    )
    advice.ready, advice.willing = ready, willing
    advice.given_by = signed_in(actor)
    advice.save()
    if source == "class_council":
        learner.ready, learner.willing = ready, willing
        learner.save(update_fields=["ready", "willing"])
    # The audit names codes only; the reason stays in the advice (school-only).
    audit_record(
        actor=actor,
        verb="trajectoryadvice.record",
        obj=learner,
        changes={"source": source, "outcome": outcome, "ready": ready, "willing": willing},
    )
    return advice


@transaction.atomic
def start_up_trajectory_save(
    *,
    actor: RequestUser,
    learner: m.Learner,
    content: str,
    duration_weeks: int,
    organiser: str,
    starts_on: date | None = None,
    completed_on: date | None = None,
    trajectory: m.StartUpTrajectory | None = None,
) -> m.StartUpTrajectory:
    """Create the learner's start-up trajectory, or complete one (also one migrated from the
    old yes/no flag)."""
    if trajectory is None:
        trajectory = m.StartUpTrajectory(learner=learner)
        policy.require(actor, "create", trajectory)
    else:
        policy.require(actor, "change", trajectory)
        if trajectory.learner_id != learner.pk:
            _fail(gettext_lazy("Not found."), code="not_found", field="trajectory")
    content = bounds.text_within(content, field="content", max_length=NOTE_MAX, required=True)
    organiser = bounds.text_within(
        organiser, field="organiser", max_length=ORGANISER_MAX, required=True
    )
    bounds.int_within(duration_weeks, field="duration_weeks", low=1, high=DURATION_WEEKS_MAX)
    today = _today()
    if starts_on is not None:
        bounds.date_within(
            starts_on,
            field="starts_on",
            earliest=bounds.add_years(today, -ADVICE_YEARS_BACK),
            latest=bounds.add_years(today, 1),
        )
    if completed_on is not None:
        bounds.date_within(
            completed_on,
            field="completed_on",
            earliest=starts_on or bounds.add_years(today, -ADVICE_YEARS_BACK),
            latest=today,
        )
    trajectory.content, trajectory.organiser = content, organiser
    trajectory.duration_weeks = duration_weeks
    trajectory.starts_on, trajectory.completed_on = starts_on, completed_on
    trajectory.migrated = False
    if trajectory.pk is None:
        trajectory.created_by = signed_in(actor)
    trajectory.save()
    audit_record(
        actor=actor,
        verb="startuptrajectory.save",
        obj=learner,
        changes={"weeks": duration_weeks, "organiser": organiser, "completed_on": completed_on},
    )
    return trajectory


def _side(actor: RequestUser, placement: m.Placement) -> str:
    companies = policy.organisations_of(actor, roles=("company_contact",))
    return "company" if placement.opening.company_id in companies else "school"


@transaction.atomic
def guidance_record(
    *,
    actor: RequestUser,
    placement: m.Placement,
    kind: str,
    notes: str,
    on: date | None = None,
    progress: dict[int, str] | None = None,
) -> m.GuidanceEntry:
    """One entry in the guidance log. An end-of-period evaluation may record progress per
    competence of the training plan (`progress`: item id → level), checked before any write."""
    entry = m.GuidanceEntry(placement=placement)
    policy.require(actor, "create", entry)
    if kind not in m.GUIDANCE_KIND_LABELS:
        _fail(gettext_lazy("Choose the kind of contact."), code="kind", field="kind")
    notes = bounds.text_within(notes, field="notes", max_length=NOTE_MAX, required=True)
    on = _recent(on or _today(), "on")
    progress = {k: v for k, v in (progress or {}).items() if v}
    if progress and kind != "end_evaluation":
        _fail(
            gettext_lazy("Progress in the training plan belongs to the end-of-period evaluation."),
            code="progress_only_at_end",
            field="progress",
        )
    items: dict[int, m.TrainingPlanItem] = {}
    if progress:
        items = {
            i.pk: i
            for i in m.TrainingPlanItem.objects.select_related("plan__placement").filter(
                plan__placement=placement, pk__in=list(progress)
            )
        }
        if set(progress) - set(items) or set(progress.values()) - set(m.ProgressLevel.values):
            _fail(
                gettext_lazy("Choose a progress level for items of this training plan."),
                code="progress",
                field="progress",
            )
        policy.require(actor, "record_progress", next(iter(items.values())).plan)
    entry.kind, entry.notes, entry.on = kind, notes, on
    entry.author = signed_in(actor)
    entry.author_side = _side(actor, placement)
    entry.save()
    for item_id, level in sorted(progress.items()):
        training_plan_record_progress(
            actor=actor, item=items[item_id], progress=level, note=str(entry.kind_label)
        )
    audit_record(
        actor=actor,
        verb="guidance.record",
        obj=placement,
        changes={"kind": kind, "on": on, "progress_items": sorted(progress)},
    )
    return entry


@transaction.atomic
def workplace_feedback_give(
    *,
    actor: RequestUser,
    placement: m.Placement,
    learning_culture: int,
    guidance: int,
    comment: str = "",
) -> m.WorkplaceFeedback:
    """Short feedback on the workplace once the placement is over: the learner answers for
    themself, the learner's school for the school."""
    is_learner = placement.learner.user_id is not None and placement.learner.user_id == getattr(
        actor, "pk", None
    )
    respondent = "learner" if is_learner else "school"
    feedback = m.WorkplaceFeedback(placement=placement, respondent=respondent)
    policy.require(actor, "create", feedback)
    if placement.status == m.PlacementStatus.ACTIVE:
        _fail(
            gettext_lazy("Feedback on the workplace follows the placement."),
            code="placement_active",
        )
    if m.WorkplaceFeedback.objects.filter(placement=placement, respondent=respondent).exists():
        _fail(
            gettext_lazy("This feedback has already been given."),
            code="already_given",
        )
    bounds.int_within(learning_culture, field="learning_culture", low=SCORE_MIN, high=SCORE_MAX)
    bounds.int_within(guidance, field="guidance", low=SCORE_MIN, high=SCORE_MAX)
    feedback.learning_culture, feedback.guidance = learning_culture, guidance
    feedback.comment = bounds.text_within(comment, field="comment", max_length=FEEDBACK_COMMENT_MAX)
    feedback.given_by = signed_in(actor)
    feedback.save()
    audit_record(
        actor=actor,
        verb="workplacefeedback.give",
        obj=placement,
        changes={"respondent": respondent},
    )
    return feedback
