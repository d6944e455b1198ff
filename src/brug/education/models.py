"""Education at the table (seed 000): before a covenant is approved, its education actions are
shared with the education networks and the education council (Vlor); their advice is recorded
per action. The council's yearly analysis is generated from these records (`report.py`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

from brug.core.bounds import date_check, length_check, range_check
from brug.core.i18n import gettext_lazy
from brug.covenants.models import ActionCategory

# The kinds of action the council's analysis covers (seed 000, section 5: the link between
# education and the labour market).
EDUCATION_CATEGORIES: tuple[str, ...] = (
    ActionCategory.INFORMING,
    ActionCategory.PARTNERSHIPS,
    ActionCategory.QUALIFICATION_STRUCTURE,
    ActionCategory.TEACHERS,
    ActionCategory.WORKPLACE_LEARNING,
    ActionCategory.INTERSECTORAL,
)

NOTE_MAX = 1000
ADVICE_TEXT_MAX = 2000


class ConsultationRound(models.Model):
    """One round in which a covenant's education actions are shared for advice."""

    class Status(models.TextChoices):
        OPEN = "open", gettext_lazy("Open for advice")
        CLOSED = "closed", gettext_lazy("Closed")

    covenant = models.ForeignKey(
        "covenants.Covenant", on_delete=models.CASCADE, related_name="consultation_rounds"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    closes_on = models.DateField(help_text="Advice is due by this date")
    note = models.CharField(max_length=NOTE_MAX, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = gettext_lazy("consultation round")
        verbose_name_plural = gettext_lazy("consultation rounds")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["covenant"], condition=Q(status="open"), name="round_one_open_per_covenant"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "closed"]), name="round_status_known"
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(closed_at__isnull=False),
                name="round_closed_has_date",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("note"), NOTE_MAX), name="round_note_length"
            ),
            date_check("closes_on", name="consultationround_closes_on_range"),
        ]

    def __str__(self) -> str:
        return f"{self.covenant} · {self.opened_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Position(models.TextChoices):
    SUPPORTS = "supports", gettext_lazy("Supportive")
    REMARKS = "remarks", gettext_lazy("Supportive with remarks")
    CONCERNS = "concerns", gettext_lazy("Concerns")


class Advice(models.Model):
    """The advice of one education network or of the council on one action in one round."""

    round = models.ForeignKey(ConsultationRound, on_delete=models.CASCADE, related_name="advice")
    action = models.ForeignKey(
        "covenants.Action", on_delete=models.CASCADE, related_name="education_advice"
    )
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    position = models.CharField(max_length=10, choices=Position.choices)
    text = models.CharField(max_length=ADVICE_TEXT_MAX, blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    given_at = models.DateTimeField()
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = gettext_lazy("advice")
        verbose_name_plural = gettext_lazy("advice items")
        ordering = ["round", "action", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "action", "organisation"], name="advice_one_per_adviser"
            ),
            models.CheckConstraint(
                condition=Q(position__in=Position.values), name="advice_position_known"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), ADVICE_TEXT_MAX),
                name="advice_text_length",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.action} · {self.get_position_display()}"


# ---------------------------------------------------------------- agreements (seeds 001, 004)

TITLE_MAX = 200
TEXT_MAX = 2000
AGREEMENT_MAX_YEARS = 10


class AgreementKind(models.TextChoices):
    # Seed 004: education covenants roll the sector covenants out, between a sector and networks.
    EDUCATION_COVENANT = "education_covenant", gettext_lazy("Education covenant")
    # Seed 001: several industry federations and several education networks, per theme.
    MULTI_PARTY = "multi_party", gettext_lazy("Multi-party agreement")


