"""Monitoring stores only one thing of its own: daily values of the registered metrics.

Every other figure (shortage radar, open data) is computed on the fly from workplace learning.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from brug.registry.models import Province, Sector

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
