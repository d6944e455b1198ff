"""Every read of core-work records starts from what the permission matrix lets the user see."""

from __future__ import annotations

from django.db.models import QuerySet

from brug.accounts.people import RequestUser
from brug.core import policy
from brug.corework import models as m
from brug.covenants.models import Covenant


def records_visible_to(user: RequestUser) -> QuerySet[m.TrainingRecord]:
    return policy.visible(
        user,
        m.TrainingRecord.objects.select_related(
            "covenant__sector", "covenant__generation", "covenant__sector_fund"
        ),
    )


def covenants_to_record(user: RequestUser) -> QuerySet[Covenant]:
    """Covenants for which the user may record core work (its own sector fund's)."""
    rows = policy.visible(user, Covenant.objects.select_related("sector", "generation"))
    allowed = [c.pk for c in rows if policy.can(user, "create", m.TrainingRecord(covenant=c))]
    return Covenant.objects.filter(pk__in=allowed).select_related("sector", "generation")
