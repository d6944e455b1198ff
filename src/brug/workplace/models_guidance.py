"""The agreement as people sign it, trajectory guidance and the quality of learning workplaces
(issue 14, second half). Imported by `models.py`, so `brug.workplace.models` names them all.

Choice labels are bilingual `Text` pairs in the `*_LABELS` maps (not model `choices`), so a
label never becomes one "Nederlands / English" string; a `CheckConstraint` keeps each code
field to its known values. Rules live in `services/agreements.py` and `services/guidance.py`;
the constraints here are the backstop.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from brug.core.bounds import date_check, length_check, range_check
from brug.core.i18n import Message, gettext_lazy

# Bounds (issue 14). Young people may work at most 8 hours a day and 38 hours a week (labour
# law on the working hours of young people); a learning agreement has 1-5 days a week.
DAYS_MIN, DAYS_MAX = 1, 5
HOURS_MIN, HOURS_MAX = 1, 38
HOURS_PER_DAY_MAX = 8
ALLOWANCE_MAX = Decimal("3000.00")  # euro per month; far above any learner allowance
SIGNER_NAME_MAX = 200
REASON_MAX = 2000
NOTE_MAX = 5000
FEEDBACK_COMMENT_MAX = 1000
DURATION_WEEKS_MAX = 52
ORGANISER_MAX = 200
SCORE_MIN, SCORE_MAX = 1, 5


def _in(field: str, values: dict[str, Message], name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{field}__in": list(values)}), name=name)


AGREEMENT_KIND_LABELS: dict[str, Message] = {
    "alternating": gettext_lazy("Agreement for alternating training"),
    "dual": gettext_lazy("Dual-learning agreement"),
    "internship": gettext_lazy("Internship agreement"),
}
INSURER_LABELS: dict[str, Message] = {
    "school": gettext_lazy("The school"),
    "company": gettext_lazy("The company"),
}
PARTY_LABELS: dict[str, Message] = {
    "learner": gettext_lazy("Learner"),
    "parent": gettext_lazy("Parent or guardian"),
    "company": gettext_lazy("Company"),
    "school": gettext_lazy("School"),
}


class LearningAgreement(models.Model):
    """The agreement of one placement as the parties sign it. Signed = every consent given."""

    placement = models.OneToOneField(
        "workplace.Placement", on_delete=models.CASCADE, related_name="agreement"
    )
    kind = models.CharField(max_length=12)
    days_per_week = models.PositiveSmallIntegerField()
    hours_per_week = models.PositiveSmallIntegerField()
    allowance_per_month = models.DecimalField(max_digits=7, decimal_places=2, default=Decimal(0))
    insurer = models.CharField(max_length=8)
    signed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = gettext_lazy("learning agreement")
        verbose_name_plural = gettext_lazy("learning agreements")
        ordering = ["-created_at", "-pk"]
        constraints = [
            _in("kind", AGREEMENT_KIND_LABELS, "learningagreement_kind_known"),
            _in("insurer", INSURER_LABELS, "learningagreement_insurer_known"),
            range_check("days_per_week", DAYS_MIN, DAYS_MAX, name="learningagreement_days_range"),
            range_check(
                "hours_per_week", HOURS_MIN, HOURS_MAX, name="learningagreement_hours_range"
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__lte=F("days_per_week") * HOURS_PER_DAY_MAX),
                name="learningagreement_hours_within_days",
            ),
            models.CheckConstraint(
                condition=Q(allowance_per_month__gte=0, allowance_per_month__lte=ALLOWANCE_MAX),
                name="learningagreement_allowance_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} · {self.placement_id}"

    @property
    def kind_label(self) -> str:
        return str(AGREEMENT_KIND_LABELS.get(self.kind, self.kind))

    @property
    def insurer_label(self) -> str:
        return str(INSURER_LABELS.get(self.insurer, self.insurer))

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class AgreementConsent(models.Model):
    """One party's consent: who gave it (the signer's name), who recorded it, and when."""

    agreement = models.ForeignKey(
        LearningAgreement, on_delete=models.CASCADE, related_name="consents"
    )
    party = models.CharField(max_length=8)
    signer_name = models.CharField(max_length=SIGNER_NAME_MAX)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    given_at = models.DateTimeField()

    class Meta:
        verbose_name = gettext_lazy("agreement consent")
        verbose_name_plural = gettext_lazy("agreement consents")
        ordering = ["given_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "party"], name="agreementconsent_once"),
            _in("party", PARTY_LABELS, "agreementconsent_party_known"),
            length_check("signer_name", SIGNER_NAME_MAX, name="agreementconsent_name_length"),
            models.CheckConstraint(
                condition=~Q(signer_name=""), name="agreementconsent_name_required"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party} · {self.agreement_id}"

    @property
    def party_label(self) -> str:
        return str(PARTY_LABELS.get(self.party, self.party))


ADVICE_SOURCE_LABELS: dict[str, Message] = {
    "class_council": gettext_lazy("Class council"),
    "trajectory_guide": gettext_lazy("Trajectory guide"),
}
ADVICE_OUTCOME_LABELS: dict[str, Message] = {
    "workplace": gettext_lazy("Ready for workplace learning"),
    "start_up": gettext_lazy("A start-up phase first"),
    "not_yet": gettext_lazy("Not yet"),
}


class TrajectoryAdvice(models.Model):
    """Non-binding advice on a learner's route (seed 002): by the class council or by the
    trajectory guide, each with who gave it, when and why. School-only, like the screening."""

    learner = models.ForeignKey(
        "workplace.Learner", on_delete=models.CASCADE, related_name="trajectory_advice"
    )
    source = models.CharField(max_length=16)
    outcome = models.CharField(max_length=10)
    # The class council's screening (arbeidsrijp, arbeidsbereid); None: not judged.
    ready = models.BooleanField(null=True, blank=True)
    willing = models.BooleanField(null=True, blank=True)
    reason = models.TextField()
    given_on = models.DateField()
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = gettext_lazy("trajectory advice")
        verbose_name_plural = gettext_lazy("trajectory advice items")
        ordering = ["-given_on", "-pk"]
        constraints = [
            _in("source", ADVICE_SOURCE_LABELS, "trajectoryadvice_source_known"),
            _in("outcome", ADVICE_OUTCOME_LABELS, "trajectoryadvice_outcome_known"),
            length_check("reason", REASON_MAX, name="trajectoryadvice_reason_length"),
            models.CheckConstraint(condition=~Q(reason=""), name="trajectoryadvice_has_reason"),
            date_check("given_on", name="trajectoryadvice_given_on_range"),
        ]

    def __str__(self) -> str:
        return f"{self.source}: {self.outcome} ({self.learner_id})"

    @property
    def source_label(self) -> str:
        return str(ADVICE_SOURCE_LABELS.get(self.source, self.source))

    @property
    def outcome_label(self) -> str:
        return str(ADVICE_OUTCOME_LABELS.get(self.outcome, self.outcome))


class StartUpTrajectory(models.Model):
    """The start-up phase (aanloopfase) before workplace learning: content, duration, organiser.

    Rows with `migrated` come from the old yes/no flag; their content still has to be filled in.
    """

    learner = models.ForeignKey(
        "workplace.Learner", on_delete=models.CASCADE, related_name="start_up_trajectories"
    )
    content = models.TextField()
    duration_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    organiser = models.CharField(max_length=ORGANISER_MAX, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    migrated = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = gettext_lazy("start-up trajectory")
        verbose_name_plural = gettext_lazy("start-up trajectories")
        ordering = ["-created_at", "-pk"]
        constraints = [
            length_check("content", NOTE_MAX, name="startup_content_length"),
            length_check("organiser", ORGANISER_MAX, name="startup_organiser_length"),
            range_check(
                "duration_weeks", 1, DURATION_WEEKS_MAX, null=True, name="startup_duration_range"
            ),
            date_check("starts_on", null=True, name="startup_starts_on_range"),
            date_check("completed_on", null=True, name="startup_completed_on_range"),
        ]

    def __str__(self) -> str:
        return f"aanloopfase {self.learner_id}"


GUIDANCE_KIND_LABELS: dict[str, Message] = {
    "visit": gettext_lazy("Workplace visit"),
    "evaluation": gettext_lazy("Evaluation talk school and company"),
    "end_evaluation": gettext_lazy("End-of-period evaluation"),
}


class GuidanceEntry(models.Model):
    """One entry of a placement's guidance log. An end-of-period evaluation also records
    progress in the training plan (see `services.guidance_record`)."""

    placement = models.ForeignKey(
        "workplace.Placement", on_delete=models.CASCADE, related_name="guidance_entries"
    )
    kind = models.CharField(max_length=16)
    on = models.DateField()
    notes = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_side = models.CharField(max_length=8)  # school or company
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = gettext_lazy("guidance entry")
        verbose_name_plural = gettext_lazy("guidance entries")
        ordering = ["-on", "-pk"]
        constraints = [
            _in("kind", GUIDANCE_KIND_LABELS, "guidanceentry_kind_known"),
            _in("author_side", INSURER_LABELS, "guidanceentry_side_known"),
            length_check("notes", NOTE_MAX, name="guidanceentry_notes_length"),
            models.CheckConstraint(condition=~Q(notes=""), name="guidanceentry_has_notes"),
            date_check("on", name="guidanceentry_on_range"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.on}"

    @property
    def kind_label(self) -> str:
        return str(GUIDANCE_KIND_LABELS.get(self.kind, self.kind))


RESPONDENT_LABELS: dict[str, Message] = {
    "learner": gettext_lazy("Learner"),
    "school": gettext_lazy("School"),
}


class WorkplaceFeedback(models.Model):
    """Short feedback on the workplace after a placement, once by the learner, once by the
    school. A company only ever sees aggregates above the small-cell threshold."""

    placement = models.ForeignKey(
        "workplace.Placement", on_delete=models.CASCADE, related_name="feedback"
    )
    respondent = models.CharField(max_length=8)
    learning_culture = models.PositiveSmallIntegerField()
    guidance = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = gettext_lazy("workplace feedback")
        verbose_name_plural = gettext_lazy("workplace feedback items")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "respondent"], name="workplacefeedback_once"
            ),
            _in("respondent", RESPONDENT_LABELS, "workplacefeedback_respondent_known"),
            range_check(
                "learning_culture", SCORE_MIN, SCORE_MAX, name="workplacefeedback_culture_range"
            ),
            range_check("guidance", SCORE_MIN, SCORE_MAX, name="workplacefeedback_guidance_range"),
            length_check("comment", FEEDBACK_COMMENT_MAX, name="workplacefeedback_comment_length"),
        ]

    def __str__(self) -> str:
        return f"{self.respondent} · {self.placement_id}"

    @property
    def respondent_label(self) -> str:
        return str(RESPONDENT_LABELS.get(self.respondent, self.respondent))
