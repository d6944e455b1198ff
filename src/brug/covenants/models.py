"""Sector covenants: generations, covenants, addenda, actions, commitments, indicators, progress.

Funding rules are data on the generation (never constants in code). Facts from the sources
carry a `source` note; illustrative demo content is flagged `is_illustrative` and shown so.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from brug.core.bounds import date_check, length_check, range_check
from brug.core.i18n import gettext_lazy, pgettext_lazy

# Bounds a person would expect (issue 11 §3): the services check, the database backs them.
COMMITMENT_DESCRIPTION_MAX = 500
COMMITMENT_DEADLINE_MAX_YEARS = 15
COVENANT_EARLIEST = date(2000, 1, 1)
NOTE_MAX = 5000
TARGET_MAX = Decimal("999999999999.99")
# Bounds a person would expect (services check them; the constraints below are the backstop).
LONG_TEXT_MAX = 10_000
FTE_MAX = 1000
AMOUNT_MAX = 100_000_000_000
EMPLOYEES_MAX = 5_000_000
VALUE_MAX = 100_000_000_000
MEASUREMENT_TESTS_MAX = 1_000_000


class CovenantGeneration(models.Model):
    """A covenant period (e.g. 2021-2022) with its funding rules and published facts."""

    code = models.SlugField(max_length=16, unique=True, help_text="e.g. 2021-2022")
    name = models.CharField(max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField()
    # Funding rules (data, not code).
    fte_subsidy_eur = models.DecimalField(
        max_digits=12, decimal_places=2, help_text="Wage-cost subsidy per FTE consultant per year"
    )
    result_share = models.DecimalField(
        max_digits=4, decimal_places=3, help_text="Share of funding tied to result commitments"
    )
    # Published facts about the generation (None when unknown).
    consultants_total = models.PositiveIntegerField(null=True, blank=True)
    budget_total_eur = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    employees_covered = models.PositiveIntegerField(null=True, blank=True)
    coverage_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    previous_coverage_percent = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True
    )
    facts = models.JSONField(default=dict, blank=True, help_text="Other published figures")
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = gettext_lazy("covenant generation")
        verbose_name_plural = gettext_lazy("covenant generations")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="generation_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(result_share__gte=0, result_share__lte=1),
                name="generation_result_share_0_1",
            ),
            models.CheckConstraint(
                condition=Q(fte_subsidy_eur__gte=0), name="generation_fte_subsidy_positive"
            ),
            length_check("code", 16, name="covenantgeneration_code_length"),
            length_check("name", 200, name="covenantgeneration_name_length"),
            range_check(
                "consultants_total",
                0,
                10000,
                name="covenantgeneration_consultants_total_range",
                null=True,
            ),
            range_check(
                "budget_total_eur",
                0,
                AMOUNT_MAX,
                name="covenantgeneration_budget_total_eur_range",
                null=True,
            ),
            range_check(
                "employees_covered",
                0,
                5000000,
                name="covenantgeneration_employees_covered_range",
                null=True,
            ),
            range_check(
                "coverage_percent",
                0,
                100,
                name="covenantgeneration_coverage_percent_range",
                null=True,
            ),
            range_check(
                "previous_coverage_percent",
                0,
                100,
                name="covenantgeneration_previous_coverage_percent_range",
                null=True,
            ),
            length_check("source", 300, name="covenantgeneration_source_length"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The generation in the page's language: the official Dutch title "Sectorconvenanten
        2021-2022" reads "Sector covenants 2021-2022" on an English page; another name as typed."""
        if self.name.startswith("Sectorconvenanten"):
            return str(gettext_lazy("Sector covenants {code}", code=self.code))
        return self.name

    @property
    def is_demo(self) -> bool:
        """A demo generation (code "demo-..."): everything on it is fictitious."""
        return self.code.startswith("demo")

    @property
    def short_label(self) -> str:
        """The generation in a line of text ("Bouw · 2021-2022"): its code, which for a real
        generation is its years; a demo generation by its years, marked as demo (its code is
        an internal key)."""
        if self.is_demo:
            return str(
                gettext_lazy("demo {start}-{end}", start=self.starts_on.year, end=self.ends_on.year)
            )
        return self.code

    @property
    def years(self) -> Decimal:
        """Length in years (two by default), rounded to whole months."""
        months = (self.ends_on.year - self.starts_on.year) * 12 + (
            self.ends_on.month - self.starts_on.month + 1
        )
        return Decimal(months) / Decimal(12)


