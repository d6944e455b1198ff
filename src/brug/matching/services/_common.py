"""Constants and helpers shared by the matching services."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from django.db.models import F, QuerySet
from django.urls import reverse

from brug.accounts.people import RequestUser
from brug.accounts.roles import Role
from brug.core import policy
from brug.matching.models import (
    MatchingRound,
    RoundScope,
)
from brug.registry.models import Organisation, Province, Sector
from brug.workplace.models import (
    Learner,
    Opening,
    OpeningStatus,
    PlacementStatus,
    recognised_q,
)

RUN_JOB = "matching.run"
PUBLISH_JOB = "matching.publish"
MAX_RESERVE_SHARE = Decimal("0.5")
COORDINATOR_ROLE = {
    RoundScope.SCHOOL: Role.GUIDE,
    RoundScope.SECTOR: Role.CONSULTANT,
    RoundScope.REGION: Role.RTC_STAFF,
}
BATCH = 2000

Progress = Callable[..., None]


def _round_url(rnd: MatchingRound) -> str:
    return reverse("matching:round_detail", args=[rnd.pk])


def _coordinator_for(actor: RequestUser, scope: str) -> Organisation | None:
    orgs = policy.organisations_of(actor, roles=[COORDINATOR_ROLE[RoundScope(scope)]])
    return Organisation.objects.filter(pk=orgs[0]).first() if orgs else None


def _openings_for(
    scope: str,
    *,
    sector: Sector | None,
    province: Province | None,
    programme_ids: Sequence[int] | None,
    kinds: Sequence[str] | None,
) -> QuerySet[Opening]:
    qs = Opening.objects.filter(status=OpeningStatus.PUBLISHED, capacity__gt=F("filled")).filter(
        recognised_q("workplace__")
    )
    if scope == RoundScope.SECTOR and sector is not None:
        qs = qs.filter(company__sectors=sector)
    if province is not None:
        qs = qs.filter(site__municipality__province=province)
    if programme_ids:
        qs = qs.filter(programme_id__in=programme_ids)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return qs


def _learners_without_place() -> QuerySet[Learner]:
    return Learner.objects.exclude(placements__status=PlacementStatus.ACTIVE)
