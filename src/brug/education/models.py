"""Education at the table (seed 000): before a covenant is approved, its education actions are
shared with the education networks and the education council (Vlor); their advice is recorded
per action. The council's yearly analysis is generated from these records (`report.py`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

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
        OPEN = "open", "Open voor advies / Open for advice"
        CLOSED = "closed", "Afgesloten / Closed"

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
        ]

    def __str__(self) -> str:
        return f"{self.covenant} · {self.opened_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Position(models.TextChoices):
    SUPPORTS = "supports", "Positief / Supportive"
    REMARKS = "remarks", "Positief met opmerkingen / Supportive with remarks"
    CONCERNS = "concerns", "Bezwaren / Concerns"


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
        ordering = ["round", "action", "organisation__name"]
        verbose_name_plural = "advice"
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