class AddendumKind(models.TextChoices):
    NON_DISCRIMINATION = (
        "non_discrimination",
        pgettext_lazy("Non-discriminatie en inclusie", "Non-discrimination"),
    )
    DUAL_LEARNING = "dual_learning", gettext_lazy("Dual learning")
    ROAD_CHARGE = "road_charge", gettext_lazy("Road charge")
    FOCUS_ON_TALENT = "focus_on_talent", gettext_lazy("Focus on talent")
    OTHER = "other", pgettext_lazy("Ander", "Other")


class AddendumRule(models.Model):
    """The budget rule of one kind of addendum in a generation (data, as published)."""

    generation = models.ForeignKey(
        CovenantGeneration, on_delete=models.CASCADE, related_name="addendum_rules"
    )
    kind = models.CharField(max_length=24, choices=AddendumKind.choices)
    per_sector_eur = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    total_eur = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    extra_fte = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0"))
    note = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = gettext_lazy("addendum rule")
        verbose_name_plural = gettext_lazy("addendum rules")
        ordering = ["generation", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["generation", "kind"], name="addendumrule_unique_kind"),
            range_check(
                "per_sector_eur",
                0,
                AMOUNT_MAX,
                name="addendumrule_per_sector_eur_range",
                null=True,
            ),
            range_check("total_eur", 0, AMOUNT_MAX, name="addendumrule_total_eur_range", null=True),
            range_check("extra_fte", 0, 1000, name="addendumrule_extra_fte_range"),
            length_check("note", 300, name="addendumrule_note_length"),
            length_check("source", 300, name="addendumrule_source_length"),
        ]

    def __str__(self) -> str:
        return f"{self.generation} · {self.get_kind_display()}"


class Theme(models.Model):
    """A theme fixed by decree (generation empty) or an extra check of one generation."""

    code = models.SlugField(max_length=48)
    name_nl = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    generation = models.ForeignKey(
        CovenantGeneration, on_delete=models.CASCADE, null=True, blank=True, related_name="themes"
    )

    class Meta:
        verbose_name = gettext_lazy("theme")
        verbose_name_plural = gettext_lazy("themes")
        ordering = ["generation_id", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(generation__isnull=True), name="theme_decree_code"
            ),
            models.UniqueConstraint(
                fields=["generation", "code"],
                condition=Q(generation__isnull=False),
                name="theme_generation_code",
            ),
            length_check("code", 48, name="theme_code_length"),
            length_check("name_nl", 200, name="theme_name_nl_length"),
            length_check("name_en", 200, name="theme_name_en_length"),
        ]

    def __str__(self) -> str:
        return self.name_nl

    @property
    def by_decree(self) -> bool:
        return self.generation_id is None


