"""A matching round's life before the run: create, open, preferences, close."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from brug.accounts.models import User
from brug.accounts.people import RequestUser, user_or_none
from brug.accounts.roles import Role
from brug.core import policy
from brug.core.audit import audit_record
from brug.core.errors import NotAllowed, ServiceError
from brug.core.i18n import gettext_lazy, pgettext_lazy
from brug.core.notify import notify
from brug.matching.models import (
    MAX_PREFERENCES,
    MatchingRound,
    RoundLearner,
    RoundOpening,
    RoundPreference,
    RoundScope,
    RoundStatus,
)
from brug.matching.services._common import (
    BATCH,
    MAX_RESERVE_SHARE,
    _coordinator_for,
    _learners_without_place,
    _openings_for,
    _round_url,
)
from brug.registry.models import Organisation, OrganisationKind, Programme, Province, Sector
from brug.workplace.models import (
    Learner,
    Opening,
)


@transaction.atomic
def round_create(
    *,
    actor: RequestUser,
    name: str,
    scope: str,
    preference_deadline: datetime,
    intake_deadline: datetime,
    sector: Sector | None = None,
    province: Province | None = None,
    programmes: Sequence[Programme] | None = None,
    kinds: Sequence[str] | None = None,
    reserve_share: Decimal | float = 0,
    seed: int | None = None,
    coordinator: Organisation | None = None,
    is_demo: bool = False,
) -> MatchingRound:
    """Create a draft round; the openings and learners matching the filters are frozen in it."""
    if scope not in RoundScope.values:
        raise ServiceError(gettext_lazy("Unknown scope."), code="scope", field="scope")
    coordinator = coordinator or _coordinator_for(actor, scope)
    if coordinator is None:
        raise NotAllowed()
    share = Decimal(str(reserve_share)).quantize(Decimal("0.01"))
    rnd = MatchingRound(
        name=name.strip(),
        coordinator=coordinator,
        scope=scope,
        sector=sector if scope == RoundScope.SECTOR else None,
        province=province if scope != RoundScope.SCHOOL else None,
        preference_deadline=preference_deadline,
        intake_deadline=intake_deadline,
        reserve_share=share,
        seed=seed if seed is not None else random.SystemRandom().randrange(1, 2**31),
        created_by=user_or_none(actor),
        is_demo=is_demo,
    )
    policy.require(actor, "create", rnd)
    if not rnd.name:
        raise ServiceError(gettext_lazy("Name the round."), code="name", field="name")
    if scope == RoundScope.SCHOOL and coordinator.kind != OrganisationKind.SCHOOL:
        raise ServiceError(
            gettext_lazy("A school round belongs to a school."),
            code="coordinator",
            field="scope",
        )
    if scope == RoundScope.SECTOR and sector is None:
        raise ServiceError(gettext_lazy("Choose a sector."), code="sector", field="sector")
    if scope == RoundScope.REGION and province is None:
        raise ServiceError(gettext_lazy("Choose a province."), code="province", field="province")
    if preference_deadline <= timezone.now():
        raise ServiceError(
            gettext_lazy("The preference deadline has passed."),
            code="deadline",
            field="preference_deadline",
        )
    if intake_deadline < preference_deadline:
        raise ServiceError(
            gettext_lazy("The intake deadline cannot be before the preference deadline."),
            code="deadline",
            field="intake_deadline",
        )
    if not Decimal(0) <= share <= MAX_RESERVE_SHARE:
        raise ServiceError(
            gettext_lazy("The reserved share is between 0 and 0.5."),
            code="reserve_share",
            field="reserve_share",
        )
    programme_ids = [p.pk for p in programmes] if programmes else None
    if scope == RoundScope.SCHOOL:
        learner_qs = _learners_without_place().filter(school=coordinator)
        if programme_ids:
            learner_qs = learner_qs.filter(programme_id__in=programme_ids)
        programme_ids = list(learner_qs.values_list("programme_id", flat=True).distinct())
        opening_qs = _openings_for(
            scope, sector=None, province=None, programme_ids=programme_ids or [-1], kinds=kinds
        )
    else:
        opening_qs = _openings_for(
            scope, sector=sector, province=province, programme_ids=programme_ids, kinds=kinds
        )
        learner_qs = _learners_without_place().filter(
            programme_id__in=opening_qs.values("programme_id")
        )
        if province is not None:
            learner_qs = learner_qs.filter(home_municipality__province=province)
    opening_pks = list(opening_qs.values_list("pk", flat=True).distinct().order_by("pk"))
    learner_pks = list(learner_qs.values_list("pk", flat=True).distinct().order_by("pk"))
    if not opening_pks or not learner_pks:
        raise ServiceError(
            gettext_lazy("There are no open places or no learners without a place in this scope."),
            code="empty",
        )
    rnd.save()
    RoundOpening.objects.bulk_create(
        [RoundOpening(round=rnd, opening_id=pk) for pk in opening_pks], batch_size=BATCH
    )
    RoundLearner.objects.bulk_create(
        [RoundLearner(round=rnd, learner_id=pk) for pk in learner_pks], batch_size=BATCH
    )
    audit_record(
        actor=actor,
        verb="matching.round_created",
        obj=rnd,
        changes={"openings": len(opening_pks), "learners": len(learner_pks), "seed": rnd.seed},
    )
    return rnd


def _lock(rnd: MatchingRound) -> MatchingRound:
    return MatchingRound.objects.select_for_update().get(pk=rnd.pk)


def _require_status(rnd: MatchingRound, *allowed: str) -> None:
    if rnd.status not in allowed:
        if rnd.status == RoundStatus.PUBLISHED:
            raise ServiceError(
                gettext_lazy("This round has already been published."),
                code="already_published",
            )
        raise ServiceError(
            gettext_lazy(
                "That is not possible in the round's current stage ({status}).", status=rnd.status
            ),
            code="status",
        )


def _participants(rnd: MatchingRound) -> tuple[list[User], list[User]]:
    """(learners with a login, guides of the participating schools)."""
    learners = list(User.objects.filter(learner_record__round_links__round=rnd).distinct())
    guides = list(
        User.objects.filter(
            memberships__role=Role.GUIDE,
            memberships__is_active=True,
            memberships__organisation__learners__round_links__round=rnd,
        ).distinct()
    )
    return learners, guides


@transaction.atomic
def round_open(*, actor: RequestUser, rnd: MatchingRound) -> MatchingRound:
    """Open the round for preferences and tell the learners and their guides."""
    policy.require(actor, "change", rnd)
    rnd = _lock(rnd)
    _require_status(rnd, RoundStatus.DRAFT)
    if rnd.preference_deadline <= timezone.now():
        raise ServiceError(
            gettext_lazy("The preference deadline has passed."),
            code="deadline",
        )
    rnd.status = RoundStatus.OPEN
    rnd.save(update_fields=["status"])
    audit_record(actor=actor, verb="matching.round_opened", obj=rnd, changes={"status": "open"})
    learners, guides = _participants(rnd)
    notify(
        recipients=learners + guides,
        subject=gettext_lazy("Matching round open: {name}", name=rnd.name),
        body=gettext_lazy(
            "Rank your preferences until {deadline}.",
            deadline=timezone.localtime(rnd.preference_deadline).strftime("%d/%m/%Y %H:%M"),
        ),
        url=_round_url(rnd),
    )
    return rnd


@transaction.atomic
def preferences_set(
    *, actor: RequestUser, rnd: MatchingRound, learner: Learner, openings: Sequence[Opening | int]
) -> list[RoundPreference]:
    """Replace `learner`'s ranked list in `rnd` (best first). An empty list withdraws."""
    policy.require(actor, "create", RoundPreference(round=rnd, learner=learner))
    rnd = _lock(rnd)
    _require_status(rnd, RoundStatus.OPEN)
    if timezone.now() > rnd.preference_deadline:
        raise ServiceError(
            pgettext_lazy(
                "De deadline voor voorkeuren is voorbij.", "The preference deadline has passed."
            ),
            code="deadline",
        )
    if not RoundLearner.objects.filter(round=rnd, learner=learner).exists():
        raise ServiceError(
            gettext_lazy("This learner is not in this round."),
            code="learner",
            field="learner",
        )
    pks = [o if isinstance(o, int) else o.pk for o in openings]
    if len(pks) != len(set(pks)):
        raise ServiceError(
            gettext_lazy("Each opening may appear only once."),
            code="duplicate",
            field="openings",
        )
    if len(pks) > MAX_PREFERENCES:
        raise ServiceError(
            gettext_lazy("You can give at most {n} preferences.", n=MAX_PREFERENCES),
            code="too_many",
            field="openings",
        )
    known = set(
        RoundOpening.objects.filter(round=rnd, opening_id__in=pks).values_list(
            "opening_id", flat=True
        )
    )
    if set(pks) - known:
        raise ServiceError(
            gettext_lazy("That opening is not part of this round."),
            code="opening",
            field="openings",
        )
    if Opening.objects.filter(pk__in=pks).exclude(programme_id=learner.programme_id).exists():
        raise ServiceError(
            gettext_lazy("That opening is for another programme."),
            code="programme",
            field="openings",
        )
    before = list(
        RoundPreference.objects.filter(round=rnd, learner=learner).values_list(
            "opening_id", flat=True
        )
    )
    RoundPreference.objects.filter(round=rnd, learner=learner).delete()
    user = user_or_none(actor)
    created = RoundPreference.objects.bulk_create(
        [
            RoundPreference(round=rnd, learner=learner, opening_id=pk, rank=i, created_by=user)
            for i, pk in enumerate(pks, 1)
        ]
    )
    audit_record(
        actor=actor,
        verb="matching.preferences_set",
        obj=rnd,
        changes={"learner": learner.pk, "openings": [before, pks]},
    )
    return created


@transaction.atomic
def round_close(*, actor: RequestUser, rnd: MatchingRound) -> MatchingRound:
    """Close the preferences once their deadline has passed."""
    policy.require(actor, "change", rnd)
    rnd = _lock(rnd)
    _require_status(rnd, RoundStatus.OPEN)
    if timezone.now() < rnd.preference_deadline:
        raise ServiceError(
            gettext_lazy("Learners may still rank until the deadline."),
            code="deadline",
        )
    rnd.status = RoundStatus.CLOSED
    rnd.save(update_fields=["status"])
    audit_record(actor=actor, verb="matching.round_closed", obj=rnd, changes={"status": "closed"})
    return rnd
