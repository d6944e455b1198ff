"""Workplace learning: recognitions (erkenningen), mentors, openings, learners, applications,
placements, training plans and the consultant's field log.

Rules live in the services; the database constraints here are the backstop.
"""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from brug.core.bounds import (
    EARLIEST_BIRTH_DATE,
    LATEST_DATE,
    date_check,
    length_check,
    range_check,
)
from brug.core.i18n import Message, gettext_lazy, pgettext_lazy
from brug.registry.models import Competence, Municipality, Organisation, Programme, Site

# Issue 14 (second half): the agreement, trajectory guidance, the quality of workplaces,
# kept in their own module; re-exported here so `brug.workplace.models` names every model.
from brug.workplace.models_guidance import ADVICE_OUTCOME_LABELS as ADVICE_OUTCOME_LABELS
from brug.workplace.models_guidance import ADVICE_SOURCE_LABELS as ADVICE_SOURCE_LABELS
from brug.workplace.models_guidance import AGREEMENT_KIND_LABELS as AGREEMENT_KIND_LABELS
from brug.workplace.models_guidance import GUIDANCE_KIND_LABELS as GUIDANCE_KIND_LABELS
from brug.workplace.models_guidance import INSURER_LABELS as INSURER_LABELS
from brug.workplace.models_guidance import PARTY_LABELS as PARTY_LABELS
from brug.workplace.models_guidance import RESPONDENT_LABELS as RESPONDENT_LABELS
from brug.workplace.models_guidance import AgreementConsent as AgreementConsent
from brug.workplace.models_guidance import GuidanceEntry as GuidanceEntry
from brug.workplace.models_guidance import LearningAgreement as LearningAgreement
from brug.workplace.models_guidance import StartUpTrajectory as StartUpTrajectory
from brug.workplace.models_guidance import TrajectoryAdvice as TrajectoryAdvice
from brug.workplace.models_guidance import WorkplaceFeedback as WorkplaceFeedback

RECOGNITION_YEARS = 5
REVIEW_TARGET_DAYS = 30

# Bounds a person would expect (issue 11 §3); the services check them, the database backs them.
NAME_MAX = 100
EMAIL_MAX = 254
LONG_TEXT_MAX = 5000
MENTOR_EXPERIENCE_MAX = 60
OPENING_CAPACITY_MAX = 500
OPENING_EARLIEST = date(2000, 1, 1)
OPENING_MAX_YEARS = 2
LEARNER_AGE_MIN = 10
LEARNER_AGE_MAX = 30
CONTACT_MAX_YEARS_BACK = 5
APPLICATION_RANK_MAX = 100


def new_pseudonym() -> str:
    """Random, not derived from identity: the key cannot be turned back into a person."""
    return "L-" + secrets.token_hex(6).upper()


class Mandate(models.Model):
    """A company lets a school or sector fund apply for recognition on its behalf."""

    company = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="mandates_given"
    )
    mandatee = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="mandates_received"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    granted_on = models.DateField(default=date.today)
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = gettext_lazy("mandate")
        verbose_name_plural = gettext_lazy("mandates")
        constraints = [
            models.UniqueConstraint(fields=["company", "mandatee"], name="mandate_unique_pair"),
            models.CheckConstraint(
                condition=~Q(company=F("mandatee")), name="mandate_not_to_itself"
            ),
            date_check("granted_on", name="mandate_granted_on_range"),
        ]

    def __str__(self) -> str:
        return f"{self.company} → {self.mandatee}"