class CovenantStatus(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft")
    SUBMITTED = "submitted", gettext_lazy("Submitted")
    CHANGES_REQUESTED = "changes_requested", gettext_lazy("Changes requested")
    APPROVED = "approved", gettext_lazy("Approved")
    RUNNING = "running", pgettext_lazy("Lopend", "Running")
    EVALUATED = "evaluated", gettext_lazy("Evaluated")


# The public sees a covenant's summary once it is approved.
PUBLISHED_STATUSES = (CovenantStatus.APPROVED, CovenantStatus.RUNNING, CovenantStatus.EVALUATED)
EDITABLE_STATUSES = (CovenantStatus.DRAFT, CovenantStatus.CHANGES_REQUESTED)


class Covenant(models.Model):
    generation = models.ForeignKey(
        CovenantGeneration, on_delete=models.PROTECT, related_name="covenants"
    )
    sector = models.ForeignKey(
        "registry.Sector", on_delete=models.PROTECT, related_name="covenants"
    )
    # Empty when the sector's fund (or its social partners) is not in the registry yet.
    sector_fund = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="covenants",
    )
    account_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_covenants",
    )
    # Empty when not published per sector (as in 2021-2022): never a generated split.
    consultant_fte = models.DecimalField(
        max_digits=6, decimal_places=2, default=Decimal("0"), null=True, blank=True
    )
    consultant_fte_is_illustrative = models.BooleanField(default=False)
    status = models.CharField(
        max_length=20, choices=CovenantStatus.choices, default=CovenantStatus.DRAFT
    )
    public_summary = models.TextField(blank=True)
    review_note = models.TextField(blank=True)
    employees_covered = models.PositiveIntegerField(null=True, blank=True)
    source = models.CharField(max_length=300, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = gettext_lazy("covenant")
        verbose_name_plural = gettext_lazy("covenants")
        ordering = ["generation", "sector__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["generation", "sector"], name="covenant_one_per_sector_and_generation"
            ),
            models.CheckConstraint(condition=Q(consultant_fte__gte=0), name="covenant_fte_gte_0"),
            models.CheckConstraint(
                condition=Q(status__in=CovenantStatus.values), name="covenant_status_known"
            ),
            length_check("review_note", NOTE_MAX, name="covenant_review_note_length"),
            length_check("public_summary", LONG_TEXT_MAX, name="covenant_public_summary_length"),
            range_check(
                "employees_covered", 0, 5000000, name="covenant_employees_covered_range", null=True
            ),
            length_check("source", 300, name="covenant_source_length"),
        ]

    def __str__(self) -> str:
        return f"{self.sector} · {self.generation.short_label}"

    @property
    def is_published(self) -> bool:
        return self.status in PUBLISHED_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class BudgetLine(models.Model):
    """A budget line of a covenant or addendum: wage cost of consultants or an operating budget."""

    class Kind(models.TextChoices):
        WAGE_COST = "wage_cost", gettext_lazy("Wage cost")
        OPERATING = "operating", gettext_lazy("Operating")

    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="budget_lines")
    addendum = models.ForeignKey(
        "Addendum", on_delete=models.CASCADE, null=True, blank=True, related_name="budget_lines"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    label = models.CharField(max_length=200)
    amount_eur = models.DecimalField(max_digits=14, decimal_places=2)
    is_illustrative = models.BooleanField(default=False)

    class Meta:
        verbose_name = gettext_lazy("budget line")
        verbose_name_plural = gettext_lazy("budget lines")
        ordering = ["covenant", "addendum_id", "kind", "label"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_eur__gte=0), name="budgetline_amount_gte_0"),
            length_check("label", 200, name="budgetline_label_length"),
        ]

    def __str__(self) -> str:
        return f"{self.label}: € {self.amount_eur}"


class MonitoringPlan(models.TextChoices):
    """How a sector monitors discrimination under its non-discrimination addendum (seed 003)."""

    CORRESPONDENCE_TEST = (
        "correspondence_test",
        gettext_lazy("Risk analysis and baseline by correspondence test"),
    )
    SURVEY = (
        "survey",
        gettext_lazy("Risk analysis and baseline by survey"),
    )
    EARLIER_MYSTERY_CALLS = (
        "earlier_mystery_calls",
        gettext_lazy("Starts from its earlier mystery calls"),
    )
    RISK_ANALYSIS_ONLY = (
        "risk_analysis_only",
        gettext_lazy("Risk analysis only, no baseline"),
    )


# A monitoring plan that includes a baseline measurement of its own.
PLANS_WITH_BASELINE = (MonitoringPlan.CORRESPONDENCE_TEST, MonitoringPlan.SURVEY)


