"""Matching rounds (matchingsrondes): a coordinator freezes a set of openings and learners,
learners rank the openings, the engine computes a stable and a coverage result, and the
coordinator publishes one of them as placements.

Rules live in the services; the database constraints here are the backstop.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from brug.core.bounds import length_check, range_check
from brug.core.i18n import gettext_lazy
from brug.core.models import Job
from brug.registry.models import Organisation, Province, Sector
from brug.workplace.models import Learner, Opening, Placement

MAX_PREFERENCES = 10


class RoundScope(models.TextChoices):
    SCHOOL = "school", "School"
    SECTOR = "sector", "Sector"
    REGION = "region", gettext_lazy("Region (province)")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft")
    OPEN = "open", gettext_lazy("Open for preferences")
    CLOSED = "closed", gettext_lazy("Closed")
    COMPUTED = "computed", gettext_lazy("Computed (preview)")
    PUBLISHED = "published", gettext_lazy("Published")


class RoundMode(models.TextChoices):
    STABLE = "stable", gettext_lazy("Stable")
    COVERAGE = "coverage", gettext_lazy("Coverage")


class MatchingRound(models.Model):
    name = models.CharField(max_length=200)
    coordinator = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="matching_rounds"
    )
    scope = models.CharField(max_length=8, choices=RoundScope.choices)
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, null=True, blank=True, related_name="matching_rounds"
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="matching_rounds"
    )
    preference_deadline = models.DateTimeField()
    intake_deadline = models.DateTimeField()
    seed = models.PositiveIntegerField()
    # Share of each opening's places reserved for learners with a support need (0 = none).
    reserve_share = models.DecimalField(max_digits=3, decimal_places=2, default=0)
    status = models.CharField(
        max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT, db_index=True
    )
    mode = models.CharField(max_length=10, choices=RoundMode.choices, blank=True)
    openings: models.ManyToManyField[Opening, RoundOpening] = models.ManyToManyField(
        Opening, through="RoundOpening", related_name="+"
    )
    learners: models.ManyToManyField[Learner, RoundLearner] = models.ManyToManyField(
        Learner, through="RoundLearner", related_name="+"
    )
    last_job = models.ForeignKey(
        Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = gettext_lazy("matching round")
        verbose_name_plural = gettext_lazy("matching rounds")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(scope=RoundScope.SECTOR) | Q(sector__isnull=False),
                name="matchinground_sector_scope_has_sector",
            ),
            models.CheckConstraint(
                condition=~Q(scope=RoundScope.REGION) | Q(province__isnull=False),
                name="matchinground_region_scope_has_province",
            ),
            models.CheckConstraint(
                condition=Q(intake_deadline__gte=F("preference_deadline")),
                name="matchinground_deadlines_ordered",
            ),
            models.CheckConstraint(
                condition=Q(reserve_share__gte=0, reserve_share__lte=1),
                name="matchinground_reserve_share_0_1",
            ),
            models.CheckConstraint(
                condition=~Q(status=RoundStatus.PUBLISHED)
                | (~Q(mode="") & Q(published_at__isnull=False)),
                name="matchinground_published_has_mode",
            ),
            length_check("name", 200, name="matchinground_name_length"),
            range_check("seed", 0, 2147483647, name="matchinground_seed_range"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_published(self) -> bool:
        return self.status == RoundStatus.PUBLISHED


class RoundOpening(models.Model):
    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="opening_links")
    opening = models.ForeignKey(Opening, on_delete=models.PROTECT, related_name="round_links")

    class Meta:
        verbose_name = gettext_lazy("round opening")
        verbose_name_plural = gettext_lazy("round openings")
        constraints = [
            models.UniqueConstraint(fields=["round", "opening"], name="roundopening_unique")
        ]

    def __str__(self) -> str:
        return f"{self.round_id} · {self.opening_id}"


class RoundLearner(models.Model):
    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="learner_links")
    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="round_links")

    class Meta:
        verbose_name = gettext_lazy("round learner")
        verbose_name_plural = gettext_lazy("round learners")
        constraints = [
            models.UniqueConstraint(fields=["round", "learner"], name="roundlearner_unique")
        ]

    def __str__(self) -> str:
        return f"{self.round_id} · {self.learner_id}"


class RoundPreference(models.Model):
    """A learner's ranked wish for one opening of a round (1 = most wanted)."""

    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="preferences")
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="round_preferences")
    opening = models.ForeignKey(Opening, on_delete=models.CASCADE, related_name="round_preferences")
    rank = models.PositiveSmallIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("round preference")
        verbose_name_plural = gettext_lazy("round preferences")
        ordering = ["round", "learner", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "learner", "opening"], name="roundpreference_unique_opening"
            ),
            models.UniqueConstraint(
                fields=["round", "learner", "rank"], name="roundpreference_unique_rank"
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1, rank__lte=MAX_PREFERENCES),
                name="roundpreference_rank_1_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner} #{self.rank} → {self.opening_id}"


class RoundRun(models.Model):
    """One computed result (preview) of a round in one mode. Replaced by a re-run."""

    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="runs")
    mode = models.CharField(max_length=10, choices=RoundMode.choices)
    seed = models.PositiveIntegerField()
    reserve_share = models.FloatField(default=0)
    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # {learner pk: opening pk or null}; the JSON keys are strings.
    assignment = models.JSONField(default=dict)
    stats = models.JSONField(default=dict)
    fairness = models.JSONField(default=dict)
    unplaced = models.JSONField(default=dict)  # per programme and per province
    # {learner pk: [lottery number, rank (0 = unplaced), [[opening, rank, code, *numbers]...]]}
    # (compact; see brug.matching.explain)
    details = models.JSONField(default=dict)
    blocking_pairs = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("round run")
        verbose_name_plural = gettext_lazy("round runs")
        ordering = ["round", "mode"]
        constraints = [
            models.UniqueConstraint(fields=["round", "mode"], name="roundrun_one_per_mode")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.mode}"


class RoundResult(models.Model):
    """A learner's published outcome in a round, with the engine's explanation."""

    # No index of its own: the unique (round, learner) index serves lookups by round.
    round = models.ForeignKey(
        MatchingRound, on_delete=models.CASCADE, related_name="results", db_index=False
    )
    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="round_results")
    opening = models.ForeignKey(
        Opening, on_delete=models.PROTECT, null=True, blank=True, related_name="round_results"
    )
    preference_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    lottery_number = models.PositiveIntegerField()
    # [{"opening": pk, "rank": n, "code": "...", "params": {...}}] for each better preference
    reasons = models.JSONField(default=list)
    placement = models.OneToOneField(
        Placement, on_delete=models.SET_NULL, null=True, blank=True, related_name="round_result"
    )

    class Meta:
        verbose_name = gettext_lazy("round result")
        verbose_name_plural = gettext_lazy("round results")
        ordering = ["round", "learner"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "learner"], name="roundresult_one_per_learner"
            ),
            models.CheckConstraint(
                condition=Q(opening__isnull=True, preference_rank__isnull=True)
                | Q(opening__isnull=False, preference_rank__gte=1),
                name="roundresult_rank_iff_placed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.learner}"