class Mentor(models.Model):
    """The person at the workplace who trains the learner."""

    company = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="mentors")
    site = models.ForeignKey(
        Site, on_delete=models.SET_NULL, null=True, blank=True, related_name="mentors"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentor_roles",
        help_text="The mentor's own login, when the mentor records progress personally.",
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    birth_date = models.DateField()
    experience_years = models.PositiveSmallIntegerField(default=0)
    has_relevant_diploma = models.BooleanField(default=False)
    criminal_record_checked_on = models.DateField(
        null=True, blank=True, help_text="Uittreksel strafregister (model voor minderjarigen)"
    )
    age_derogation = models.BooleanField(
        default=False, help_text="Afwijking: mentor van 23 of 24 jaar toegestaan"
    )
    training_completed_on = models.DateField(null=True, blank=True)
    training_reminder_sent_on = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    inactive_reason = models.CharField(max_length=300, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = gettext_lazy("mentor")
        verbose_name_plural = gettext_lazy("mentors")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(experience_years__lte=60), name="mentor_experience_plausible"
            ),
            length_check("first_name", NAME_MAX, name="mentor_first_name_length"),
            length_check("last_name", NAME_MAX, name="mentor_last_name_length"),
            length_check("email", EMAIL_MAX, name="mentor_email_length"),
            date_check("birth_date", earliest=EARLIEST_BIRTH_DATE, name="mentor_birth_date_range"),
            date_check("criminal_record_checked_on", null=True, name="mentor_record_check_range"),
            date_check("training_completed_on", null=True, name="mentor_training_range"),
            length_check("inactive_reason", 300, name="mentor_inactive_reason_length"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class RecognitionStatus(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft")
    SUBMITTED = "submitted", gettext_lazy("Submitted")
    VISIT_PLANNED = "visit_planned", gettext_lazy("Site visit planned")
    APPROVED = "approved", pgettext_lazy("Erkend", "Approved")
    REFUSED = "refused", gettext_lazy("Refused")
    APPEALED = "appealed", gettext_lazy("Appealed")
    SUSPENDED = "suspended", gettext_lazy("Suspended")
    WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")


OPEN_RECOGNITION_STATES = (
    RecognitionStatus.DRAFT,
    RecognitionStatus.SUBMITTED,
    RecognitionStatus.VISIT_PLANNED,
    RecognitionStatus.APPROVED,
    RecognitionStatus.APPEALED,
    RecognitionStatus.SUSPENDED,
)
# A renewal request in progress (the recognition it renews is still valid meanwhile).
IN_RENEWAL_STATES = (
    RecognitionStatus.DRAFT,
    RecognitionStatus.SUBMITTED,
    RecognitionStatus.VISIT_PLANNED,
    RecognitionStatus.APPEALED,
)
IN_REVIEW_STATES = (
    RecognitionStatus.SUBMITTED,
    RecognitionStatus.VISIT_PLANNED,
    RecognitionStatus.APPEALED,
)


class Recognition(models.Model):
    """The recognition (erkenning) of one site for one programme, from application to expiry.

    The application and the recognition are one row with a status; an approved, unexpired
    recognition is a learning workplace (leerwerkplek, `Workplace`).
    """

    company = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="recognitions")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="recognitions")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="recognitions")
    partnership = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recognitions_to_review",
        help_text="The partnership the application is routed to.",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    applicant_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="recognitions_applied"
    )
    activities = models.TextField(
        help_text="The activities of the programme that this site can teach."
    )
    mentors = models.ManyToManyField(Mentor, related_name="recognitions", blank=True)
    status = models.CharField(
        max_length=16, choices=RecognitionStatus.choices, default=RecognitionStatus.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True, help_text="Reason of the last refusal/suspension/...")
    # A renewal is a new request by the company before the recognition expires (docs/workplace.md).
    renews = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="renewals"
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = gettext_lazy("recognition")
        verbose_name_plural = gettext_lazy("recognitions")
        ordering = ["-created_at"]
        constraints = [
            length_check("activities", LONG_TEXT_MAX, name="recognition_activities_length"),
            length_check("reason", LONG_TEXT_MAX, name="recognition_reason_length"),
            date_check("valid_from", null=True, name="recognition_valid_from_range"),
            date_check("valid_until", null=True, name="recognition_valid_until_range"),
            models.UniqueConstraint(
                fields=["site", "programme"],
                condition=Q(status__in=[s.value for s in OPEN_RECOGNITION_STATES])
                & Q(renews__isnull=True),
                name="recognition_one_open_per_site_programme",
            ),
            models.UniqueConstraint(
                fields=["renews"],
                condition=Q(status__in=[s.value for s in IN_RENEWAL_STATES]),
                name="recognition_one_open_renewal",
            ),
            models.CheckConstraint(
                condition=~Q(renews=F("pk")), name="recognition_renews_not_itself"
            ),
            models.CheckConstraint(
                condition=~Q(status=RecognitionStatus.APPROVED)
                | Q(valid_from__isnull=False, valid_until__isnull=False),
                name="recognition_approved_has_validity",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="recognition_validity_ordered",
            ),
        ]
        indexes = [models.Index(fields=["status", "valid_until"])]

    def __str__(self) -> str:
        return f"{self.site} · {self.programme}"

    def is_recognised(self, on: date | None = None) -> bool:
        day = on or date.today()
        return (
            self.status == RecognitionStatus.APPROVED
            and self.valid_until is not None
            and self.valid_until >= day
        )