class Addendum(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", gettext_lazy("Pending")
        CONCLUDED = "concluded", gettext_lazy("Concluded")

    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="addenda")
    kind = models.CharField(max_length=24, choices=AddendumKind.choices)
    title = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.CONCLUDED)
    # Empty when the amount is not published (the dual-learning addenda of 2021-2022).
    budget_eur = models.DecimalField(
        max_digits=14, decimal_places=2, default=Decimal("0"), null=True, blank=True
    )
    budget_is_illustrative = models.BooleanField(default=False)
    extra_fte = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0"))
    # Non-discrimination addendum: sector-level text only; never company identities.
    risk_analysis = models.TextField(blank=True)
    action_plan = models.TextField(blank=True)
    # Non-discrimination addendum: the monitoring the sector chose (empty when not recorded).
    monitoring_plan = models.CharField(
        max_length=24, choices=MonitoringPlan.choices, blank=True, default=""
    )
    # A joint addendum concluded by several sectors together (e.g. the dual-learning addendum of
    # food retail, retail and small retail, seed 003): it lives on one covenant and lists the
    # other covenants that share it. It counts once.
    shared_with = models.ManyToManyField(  # type: ignore[var-annotated]
        "Covenant", blank=True, related_name="shared_addenda"
    )
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = gettext_lazy("addendum")
        verbose_name_plural = gettext_lazy("addenda")
        ordering = ["covenant", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(monitoring_plan__in=["", *MonitoringPlan.values]),
                name="addendum_monitoring_plan_known",
            ),
            models.CheckConstraint(
                condition=Q(monitoring_plan="") | Q(kind="non_discrimination"),
                name="addendum_monitoring_plan_nd_only",
            ),
            models.UniqueConstraint(
                fields=["covenant", "kind"],
                condition=~Q(kind="other"),
                name="addendum_one_per_kind",
            ),
            models.CheckConstraint(condition=Q(budget_eur__gte=0), name="addendum_budget_gte_0"),
            length_check("title", 200, name="addendum_title_length"),
            range_check("extra_fte", 0, 1000, name="addendum_extra_fte_range"),
            length_check("risk_analysis", LONG_TEXT_MAX, name="addendum_risk_analysis_length"),
            length_check("action_plan", LONG_TEXT_MAX, name="addendum_action_plan_length"),
            length_check("source", 300, name="addendum_source_length"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.covenant}"


class ActionCategory(models.TextChoices):
    """Kinds of action, after the Vlor's analysis (seed 000, section 5) plus the other themes."""

    INFORMING = "informing", gettext_lazy("Informing")
    PARTNERSHIPS = "partnerships", pgettext_lazy("Partnerschappen", "Partnerships")
    QUALIFICATION_STRUCTURE = (
        "qualification_structure",
        gettext_lazy("Rollout of the qualification structure"),
    )
    TEACHERS = "teachers", gettext_lazy("Teachers")
    WORKPLACE_LEARNING = "workplace_learning", gettext_lazy("Workplace learning")
    INTERSECTORAL = "intersectoral", gettext_lazy("Intersectoral")
    LIFELONG_LEARNING = "lifelong_learning", gettext_lazy("Lifelong learning")
    WORKABLE_WORK = "workable_work", gettext_lazy("Workable work")
    DIVERSITY = "diversity", gettext_lazy("Diversity and inclusion")


class Action(models.Model):
    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="actions")
    addendum = models.ForeignKey(
        Addendum, on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="actions")
    category = models.CharField(max_length=32, choices=ActionCategory.choices, db_index=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    is_illustrative = models.BooleanField(default=False)
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = gettext_lazy("action")
        verbose_name_plural = gettext_lazy("actions")
        ordering = ["covenant", "category", "title"]
        constraints = [
            length_check("title", 300, name="action_title_length"),
            length_check("description", LONG_TEXT_MAX, name="action_description_length"),
            length_check("source", 300, name="action_source_length"),
        ]

    def __str__(self) -> str:
        return self.title


class CommitmentKind(models.TextChoices):
    EFFORT = "effort", pgettext_lazy("Inspanningsverbintenis", "Effort")
    RESULT = "result", pgettext_lazy("Resultaatsverbintenis", "Result")


class CommitmentOwner(models.TextChoices):
    """Who engages (seed 001: expectations towards policy, engagements of sectors and education)."""

    SECTOR = "sector", "Sector"
    EDUCATION = "education", gettext_lazy("Education")
    GOVERNMENT = "government", gettext_lazy("Government")


class Unit(models.TextChoices):
    COUNT = "count", gettext_lazy("count")
    PERCENT = "percent", gettext_lazy("percent")
    HOURS = "hours", gettext_lazy("hours")
    EUR = "eur", "euro"


class Commitment(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="commitments")
    kind = models.CharField(max_length=8, choices=CommitmentKind.choices)
    owner = models.CharField(max_length=12, choices=CommitmentOwner.choices)
    description = models.CharField(max_length=500)
    target_value = models.DecimalField(max_digits=14, decimal_places=2)
    unit = models.CharField(max_length=8, choices=Unit.choices)
    deadline = models.DateField()
    is_illustrative = models.BooleanField(default=False)

    class Meta:
        verbose_name = gettext_lazy("commitment")
        verbose_name_plural = gettext_lazy("commitments")
        ordering = ["action", "deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_value__gte=0), name="commitment_target_gte_0"
            ),
            models.CheckConstraint(condition=Q(unit__in=Unit.values), name="commitment_unit_known"),
            models.CheckConstraint(
                condition=Q(kind__in=CommitmentKind.values), name="commitment_kind_known"
            ),
            length_check(
                "description", COMMITMENT_DESCRIPTION_MAX, name="commitment_description_length"
            ),
            models.CheckConstraint(
                condition=Q(target_value__lte=TARGET_MAX), name="commitment_target_max"
            ),
            date_check("deadline", earliest=COVENANT_EARLIEST, name="commitment_deadline_range"),
        ]

    def __str__(self) -> str:
        return self.description


