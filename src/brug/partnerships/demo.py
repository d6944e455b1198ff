"""Demo partnerships (order 65): generated from the demo organisations, deterministic from the
seed, every row `is_demo` and shown with a demo label. No real organisation appears in them."""

from __future__ import annotations

from datetime import date, timedelta

from brug.core.demo import DemoContext, demo_step
from brug.innovet.models import Offer, OfferStatus
from brug.partnerships.models import (
    Partnership,
    PartnershipDecision,
    PartnershipKind,
    PartnershipMember,
)
from brug.partnerships.search import partnerships_index
from brug.partnerships.services import side_of
from brug.registry.models import Organisation, OrganisationKind, Province, StudyDomain

THEMES = (
    "Hernieuwbare energie",
    "Industrie 4.0",
    "Zorgtechnologie",
    "Lassen",
    "Elektrische voertuigen",
    "Duurzaam bouwen",
    "Voeding en hygiëne",
    "Logistiek en digitalisering",
)
GOALS: dict[str, str] = {
    PartnershipKind.SCHOOL_COMPANY: "Leerlingen leren op de werkvloer en leerkrachten lopen stage.",
    PartnershipKind.RTC_PROJECT: "Scholen en bedrijven ontwikkelen samen lesmateriaal.",
    PartnershipKind.SECTOR_PROJECT: "De sector stelt infrastructuur en opleiders ter beschikking.",
    PartnershipKind.LEARNING_NETWORK: "Leerkrachten en bedrijven wisselen ervaring uit rond een thema.",
    PartnershipKind.DUAL_SECTORAL: "Het partnerschap erkent leerwerkplekken en volgt de kwaliteit op.",
}
SIZES = {"small": 40, "medium": 200, "large": 1000}


@demo_step(65, "partnerships.register")
def register(ctx: DemoContext) -> None:
    rng = ctx.rng_for("partnerships.register")
    orgs = list(Organisation.objects.filter(is_demo=True).order_by("pk"))
    schools = [o for o in orgs if o.kind == OrganisationKind.SCHOOL]
    companies = [o for o in orgs if o.kind == OrganisationKind.COMPANY]
    rtcs = [o for o in orgs if o.kind == OrganisationKind.RTC]
    bodies = [o for o in orgs if o.kind == OrganisationKind.PARTNERSHIP]
    if not schools or not companies:
        return
    provinces = list(Province.objects.order_by("pk"))
    domains = list(StudyDomain.objects.order_by("pk"))
    offers = list(
        Offer.objects.filter(status=OfferStatus.PUBLISHED, is_demo=True).order_by("pk")[:200]
    )
    today = date.today()
    created: list[Partnership] = []
    n = SIZES.get(ctx.scale.name, 40)
    kinds = [k for k in PartnershipKind.values if k != PartnershipKind.DUAL_SECTORAL]
    for i in range(n):
        kind = kinds[i % len(kinds)]
        owners: dict[str, Organisation] = {
            PartnershipKind.SCHOOL_COMPANY: rng.choice(schools),
            PartnershipKind.RTC_PROJECT: rng.choice(rtcs or schools),
            PartnershipKind.SECTOR_PROJECT: rng.choice(companies),
            PartnershipKind.LEARNING_NETWORK: rng.choice(schools),
        }
        owner = owners[kind]
        theme = rng.choice(THEMES)
        start = today - timedelta(days=rng.randint(30, 1500))
        ended = rng.random() < 0.3
        created.append(
            Partnership(
                kind=kind,
                title=f"Demo: {theme} ({i + 1})",
                goal=GOALS[kind],
                theme=theme,
                description="Gegenereerde demo-samenwerking; geen echte gegevens.",
                results="Lespakket en stageplaatsen (demo)." if ended else "",
                owner=owner,
                start=start,
                end=start + timedelta(days=rng.randint(200, 700)) if ended else None,
                province=rng.choice(provinces) if provinces else None,
                is_published=rng.random() < 0.85,
                is_demo=True,
            )
        )
    for body in bodies[:10]:
        created.append(
            Partnership(
                kind=PartnershipKind.DUAL_SECTORAL,
                title=f"Demo: {body.name}",
                goal=GOALS[PartnershipKind.DUAL_SECTORAL],
                theme="Duaal leren",
                owner=body,
                body=body,
                start=today - timedelta(days=rng.randint(400, 1500)),
                is_published=True,
                is_demo=True,
            )
        )
    Partnership.objects.bulk_create(created)
    members: list[PartnershipMember] = []
    decisions: list[PartnershipDecision] = []
    for p in created:
        chosen = {p.owner_id: p.owner}
        for org in rng.sample(schools, k=min(2, len(schools))) + rng.sample(
            companies, k=min(3, len(companies))
        ):
            chosen.setdefault(org.pk, org)
        members += [
            PartnershipMember(
                partnership=p,
                organisation=org,
                side=side_of(org),
                role="trekker" if org.pk == p.owner_id else "partner",
            )
            for org in chosen.values()
        ]
        if domains:
            p.study_domains.set(rng.sample(domains, k=min(2, len(domains))))
        if offers and p.kind != PartnershipKind.DUAL_SECTORAL and rng.random() < 0.4:
            p.offers.set(rng.sample(offers, k=min(2, len(offers))))
        if p.kind == PartnershipKind.DUAL_SECTORAL:
            decisions += [
                PartnershipDecision(
                    partnership=p,
                    decided_on=today - timedelta(days=30 * (j + 1)),
                    subject=f"Erkenningscriteria leerwerkplekken (demo {j + 1})",
                    decision="Het partnerschap keurt de criteria goed (demo).",
                )
                for j in range(2)
            ]
    PartnershipMember.objects.bulk_create(members, ignore_conflicts=True)
    PartnershipDecision.objects.bulk_create(decisions)
    partnerships_index(created)
    ctx.counts["partnerships"] += len(created)