# The glossary's names: the application and the workplace are states of one recognition row.
RecognitionApplication = Recognition
Workplace = Recognition


def recognised_q(prefix: str = "", on: date | None = None) -> Q:
    """Q for approved, unexpired recognitions (optionally through a relation prefix)."""
    day = on or date.today()
    return Q(**{f"{prefix}status": RecognitionStatus.APPROVED, f"{prefix}valid_until__gte": day})


# What a recognition's history says for each transition (the services' notifications too).
TRANSITION_LABELS: dict[str, Message] = {
    "apply": gettext_lazy("application started"),
    "submit": gettext_lazy("submitted"),
    "plan_visit": gettext_lazy("site visit planned"),
    "approve": gettext_lazy("approved"),
    "refuse": gettext_lazy("refused"),
    "appeal": gettext_lazy("appealed"),
    "renew": gettext_lazy("renewed"),
    "suspend": gettext_lazy("suspended"),
    "reinstate": gettext_lazy("reinstated"),
    "withdraw": gettext_lazy("withdrawn"),
    "demo": gettext_lazy("demo data"),
}


class RecognitionEvent(models.Model):
    """The history of a recognition: every transition, who made it, and why."""

    recognition = models.ForeignKey(Recognition, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    transition = models.CharField(max_length=32)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("recognition event")
        verbose_name_plural = gettext_lazy("recognition events")
        ordering = ["at", "pk"]
        constraints = [
            length_check("reason", LONG_TEXT_MAX, name="recognitionevent_reason_length"),
        ]

    def __str__(self) -> str:
        return f"{self.transition}: {self.from_status} → {self.to_status}"

    def transition_label(self) -> str:
        """The transition in words ("ingediend"), never its key."""
        return str(TRANSITION_LABELS.get(self.transition, self.transition))

    def to_status_label(self) -> str:
        """The status it led to in words ("Erkend")."""
        labels = dict(RecognitionStatus.choices)
        return str(labels.get(self.to_status, self.to_status))


class ConditionKind(models.TextChoices):
    """The recognition conditions besides the mentor (seed 002 and the public rules)."""

    RISK_ANALYSIS = "risk_analysis", gettext_lazy("Risk analysis (welfare law)")
    PROTECTIVE_EQUIPMENT = "protective_equipment", gettext_lazy("Protective equipment")
    HEALTH_SURVEILLANCE = "health_surveillance", gettext_lazy("Health surveillance")
    WORKING_HOURS = "working_hours", gettext_lazy("Working hours of young people")
    INSURANCE = "insurance", gettext_lazy("Insurance (school or company)")
    FINANCIAL_CAPACITY = "financial_capacity", gettext_lazy("Financial capacity")
    NO_CONVICTIONS = "no_convictions", gettext_lazy("No convictions")
    ORGANISATION_EQUIPMENT = (
        "organisation_equipment",
        gettext_lazy("Organisation and equipment"),
    )


class ConditionVerdict(models.TextChoices):
    PENDING = "pending", gettext_lazy("To be assessed")
    MET = "met", gettext_lazy("Met")
    NOT_MET = "not_met", gettext_lazy("Not met")


class RecognitionCondition(models.Model):
    """One condition of a recognition: the company's evidence and the reviewer's verdict."""

    recognition = models.ForeignKey(
        Recognition, on_delete=models.CASCADE, related_name="conditions"
    )
    kind = models.CharField(max_length=24, choices=ConditionKind.choices)
    evidence = models.TextField(blank=True, help_text="What the company shows, in its words.")
    evidence_file = models.FileField(upload_to="recognition-evidence/%Y/", blank=True)
    evidence_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    evidence_at = models.DateTimeField(null=True, blank=True)
    verdict = models.CharField(
        max_length=8, choices=ConditionVerdict.choices, default=ConditionVerdict.PENDING
    )
    verdict_note = models.TextField(blank=True)
    verdict_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    verdict_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = gettext_lazy("recognition condition")
        verbose_name_plural = gettext_lazy("recognition conditions")
        ordering = ["recognition", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recognition", "kind"], name="recognitioncondition_unique"
            ),
            length_check("evidence", LONG_TEXT_MAX, name="recognitioncondition_evidence_length"),
            length_check("verdict_note", LONG_TEXT_MAX, name="recognitioncondition_note_length"),
            # A condition is approved on evidence only.
            models.CheckConstraint(
                condition=~Q(verdict="met") | ~Q(evidence="") | ~Q(evidence_file=""),
                name="recognitioncondition_met_has_evidence",
            ),
            models.CheckConstraint(
                condition=~Q(verdict="not_met") | ~Q(verdict_note=""),
                name="recognitioncondition_not_met_has_note",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recognition_id}: {self.kind} ({self.verdict})"

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence.strip() or self.evidence_file)