class Indicator(models.Model):
    """How a commitment is measured: entered by hand, or computed from a named platform metric."""

    commitment = models.OneToOneField(
        Commitment, on_delete=models.CASCADE, related_name="indicator"
    )
    metric_key = models.CharField(
        max_length=100, blank=True, help_text="Empty for a manual indicator"
    )
    unit = models.CharField(max_length=8, choices=Unit.choices)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = gettext_lazy("indicator")
        verbose_name_plural = gettext_lazy("indicators")
        constraints = [
            length_check("metric_key", 100, name="indicator_metric_key_length"),
            length_check("note", 300, name="indicator_note_length"),
        ]

    def __str__(self) -> str:
        return self.metric_key or "manual"

    @property
    def is_computed(self) -> bool:
        return bool(self.metric_key)


class ReportingWindow(models.Model):
    """A quarter to report on, with the dates between which reports may be submitted."""

    generation = models.ForeignKey(
        CovenantGeneration, on_delete=models.CASCADE, related_name="windows"
    )
    label = models.CharField(max_length=32, help_text="e.g. 2021 K2")
    period_start = models.DateField()
    period_end = models.DateField()
    opens_on = models.DateField()
    closes_on = models.DateField()

    class Meta:
        verbose_name = gettext_lazy("reporting window")
        verbose_name_plural = gettext_lazy("reporting windows")
        ordering = ["generation", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["generation", "period_start"], name="window_unique_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="window_period_order"
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="window_dates_order"
            ),
            length_check("label", 32, name="reportingwindow_label_length"),
        ]

    def __str__(self) -> str:
        return f"{self.generation.short_label} · {self.label}"


class ProgressReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", gettext_lazy("Draft")
        SUBMITTED = "submitted", gettext_lazy("Submitted (frozen)")

    covenant = models.ForeignKey(
        Covenant, on_delete=models.CASCADE, related_name="progress_reports"
    )
    window = models.ForeignKey(ReportingWindow, on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    narrative = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("progress report")
        verbose_name_plural = gettext_lazy("progress reports")
        ordering = ["covenant", "window__period_start"]
        constraints = [
            models.UniqueConstraint(fields=["covenant", "window"], name="report_one_per_window"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="report_submitted_has_date",
            ),
            length_check("narrative", LONG_TEXT_MAX, name="progressreport_narrative_length"),
        ]

    def __str__(self) -> str:
        return f"{self.covenant} · {self.window.label}"

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.SUBMITTED


class EntryStatus(models.TextChoices):
    ON_TRACK = "on_track", gettext_lazy("On track")
    AT_RISK = "at_risk", gettext_lazy("At risk")
    BEHIND = "behind", gettext_lazy("Behind")
    DONE = "done", gettext_lazy("Done")


class ProgressEntry(models.Model):
    """One commitment's status in one report. Indicator values are copied in at submission."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="entries")
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="entries")
    status = models.CharField(
        max_length=10, choices=EntryStatus.choices, default=EntryStatus.ON_TRACK
    )
    value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=8, choices=Unit.choices)
    narrative = models.CharField(max_length=1000, blank=True)
    # Frozen copies, so later changes to commitments or metrics never rewrite history.
    metric_key = models.CharField(max_length=100, blank=True)
    target_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = gettext_lazy("progress entry")
        verbose_name_plural = gettext_lazy("progress entries")
        ordering = ["report", "commitment"]
        constraints = [
            models.UniqueConstraint(fields=["report", "commitment"], name="entry_unique"),
            range_check(
                "value", -VALUE_MAX, VALUE_MAX, name="progressentry_value_range", null=True
            ),
            length_check("narrative", 1000, name="progressentry_narrative_length"),
            length_check("metric_key", 100, name="progressentry_metric_key_length"),
            range_check(
                "target_value",
                -VALUE_MAX,
                AMOUNT_MAX,
                name="progressentry_target_value_range",
                null=True,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment} · {self.get_status_display()}"

    @property
    def is_met(self) -> bool:
        if self.status == EntryStatus.DONE:
            return True
        target = self.target_value
        return self.value is not None and target is not None and self.value >= target


class Evaluation(models.Model):
    class Kind(models.TextChoices):
        INTERIM = "interim", gettext_lazy("Interim evaluation")
        FINAL = "final", gettext_lazy("Final evaluation")

    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="evaluations")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    evaluated_on = models.DateField()
    based_on = models.ForeignKey(
        ProgressReport, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    result_commitments = models.PositiveIntegerField()
    result_commitments_met = models.PositiveIntegerField()
    funding_total_eur = models.DecimalField(max_digits=14, decimal_places=2)
    result_funding_base_eur = models.DecimalField(max_digits=14, decimal_places=2)
    result_funding_eur = models.DecimalField(max_digits=14, decimal_places=2)
    note = models.TextField(blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = gettext_lazy("evaluation")
        verbose_name_plural = gettext_lazy("evaluations")
        ordering = ["covenant", "evaluated_on"]
        constraints = [
            models.UniqueConstraint(fields=["covenant", "kind"], name="evaluation_one_per_kind"),
            models.CheckConstraint(
                condition=Q(result_commitments_met__lte=models.F("result_commitments")),
                name="evaluation_met_lte_total",
            ),
            models.CheckConstraint(
                condition=Q(result_funding_eur__lte=models.F("result_funding_base_eur")),
                name="evaluation_result_funding_lte_base",
            ),
            date_check("evaluated_on", name="evaluation_evaluated_on_range"),
            range_check(
                "funding_total_eur", 0, AMOUNT_MAX, name="evaluation_funding_total_eur_range"
            ),
            length_check("note", LONG_TEXT_MAX, name="evaluation_note_length"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.covenant}"

    @property
    def share_met(self) -> Decimal:
        if not self.result_commitments:
            return Decimal("0")
        return Decimal(self.result_commitments_met) / Decimal(self.result_commitments)


class MeasurementMethod(models.TextChoices):
    CORRESPONDENCE_TEST = "correspondence_test", gettext_lazy("Correspondence test")
    SURVEY = "survey", gettext_lazy("Survey")
    MYSTERY_CALLS = "mystery_calls", "Mystery calls"


class Ground(models.TextChoices):
    ORIGIN = "origin", gettext_lazy("Origin")
    AGE = "age", gettext_lazy("Age")
    DISABILITY = "disability", gettext_lazy("Disability")
    GENDER = "gender", "Gender"


class DiscriminationMeasurement(models.Model):
    """A baseline or follow-up measurement of a non-discrimination addendum. Sector level only:
    no field may identify a tested company."""

    class Phase(models.TextChoices):
        BASELINE = "baseline", gettext_lazy("Baseline")
        FOLLOW_UP = "follow_up", pgettext_lazy("Vervolgmeting", "Follow-up")

    addendum = models.ForeignKey(Addendum, on_delete=models.CASCADE, related_name="measurements")
    phase = models.CharField(max_length=10, choices=Phase.choices)
    method = models.CharField(max_length=24, choices=MeasurementMethod.choices)
    performed_on = models.DateField()
    is_illustrative = models.BooleanField(default=False)

    class Meta:
        verbose_name = gettext_lazy("discrimination measurement")
        verbose_name_plural = gettext_lazy("discrimination measurements")
        ordering = ["addendum", "performed_on"]
        constraints = [
            models.UniqueConstraint(fields=["addendum", "phase"], name="measurement_one_per_phase"),
            date_check("performed_on", name="discriminationmeasurement_performed_on_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_phase_display()} · {self.addendum.covenant.sector}"


class DiscriminationResult(models.Model):
    """Per ground: how many tests, and in how many the test person was treated unfavourably."""

    measurement = models.ForeignKey(
        DiscriminationMeasurement, on_delete=models.CASCADE, related_name="results"
    )
    ground = models.CharField(max_length=12, choices=Ground.choices)
    tests = models.PositiveIntegerField()
    unfavourable = models.PositiveIntegerField()

    class Meta:
        verbose_name = gettext_lazy("discrimination result")
        verbose_name_plural = gettext_lazy("discrimination results")
        ordering = ["measurement", "ground"]
        constraints = [
            models.UniqueConstraint(fields=["measurement", "ground"], name="result_one_per_ground"),
            models.CheckConstraint(
                condition=Q(unfavourable__lte=models.F("tests")), name="result_unfavourable_lte"
            ),
            range_check("tests", 0, MEASUREMENT_TESTS_MAX, name="result_tests_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_ground_display()}: {self.unfavourable}/{self.tests}"


# ------------------------------------------------------------------ shortage follow-up

SIGNAL_MESSAGE_MAX = 1000
SIGNAL_ANSWER_MAX = 2000
SIGNAL_SHORTFALL_MAX = 100_000
SIGNAL_PLACES_MAX = 10_000


class SignalStatus(models.TextChoices):
    OPEN = "open", "Open"
    ANSWERED = "answered", gettext_lazy("Answered")
    CLOSED = "closed", gettext_lazy("Closed")


class ShortageSignal(models.Model):
    """A shortage of places signalled to the sector responsible for the programme (seed 000: where
    there are shortages, the sector actively searches for places). An RTC, a school or a
    department signals it from the shortage radar; the sector answers with what it did and the
    places it found, which are counted on its covenant."""

    programme = models.ForeignKey("registry.Programme", on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey("registry.Province", on_delete=models.PROTECT, related_name="+")
    sector = models.ForeignKey(
        "registry.Sector", on_delete=models.PROTECT, related_name="shortage_signals"
    )
    signalled_by_organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signalled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message = models.CharField(max_length=SIGNAL_MESSAGE_MAX, blank=True)
    shortfall = models.PositiveIntegerField(help_text="Places missing on the radar when signalled")
    status = models.CharField(
        max_length=10, choices=SignalStatus.choices, default=SignalStatus.OPEN
    )
    answer = models.CharField(max_length=SIGNAL_ANSWER_MAX, blank=True)
    places_found = models.PositiveIntegerField(default=0)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = gettext_lazy("shortage signal")
        verbose_name_plural = gettext_lazy("shortage signals")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SignalStatus.values), name="signal_status_known"
            ),
            length_check("message", SIGNAL_MESSAGE_MAX, name="signal_message_length"),
            length_check("answer", SIGNAL_ANSWER_MAX, name="signal_answer_length"),
            models.CheckConstraint(
                condition=Q(shortfall__lte=SIGNAL_SHORTFALL_MAX), name="signal_shortfall_range"
            ),
            models.CheckConstraint(
                condition=Q(places_found__lte=SIGNAL_PLACES_MAX), name="signal_places_range"
            ),
            models.CheckConstraint(
                condition=Q(status=SignalStatus.OPEN) | Q(answered_at__isnull=False),
                name="signal_answered_has_time",
            ),
            # One open signal per cell, sector and signalling organisation: a second click
            # adds nothing (the first is still waiting for the sector's answer).
            models.UniqueConstraint(
                fields=["programme", "province", "sector", "signalled_by_organisation"],
                condition=Q(status="open"),
                name="signal_one_open_per_cell",
            ),
        ]
        indexes = [models.Index(fields=["sector", "status"])]

    def __str__(self) -> str:
        return f"{self.programme} · {self.province} → {self.sector}"
