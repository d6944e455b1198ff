"""Demo consultation: one round on a submitted covenant of the illustrative demo generation (never
on the real 2021-2022 generation), with advice from the demo network's office and the council."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from brug.core.demo import DemoContext, demo_step
from brug.covenants.models import ActionCategory, Covenant, CovenantStatus
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


# The five themes of the blueprint for double finality and labour-market finality (seed 001).
BLUEPRINT_THEMES = [
    "Positionering van dubbele finaliteit en arbeidsmarktfinaliteit",
    "Curriculumontwikkeling",
    "Partnerschappen met de industrie",
    "Schoolkosten en infrastructuur",
    "Personeelsbeleid",
]


@demo_step(56, "education.agreements")
def demo_agreements(ctx: DemoContext) -> None:
    """Illustrative agreements on the demo generation's covenants, labelled demo."""
    rng = ctx.rng_for("education.agreements")
    if m.Agreement.objects.filter(is_demo=True).exists():
        return
    covenants = list(
        Covenant.objects.filter(generation__code=DEMO_GENERATION, is_demo=True)
        .exclude(sector_fund=None)
        .select_related("sector_fund", "generation")
        .order_by("pk")
    )
    networks = list(
        Organisation.objects.filter(kind=OrganisationKind.EDUCATION_NETWORK).order_by("name")
    )
    if len(covenants) < 2 or len(networks) < 2:
        return
    generation = covenants[0].generation
    today = timezone.localdate()
    consultant = ctx.shared.get("demo_users", {}).get("consultant")
    network_user = ctx.shared.get("demo_users", {}).get("network_staff")
    own = next(
        (c for c in covenants if consultant and c.sector_fund in _orgs_of(consultant)), covenants[0]
    )
    own_fund = own.sector_fund
    if own_fund is None:  # excluded by the query above; keeps the types honest
        return
    own_network = (_orgs_of(network_user) or networks[:1])[0] if network_user else networks[0]
    education_covenant = m.Agreement.objects.create(
        kind=m.AgreementKind.EDUCATION_COVENANT,
        title=f"Demo: onderwijsconvenant {own.sector.name}",
        starts_on=generation.starts_on,
        ends_on=generation.ends_on,
        is_demo=True,
    )
    own_fund = own.sector_fund
    assert own_fund is not None  # covenants without a fund are excluded above
    education_covenant.parties.set([own_fund, own_network])
    education_covenant.covenants.set([own])
    funds = list({c.sector_fund.pk: c.sector_fund for c in covenants if c.sector_fund}.values())[:3]
    blueprint = m.Agreement.objects.create(
        kind=m.AgreementKind.MULTI_PARTY,
        title="Demo: meerpartijenakkoord naar het model van de blauwdruk dubbele finaliteit",
        starts_on=generation.starts_on,
        ends_on=generation.ends_on,
        is_demo=True,
    )
    blueprint.parties.set([*funds, *networks[:3]])
    quarters = [
        (year, q)
        for year in (generation.starts_on.year, generation.starts_on.year + 1)
        for q in range(1, 5)
        if dt.date(year, 3 * q - 2, 1) <= today
    ]
    for agreement, titles, sector_side, education_side in (
        (education_covenant, ["Werkplekleren", "Leraren"], [own_fund], [own_network]),
        (blueprint, BLUEPRINT_THEMES, funds, networks[:3]),
    ):
        for position, title in enumerate(titles, 1):
            theme = m.AgreementTheme.objects.create(
                agreement=agreement,
                position=position,
                title=title,
                expectations_of_policy="Demo: illustratieve verwachting ten aanzien van het beleid.",
            )
            for side, owners in (
                (m.EngagementSide.SECTORS, sector_side),
                (m.EngagementSide.EDUCATION, education_side),
            ):
                owner = rng.choice(owners)
                engagement = m.Engagement.objects.create(
                    theme=theme,
                    side=side,
                    owner=owner,
                    description=f"Demo: illustratief engagement ({title.lower()}).",
                )
                for year, quarter in quarters[-2:]:
                    status = rng.choice(m.EngagementStatus.values)
                    m.EngagementEvaluation.objects.create(
                        engagement=engagement,
                        year=year,
                        quarter=quarter,
                        status=status,
                        note="Demo-evaluatie." if status in ("at_risk", "behind") else "",
                        evaluated_at=timezone.now(),
                    )
        ctx.counts["education.agreements (demo)"] += 1
    shared = m.IntersectoralAction.objects.create(
        generation=generation,
        category=ActionCategory.INTERSECTORAL,
        title="Demo: gezamenlijke STEM-promotie van de industriële sectoren",
        is_illustrative=True,
    )
    shared.covenants.set(covenants[:3])
    ctx.counts["education.intersectoral_actions (demo)"] += 1


def _orgs_of(user: object) -> list[Organisation]:
    if user is None:
        return []
    return [ms.organisation for ms in user.memberships.select_related("organisation")]  # type: ignore[attr-defined]