SITE_VISIT_MAX_DAYS_AHEAD = 366


class SiteVisit(models.Model):
    """A site visit for a recognition: when, who visited, and what they found."""

    recognition = models.ForeignKey(
        Recognition, on_delete=models.CASCADE, related_name="site_visits"
    )
    on = models.DateField()
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    visitor_name = models.CharField(max_length=NAME_MAX * 2)
    findings = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("site visit")
        verbose_name_plural = gettext_lazy("site visits")
        ordering = ["-on", "-pk"]
        constraints = [
            date_check("on", earliest=OPENING_EARLIEST, name="sitevisit_on_range"),
            length_check("visitor_name", NAME_MAX * 2, name="sitevisit_visitor_name_length"),
            length_check("findings", LONG_TEXT_MAX, name="sitevisit_findings_length"),
        ]

    def __str__(self) -> str:
        return f"{self.recognition_id} {self.on}"


class TargetGroup(models.TextChoices):
    """Groups that places may be reserved for (seed 000)."""

    BUSO = "buso", gettext_lazy("Special secondary learners")
    DBSO = "dbso", gettext_lazy("Part-time vocational learners")
    EARLY_LEAVERS = "early_leavers", gettext_lazy("Early school leavers")


class PlacementKind(models.TextChoices):
    WORKPLACE_LEARNING = "workplace_learning", gettext_lazy("Workplace learning")
    INTERNSHIP = "internship", gettext_lazy("Internship")
    DUAL = "dual", gettext_lazy("Dual learning")