class Agreement(models.Model):
    """An agreement between the labour-market side (sector funds, industry federations) and one or
    more education networks, optionally linked to the sector covenants it rolls out."""

    kind = models.CharField(max_length=20, choices=AgreementKind.choices)
    title = models.CharField(max_length=TITLE_MAX)
    starts_on = models.DateField()
    ends_on = models.DateField()
    parties = models.ManyToManyField("registry.Organisation", related_name="education_agreements")
    covenants = models.ManyToManyField(
        "covenants.Covenant", blank=True, related_name="education_agreements"
    )
    source = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = gettext_lazy("education agreement")
        verbose_name_plural = gettext_lazy("education agreements")
        ordering = ["-starts_on", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AgreementKind.values), name="agreement_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="agreement_ends_after_start"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("title"), TITLE_MAX), name="agreement_title_len"
            ),
            length_check("source", 300, name="agreement_source_length"),
        ]

    def __str__(self) -> str:
        return self.title


class AgreementTheme(models.Model):
    """A theme of an agreement with what the parties expect from policy (seed 001)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="themes")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=TITLE_MAX)
    expectations_of_policy = models.CharField(max_length=TEXT_MAX, blank=True)

    class Meta:
        verbose_name = gettext_lazy("agreement theme")
        verbose_name_plural = gettext_lazy("agreement themes")
        ordering = ["agreement", "position"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "position"], name="theme_position_unique"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("expectations_of_policy"), TEXT_MAX),
                name="theme_expectations_len",
            ),
            range_check("position", 0, 1000, name="agreementtheme_position_range"),
            length_check("title", 200, name="agreementtheme_title_length"),
        ]

    def __str__(self) -> str:
        return self.title


class EngagementSide(models.TextChoices):
    SECTORS = "sectors", gettext_lazy("Engagement of the sectors")
    EDUCATION = "education", gettext_lazy("Engagement of education")


class Engagement(models.Model):
    """One engagement under a theme, owned by one party, evaluated every quarter by its owner."""

    theme = models.ForeignKey(AgreementTheme, on_delete=models.CASCADE, related_name="engagements")
    side = models.CharField(max_length=10, choices=EngagementSide.choices)
    description = models.CharField(max_length=TEXT_MAX)
    owner = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = gettext_lazy("engagement")
        verbose_name_plural = gettext_lazy("engagements")
        ordering = ["theme", "side", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(side__in=EngagementSide.values), name="engagement_side_known"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("description"), TEXT_MAX),
                name="engagement_description_len",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]


class EngagementStatus(models.TextChoices):
    ON_TRACK = "on_track", gettext_lazy("On track")
    AT_RISK = "at_risk", gettext_lazy("At risk")
    BEHIND = "behind", gettext_lazy("Behind")
    DONE = "done", gettext_lazy("Done")


class EngagementEvaluation(models.Model):
    """The owner's evaluation of one engagement in one quarter."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="evaluations")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=EngagementStatus.choices)
    note = models.CharField(max_length=NOTE_MAX, blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    evaluated_at = models.DateTimeField()

    class Meta:
        verbose_name = gettext_lazy("engagement evaluation")
        verbose_name_plural = gettext_lazy("engagement evaluations")
        ordering = ["engagement", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "year", "quarter"], name="evaluation_one_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="evaluation_quarter_1_4"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="evaluation_year_plausible"
            ),
            models.CheckConstraint(
                condition=Q(status__in=EngagementStatus.values), name="evaluation_status_known"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("note"), NOTE_MAX), name="evaluation_note_len"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} K{self.quarter}: {self.get_status_display()}"


class IntersectoralAction(models.Model):
    """One action that several sectors' covenants take up together (seed 000: joint trainings,
    joint promotion, qualification files drawn up across sectors). Counted once in the analysis,
    however many covenants share it."""

    generation = models.ForeignKey(
        "covenants.CovenantGeneration", on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(max_length=32, choices=ActionCategory.choices)
    title = models.CharField(max_length=TITLE_MAX)
    description = models.CharField(max_length=TEXT_MAX, blank=True)
    covenants = models.ManyToManyField("covenants.Covenant", related_name="intersectoral_actions")
    is_illustrative = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("intersectoral action")
        verbose_name_plural = gettext_lazy("intersectoral actions")
        ordering = ["generation", "category", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=ActionCategory.values),
                name="intersectoral_category_known",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("title"), TITLE_MAX),
                name="intersectoral_title_len",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("description"), TEXT_MAX),
                name="intersectoral_description_len",
            ),
        ]

    def __str__(self) -> str:
        return self.title
