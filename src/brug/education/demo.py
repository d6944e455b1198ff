"""Demo consultation: one round on a submitted covenant of the illustrative demo generation (never
on the real 2021-2022 generation), with advice from the demo network's office and the council."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from brug.core.demo import DemoContext, demo_step
from brug.covenants.models import Covenant, CovenantStatus
from brug.education import models as m
from brug.registry.models import Organisation, OrganisationKind

DEMO_GENERATION = "demo-huidig"


@demo_step(55, "education.consultation")
def demo_consultation(ctx: DemoContext) -> None:
    rng = ctx.rng_for("education.consultation")
    covenants = list(
        Covenant.objects.filter(
            generation__code=DEMO_GENERATION, is_demo=True, status=CovenantStatus.SUBMITTED
        ).order_by("pk")
    )
    if not covenants or m.ConsultationRound.objects.filter(is_demo=True).exists():
        return
    users = ctx.shared.get("demo_users", {})
    now = timezone.now()
    advisers = list(
        Organisation.objects.filter(
            kind__in=[OrganisationKind.EDUCATION_NETWORK, OrganisationKind.EDUCATION_COUNCIL]
        ).order_by("kind", "name")
    )
    # The first submitted covenant: a round still open, so the demo logins can advise.
    # The second: a closed round with advice from every adviser.
    for index, covenant in enumerate(covenants[:2]):
        is_open = index == 0
        rnd = m.ConsultationRound.objects.create(
            covenant=covenant,
            status="open" if is_open else "closed",
            closes_on=timezone.localdate() + dt.timedelta(days=21 if is_open else -7),
            note="Demo: onderwijsacties ter advies.",
            opened_by=users.get("department_work"),
            opened_at=now - dt.timedelta(days=7 if is_open else 35),
            closed_at=None if is_open else now - dt.timedelta(days=7),
            is_demo=True,
        )
        actions = list(covenant.actions.filter(category__in=m.EDUCATION_CATEGORIES))
        givers = advisers[:1] if is_open else advisers
        for org in givers:
            for action in actions:
                position = rng.choice(m.Position.values)
                m.Advice.objects.create(
                    round=rnd,
                    action=action,
                    organisation=org,
                    position=position,
                    text="" if position == m.Position.SUPPORTS else "Demo-advies (illustratief).",
                    given_at=now - dt.timedelta(days=3),
                    is_demo=True,
                )
                ctx.counts["education.advice (demo)"] += 1
        ctx.counts["education.rounds (demo)"] += 1