class OpeningStatus(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft")
    PUBLISHED = "published", gettext_lazy("Published")
    CLOSED = "closed", pgettext_lazy("Gesloten", "Closed")


class Opening(models.Model):
    """Places (plaatsen) a learning workplace offers for a period."""

    workplace = models.ForeignKey(Recognition, on_delete=models.PROTECT, related_name="openings")
    company = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="openings")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="openings")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="openings")
    kind = models.CharField(max_length=20, choices=PlacementKind.choices)
    start = models.DateField()
    end = models.DateField()
    capacity = models.PositiveIntegerField()
    # Active placements; kept by the services, guarded by the constraints below.
    filled = models.PositiveIntegerField(default=0)
    days_per_week = models.PositiveSmallIntegerField(default=2)
    description = models.TextField(blank=True)
    requirements = models.TextField(blank=True)
    practical_notes = models.TextField(blank=True, help_text="Transport, accessibility, ...")
    status = models.CharField(
        max_length=12, choices=OpeningStatus.choices, default=OpeningStatus.DRAFT
    )
    # Places reserved for a target group (seed 000); the rest is open to every learner.
    target_group = models.CharField(max_length=16, choices=TargetGroup.choices, blank=True)
    target_group_places = models.PositiveIntegerField(default=0)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = gettext_lazy("opening")
        verbose_name_plural = gettext_lazy("openings")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gt=0), name="opening_capacity_positive"),
            models.CheckConstraint(condition=Q(filled__gte=0), name="opening_filled_not_negative"),
            models.CheckConstraint(
                condition=Q(filled__lte=F("capacity")), name="opening_filled_within_capacity"
            ),
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="opening_period_ordered"),
            models.CheckConstraint(
                condition=Q(days_per_week__gte=1, days_per_week__lte=5),
                name="opening_days_per_week_1_5",
            ),
            range_check("capacity", 1, OPENING_CAPACITY_MAX, name="opening_capacity_range"),
            date_check("start", earliest=OPENING_EARLIEST, name="opening_start_range"),
            date_check("end", earliest=OPENING_EARLIEST, name="opening_end_range"),
            length_check("description", LONG_TEXT_MAX, name="opening_description_length"),
            length_check("requirements", LONG_TEXT_MAX, name="opening_requirements_length"),
            length_check("practical_notes", LONG_TEXT_MAX, name="opening_notes_length"),
            models.CheckConstraint(
                condition=Q(target_group_places__lte=F("capacity")),
                name="opening_target_places_within_capacity",
            ),
            models.CheckConstraint(
                condition=Q(target_group_places=0) | ~Q(target_group=""),
                name="opening_target_places_have_group",
            ),
        ]
        indexes = [models.Index(fields=["status", "programme", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.programme} · {self.site}"

    @property
    def free_places(self) -> int:
        return self.capacity - self.filled


class Learner(models.Model):
    """A learner, known to everyone except the school by a random pseudonym."""

    pseudonym = models.CharField(max_length=20, unique=True, default=new_pseudonym)
    school = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="learners")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="learners")
    grade = models.PositiveSmallIntegerField(default=3)
    # The year within the grade (1, 2; 3 for a seventh year); None when not recorded.
    year_in_grade = models.PositiveSmallIntegerField(null=True, blank=True)
    # Left school without a qualification and came back (a target group, seed 000). School-only.
    early_school_leaver = models.BooleanField(default=False)
    home_municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="learners"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learner_record",
    )
    # The class council's non-binding screening advice (None: no advice yet).
    ready = models.BooleanField(null=True, blank=True, help_text="arbeidsrijp")
    willing = models.BooleanField(null=True, blank=True, help_text="arbeidsbereid")
    # The start-up phase (aanloopfase) is a trajectory of its own: StartUpTrajectory.
    # For fairness monitoring only: never shown to companies, never leaves the school.
    has_support_need = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the learner was erased on request or by the retention rule (docs/privacy.md):
    # identity, account and free text are gone; what is kept serves statistics only.
    anonymised_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = gettext_lazy("learner")
        verbose_name_plural = gettext_lazy("learners")
        ordering = ["pseudonym"]
        constraints = [
            models.CheckConstraint(
                condition=Q(grade__gte=1, grade__lte=3), name="learner_grade_1_3"
            ),
            models.CheckConstraint(
                condition=Q(year_in_grade__isnull=True)
                | Q(year_in_grade__gte=1, year_in_grade__lte=3),
                name="learner_year_in_grade_1_3",
            ),
        ]

    def __str__(self) -> str:
        return self.pseudonym


