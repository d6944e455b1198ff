"""Monitoring stores only one thing of its own: daily values of the registered metrics.

Every other figure (shortage radar, open data) is computed on the fly from workplace learning.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from brug.core.bounds import date_check, length_check, range_check
from brug.core.i18n import gettext_lazy
from brug.registry.models import YEAR_IN_GRADE_MAX, Finality, Programme, Province, Sector

OVERALL = "all"


def scope_key(*, sector_id: int | None = None, province_id: int | None = None) -> str:
    """The stable text key of a snapshot's scope: "all", "sector:12" or "province:3"."""
    if sector_id is not None:
        return f"sector:{sector_id}"
    if province_id is not None:
        return f"province:{province_id}"
    return OVERALL


class Snapshot(models.Model):
    """The value of one metric (`brug.core.metrics`) for one scope on one day, for trends."""

    metric_key = models.CharField(max_length=100)
    scope = models.CharField(max_length=40, default=OVERALL)
    sector = models.ForeignKey(
        Sector, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    on = models.DateField()
    value = models.FloatField()
    recorded_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = gettext_lazy("metric snapshot")
        verbose_name_plural = gettext_lazy("metric snapshots")
        ordering = ["metric_key", "scope", "on"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric_key", "scope", "on"], name="snapshot_one_per_metric_scope_day"
            ),
            models.CheckConstraint(
                condition=Q(sector__isnull=True) | Q(province__isnull=True),
                name="snapshot_scope_sector_or_province",
            ),
        ]
        indexes = [models.Index(fields=["on", "metric_key"])]

    def __str__(self) -> str:
        return f"{self.metric_key} [{self.scope}] {self.on}: {self.value:g}"


# ---------------------------------------------------------------------------- learner flows
# Official aggregate counts (enrolment, school-leaver outcomes) imported with their source and
# reference date; Brug's own flow figures are computed (`flows.py`) and never stored.

TITLE_MAX = 300
NOTE_MAX = 2000
SCHOOL_YEAR_MAX = 9  # "2014-2015"
VALUE_MAX = 10_000_000


class CountMeasure(models.TextChoices):
    """What an official figure counts. Shares are percentages (0-100)."""

    ENROLLED = "enrolled", "enrolled"
    SCHOOL_LEAVERS = "school_leavers", "school_leavers"
    SEEKING_WORK_1Y = "seeking_work_1y", "seeking_work_1y"
    NO_WORK_EXPERIENCE_1Y = "no_work_experience_1y", "no_work_experience_1y"


PERCENT_MEASURES = (CountMeasure.SEEKING_WORK_1Y, CountMeasure.NO_WORK_EXPERIENCE_1Y)


class EducationForm(models.TextChoices):
    """The route or form an official figure is about ("" = every form together)."""

    ALL = "", "all"
    TSO = "tso", "tso"
    BSO = "bso", "bso"
    DBSO = "dbso", "dbso"
    LEERTIJD = "leertijd", "leertijd"
    BUSO_OV3 = "buso_ov3", "buso_ov3"
    DUAL = "dual", "dual"
    SCHOOL_BASED = "school_based", "school_based"


class CountSource(models.Model):
    """One publication of official figures: who published it, where, and as of which date.

    `is_context`: figures quoted in a policy document (the seeds), shown as context with their
    source only, never as Brug's own figures or as current official statistics."""

    title = models.CharField(max_length=TITLE_MAX)
    publisher = models.CharField(max_length=TITLE_MAX)
    url = models.URLField(max_length=500, blank=True)
    reference_date = models.DateField()
    is_context = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = gettext_lazy("count source")
        verbose_name_plural = gettext_lazy("count sources")
        ordering = ["-reference_date", "title"]
        constraints = [
            length_check("title", TITLE_MAX, name="countsource_title_length"),
            length_check("publisher", TITLE_MAX, name="countsource_publisher_length"),
            length_check("url", 500, name="countsource_url_length"),
            length_check("note", NOTE_MAX, name="countsource_note_length"),
            date_check("reference_date", name="countsource_reference_date_range"),
            models.UniqueConstraint(
                fields=["title", "publisher", "reference_date"], name="countsource_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publisher}: {self.title} ({self.reference_date})"


class OfficialCount(models.Model):
    """One official aggregate figure of a source, per school year and optionally per form,
    programme and province (empty: every one together)."""

    source = models.ForeignKey(CountSource, on_delete=models.CASCADE, related_name="counts")
    measure = models.CharField(max_length=24, choices=CountMeasure.choices)
    school_year = models.CharField(max_length=SCHOOL_YEAR_MAX)
    education_form = models.CharField(
        max_length=16, choices=EducationForm.choices, blank=True, default=""
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The grade (graad 1-3) and the year within it (leerjaar 1-3; 3: a seventh year) the figure
    # is about, and the finality (A, D/A, D); null / "" = every one together. A programme's own
    # grade and finality (registry) must agree with them.
    grade = models.PositiveSmallIntegerField(null=True, blank=True)
    year_in_grade = models.PositiveSmallIntegerField(null=True, blank=True)
    finality = models.CharField(max_length=2, choices=Finality.choices, blank=True, default="")
    value = models.DecimalField(max_digits=10, decimal_places=1)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = gettext_lazy("official count")
        verbose_name_plural = gettext_lazy("official counts")
        ordering = ["source", "measure", "school_year", "education_form", "pk"]
        constraints = [
            range_check("grade", 1, 3, name="officialcount_grade_1_3", null=True),
            range_check(
                "year_in_grade", 1, YEAR_IN_GRADE_MAX, name="officialcount_year_1_3", null=True
            ),
            models.CheckConstraint(
                condition=Q(year_in_grade__isnull=True) | Q(grade__isnull=False),
                name="officialcount_year_needs_grade",
            ),
            models.CheckConstraint(
                condition=Q(finality__in=["", *[f.value for f in Finality]]),
                name="officialcount_finality_known",
            ),
            range_check("value", 0, VALUE_MAX, name="officialcount_value_range"),
            models.CheckConstraint(
                condition=~Q(measure__in=[m.value for m in PERCENT_MEASURES]) | Q(value__lte=100),
                name="officialcount_share_at_most_100",
            ),
            models.CheckConstraint(
                condition=Q(school_year__regex=r"^[0-9]{4}-[0-9]{4}$"),
                name="officialcount_school_year_format",
            ),
        ]
        indexes = [models.Index(fields=["school_year", "measure"])]

    def __str__(self) -> str:
        return f"{self.measure} {self.school_year} {self.education_form}: {self.value}"
