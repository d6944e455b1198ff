"""Demo rounds: one published round at the demo school (so the demo learner sees a result
with an explanation) and one sector round open for preferences.

Works on whatever learners and openings the earlier steps made; time passing is simulated by
moving the first round's deadlines into the past before closing it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import F
from django.utils import timezone

from brug.accounts.people import RequestUser
from brug.core.demo import DemoContext, demo_step
from brug.core.errors import ServiceError
from brug.matching import services
from brug.matching.models import MatchingRound, RoundMode, RoundScope
from brug.registry.models import Province
from brug.workplace.models import (
    Learner,
    Opening,
    OpeningStatus,
    PlacementKind,
    Recognition,
    recognised_q,
)

STEP = "matching.rounds"


def _rank_all(ctx: DemoContext, actor: RequestUser, rnd: MatchingRound, share: float = 0.9) -> int:
    rng = ctx.rng_for(STEP)
    by_programme: dict[int, list[int]] = {}
    for pk, programme in Opening.objects.filter(round_links__round=rnd).values_list(
        "pk", "programme_id"
    ):
        by_programme.setdefault(programme, []).append(pk)
    learners = list(Learner.objects.filter(round_links__round=rnd).order_by("pk"))
    ranked = 0
    for done, learner in enumerate(learners, 1):
        options = by_programme.get(learner.programme_id, [])
        if options and (learner.user_id or rng.random() < share):
            choice = rng.sample(options, k=min(len(options), rng.randint(1, 5)))
            services.preferences_set(actor=actor, rnd=rnd, learner=learner, openings=choice)
            ranked += 1
        ctx.progress(STEP, done, len(learners))
    return ranked


def _places_for_demo_learner(ctx: DemoContext, learner_user: Any) -> None:
    """Earlier steps may have filled every opening of the demo learner's programme: offer two
    more places at recognised workplaces of that programme, so the round has a choice."""
    learner = Learner.objects.filter(user=learner_user).first() if learner_user else None
    if learner is None:
        return
    free = Opening.objects.filter(
        programme=learner.programme, status=OpeningStatus.PUBLISHED, capacity__gt=F("filled")
    )
    if free.count() >= 2:
        return
    today = timezone.localdate()
    for workplace in Recognition.objects.filter(
        recognised_q(), programme=learner.programme, mentors__is_active=True
    ).distinct()[:2]:
        Opening.objects.create(
            workplace=workplace,
            company_id=workplace.company_id,
            site_id=workplace.site_id,
            programme=learner.programme,
            kind=PlacementKind.DUAL,
            start=today + timedelta(days=30),
            end=today + timedelta(days=300),
            capacity=1,
            status=OpeningStatus.PUBLISHED,
            published_at=timezone.now(),
            is_demo=True,
        )
        ctx.counts["openings for the demo round"] += 1


def _open_round(ctx: DemoContext, actor: RequestUser, scope: str, **where: Any) -> bool:
    now = timezone.now()
    rng = ctx.rng_for(STEP + ".open")
    try:
        rnd = services.round_create(
            actor=actor,
            name=f"Stages en duaal leren – voorjaarsronde ({scope}, demo)",
            scope=scope,
            preference_deadline=now + timedelta(days=21),
            intake_deadline=now + timedelta(days=35),
            seed=rng.randrange(1, 2**31),
            is_demo=True,
            **where,
        )
    except ServiceError:
        return False
    services.round_open(actor=actor, rnd=rnd)
    ctx.counts["matching rounds"] += 1
    return True


@demo_step(40, STEP)
def matching_rounds(ctx: DemoContext) -> None:
    users = ctx.shared.get("demo_users") or {}
    guide, consultant, rtc = users.get("guide"), users.get("consultant"), users.get("rtc_staff")
    rng = ctx.rng_for(STEP)
    now = timezone.now()
    _places_for_demo_learner(ctx, users.get("learner"))
    if guide is not None:
        try:
            rnd = services.round_create(
                actor=guide,
                name="Schoolronde najaar (demo)",
                scope=RoundScope.SCHOOL,
                preference_deadline=now + timedelta(days=1),
                intake_deadline=now + timedelta(days=2),
                reserve_share=0.2,
                seed=rng.randrange(1, 2**31),
                is_demo=True,
            )
        except ServiceError:
            rnd = None
        if rnd is not None:
            services.round_open(actor=guide, rnd=rnd)
            ctx.counts["round preferences"] += _rank_all(ctx, guide, rnd)
            MatchingRound.objects.filter(pk=rnd.pk).update(
                preference_deadline=now - timedelta(days=14),
                intake_deadline=now - timedelta(days=7),
            )
            rnd.refresh_from_db()
            services.round_close(actor=guide, rnd=rnd)
            rnd.refresh_from_db()
            services.round_compute(actor=guide, rnd=rnd)
            rnd.refresh_from_db()
            summary = services.round_publish(actor=guide, rnd=rnd, mode=RoundMode.STABLE)
            ctx.counts["matching rounds"] += 1
            ctx.counts["placements from matching"] += summary["placed"]
    opened = False
    if consultant is not None:
        fund = consultant.memberships.get().organisation
        for sector in fund.sectors.order_by("pk"):
            if _open_round(ctx, consultant, RoundScope.SECTOR, sector=sector):
                opened = True
                break
    if not opened and rtc is not None:
        rtc_org = rtc.memberships.get().organisation
        for province in Province.objects.filter(rtc_regions__organisations=rtc_org).order_by("pk"):
            if _open_round(ctx, rtc, RoundScope.REGION, province=province):
                break