class LearnerIdentity(models.Model):
    """Identifying fields of a learner (a minor, mostly). Every read is logged."""

    learner = models.OneToOneField(Learner, on_delete=models.CASCADE, related_name="identity")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    birth_date = models.DateField(null=True, blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        verbose_name = gettext_lazy("learner identity")
        verbose_name_plural = gettext_lazy("learner identities")
        constraints = [
            length_check("first_name", NAME_MAX, name="learneridentity_first_name_length"),
            length_check("last_name", NAME_MAX, name="learneridentity_last_name_length"),
            length_check("email", EMAIL_MAX, name="learneridentity_email_length"),
            date_check(
                "birth_date",
                earliest=EARLIEST_BIRTH_DATE,
                latest=LATEST_DATE,
                null=True,
                name="learneridentity_birth_date_range",
            ),
        ]

    def __str__(self) -> str:
        return f"identity of {self.learner_id}"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", gettext_lazy("Applied")
    ACCEPTED = "accepted", pgettext_lazy("Aanvaard na intake", "Accepted")
    DECLINED = "declined", pgettext_lazy("Niet weerhouden", "Declined")
    WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")


class DeclineReason(models.TextChoices):
    PROFILE_MISMATCH = "profile_mismatch", gettext_lazy("Profile does not fit")
    LEARNER_DECLINED = "learner_declined", gettext_lazy("Learner declined")
    NO_SHOW = "no_show", gettext_lazy("Did not attend")
    PRACTICAL = "practical", gettext_lazy("Practical (hours, transport)")
    OTHER = "other", gettext_lazy("Other")


class Application(models.Model):
    """A learner's ranked wish (kandidatuur, voorkeur) for an opening, and the intake outcome."""

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="applications")
    opening = models.ForeignKey(Opening, on_delete=models.CASCADE, related_name="applications")
    rank = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(
        max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    decline_reason = models.CharField(max_length=20, choices=DeclineReason.choices, blank=True)
    intake_on = models.DateField(null=True, blank=True)
    intake_note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = gettext_lazy("application")
        verbose_name_plural = gettext_lazy("applications")
        ordering = ["learner", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "opening"], name="application_unique"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="application_rank_positive"),
            range_check("rank", 1, APPLICATION_RANK_MAX, name="application_rank_range"),
            length_check("intake_note", LONG_TEXT_MAX, name="application_intake_note_length"),
            date_check("intake_on", null=True, name="application_intake_on_range"),
            models.CheckConstraint(
                condition=~Q(status=ApplicationStatus.DECLINED) | ~Q(decline_reason=""),
                name="application_declined_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner} → {self.opening_id} (#{self.rank})"


Preference = Application


class PlacementStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("Lopend", "Active")
    ENDED = "ended", pgettext_lazy("Beëindigd", "Ended")
    ENDED_EARLY = "ended_early", gettext_lazy("Ended early")


class EndReason(models.TextChoices):
    LEARNER_DROPPED_OUT = "learner_dropped_out", gettext_lazy("Learner dropped out")
    SCHOOL_CHANGE = "school_change", gettext_lazy("Changed school or programme")
    COMPANY_ENDED = "company_ended", gettext_lazy("Company ended it")
    MISMATCH = "mismatch", gettext_lazy("Poor match")
    HEALTH = "health", gettext_lazy("Health")
    OTHER = "other", gettext_lazy("Other")


class Placement(models.Model):
    """The agreement (overeenkomst): learner, opening, mentor and period."""

    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="placements")
    opening = models.ForeignKey(Opening, on_delete=models.PROTECT, related_name="placements")
    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="placements")
    start = models.DateField()
    end = models.DateField()
    status = models.CharField(
        max_length=12, choices=PlacementStatus.choices, default=PlacementStatus.ACTIVE
    )
    end_reason = models.CharField(max_length=24, choices=EndReason.choices, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = gettext_lazy("placement")
        verbose_name_plural = gettext_lazy("placements")
        ordering = ["-start", "pk"]
        constraints = [
            date_check("start", earliest=OPENING_EARLIEST, name="placement_start_range"),
            date_check("end", earliest=OPENING_EARLIEST, name="placement_end_range"),
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="placement_period_ordered"
            ),
            # At most one active placement per learner (the service checks it first; this
            # partial unique index holds it under concurrent requests, on both databases).
            models.UniqueConstraint(
                fields=["learner"],
                condition=Q(status="active"),
                name="placement_one_active_per_learner",
            ),
            models.CheckConstraint(
                condition=~Q(status="ended_early") | ~Q(end_reason=""),
                name="placement_early_end_has_reason",
            ),
            date_check("ended_on", name="placement_ended_on_range", null=True),
        ]

    def __str__(self) -> str:
        return f"{self.learner} @ {self.opening_id}"

    @property
    def ended_early(self) -> bool:
        return self.status == PlacementStatus.ENDED_EARLY


class LearningLocation(models.TextChoices):
    SCHOOL = "school", "School"
    WORKPLACE = "workplace", gettext_lazy("Workplace")


