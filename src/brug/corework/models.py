"""One record, many reports (issue 17 §5; seed 003's "papierwinkel"): a sector fund records its
own core work once per quarter — trainings for workers: hours, dossiers, participants, and the
sector's employees for the reach — and every report it owes is generated from these records
(`reports.py`), each figure marked as typed or computed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from brug.core.i18n import gettext_lazy, pgettext_lazy

MAX_HOURS = 10_000_000
MAX_COUNT = 10_000_000


class Channel(models.TextChoices):
    FORM = "form", pgettext_lazy("Formulier", "Form")
    IMPORT = "import", gettext_lazy("Spreadsheet")
    API = "api", "API"


class TrainingRecord(models.Model):
    """A sector fund's trainings for workers in one quarter, under its covenant."""

    covenant = models.ForeignKey(
        "covenants.Covenant", on_delete=models.CASCADE, related_name="training_records"
    )
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    training_hours = models.DecimalField(max_digits=10, decimal_places=1)
    dossiers = models.PositiveIntegerField(help_text="Training dossiers handled")
    participants = models.PositiveIntegerField(help_text="Distinct workers trained")
    employees = models.PositiveIntegerField(help_text="The sector's employees (for the reach)")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField()
    # Generated demo figures (only on covenants of the illustrative demo generation).
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = gettext_lazy("training record")
        verbose_name_plural = gettext_lazy("training records")
        ordering = ["covenant", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["covenant", "year", "quarter"], name="training_one_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="training_quarter_1_4"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="training_year_plausible"
            ),
            models.CheckConstraint(
                condition=Q(training_hours__gte=0, training_hours__lte=MAX_HOURS),
                name="training_hours_bounded",
            ),
            models.CheckConstraint(
                condition=Q(dossiers__lte=MAX_COUNT, participants__lte=MAX_COUNT),
                name="training_counts_bounded",
            ),
            models.CheckConstraint(
                condition=Q(employees__gte=1, employees__lte=MAX_COUNT),
                name="training_employees_bounded",
            ),
            models.CheckConstraint(
                condition=Q(participants__lte=models.F("employees")),
                name="training_participants_lte_employees",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="training_channel_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.covenant} · {self.year} K{self.quarter}"