class StandardTrajectory(models.Model):
    """A programme's default split of competences between school and workplace."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="standard_trajectory"
    )
    competence = models.ForeignKey(Competence, on_delete=models.CASCADE, related_name="+")
    location = models.CharField(max_length=10, choices=LearningLocation.choices)

    class Meta:
        verbose_name = gettext_lazy("standard trajectory")
        verbose_name_plural = gettext_lazy("standard trajectories")
        ordering = ["programme", "competence__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "competence"], name="standardtrajectory_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}/{self.competence_id}: {self.location}"


class TrainingPlan(models.Model):
    """The opleidingsplan of one placement."""

    placement = models.OneToOneField(
        Placement, on_delete=models.CASCADE, related_name="training_plan"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("training plan")
        verbose_name_plural = gettext_lazy("training plans")

    def __str__(self) -> str:
        return f"Opleidingsplan {self.placement}"


class ProgressLevel(models.TextChoices):
    NOT_STARTED = "not_started", gettext_lazy("Not started")
    IN_PROGRESS = "in_progress", gettext_lazy("In progress")
    ACQUIRED = "acquired", gettext_lazy("Acquired")


class TrainingPlanItem(models.Model):
    # No index of its own: the unique (plan, competence) index serves lookups by plan.
    plan = models.ForeignKey(
        TrainingPlan, on_delete=models.CASCADE, related_name="items", db_index=False
    )
    # No index either: nothing looks items up by competence except deleting a competence
    # (PROTECT: a rare administrative act, a scan), while a matching round's publication
    # writes hundreds of thousands of items and each index costs a third of that insert.
    competence = models.ForeignKey(
        Competence, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    location = models.CharField(max_length=10, choices=LearningLocation.choices)
    progress = models.CharField(
        max_length=12, choices=ProgressLevel.choices, default=ProgressLevel.NOT_STARTED
    )

    class Meta:
        verbose_name = gettext_lazy("training plan item")
        verbose_name_plural = gettext_lazy("training plan items")
        ordering = ["plan", "competence__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "competence"], name="trainingplanitem_unique")
        ]

    def __str__(self) -> str:
        return f"{self.competence_id} @ {self.location}: {self.progress}"


class ProgressRecord(models.Model):
    """One observation of progress by a mentor (workplace) or guide (school)."""

    item = models.ForeignKey(TrainingPlanItem, on_delete=models.CASCADE, related_name="records")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_role = models.CharField(max_length=32)
    progress = models.CharField(max_length=12, choices=ProgressLevel.choices)
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("progress record")
        verbose_name_plural = gettext_lazy("progress records")
        ordering = ["-at", "-pk"]
        constraints = [
            length_check("note", LONG_TEXT_MAX, name="progressrecord_note_length"),
            length_check("author_role", 32, name="progressrecord_author_role_length"),
        ]

    def __str__(self) -> str:
        return f"{self.author_role}: {self.progress}"


class ContactKind(models.TextChoices):
    VISIT = "visit", gettext_lazy("Site visit")
    PHONE = "phone", gettext_lazy("Phone")
    VIRTUAL = "virtual", gettext_lazy("Virtual visit")


class ContactPurpose(models.TextChoices):
    RECOGNITION = "recognition", gettext_lazy("Recognition")
    FOLLOW_UP = "follow_up", gettext_lazy("Follow-up")
    PROSPECTING = "prospecting", gettext_lazy("Prospecting")
    SCHOOL_CONTACT = "school_contact", gettext_lazy("School contact")


class Contact(models.Model):
    """A field contact recorded by a sector consultant (or a reviewer's site visit)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="contacts_recorded",
        help_text="The sector fund or partnership that made the contact.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    company = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="contacts_received"
    )
    school = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts_as_school",
    )
    recognition = models.ForeignKey(
        Recognition, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts"
    )
    kind = models.CharField(max_length=10, choices=ContactKind.choices)
    purpose = models.CharField(max_length=16, choices=ContactPurpose.choices)
    on = models.DateField()
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = gettext_lazy("contact")
        verbose_name_plural = gettext_lazy("contacts")
        ordering = ["-on", "-pk"]
        indexes = [models.Index(fields=["on", "kind"])]
        constraints = [
            length_check("notes", LONG_TEXT_MAX, name="contact_notes_length"),
            date_check("on", earliest=OPENING_EARLIEST, name="contact_on_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.company} {self.on}"
