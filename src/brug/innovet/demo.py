"""Demo InnoVET catalogue: offers from the demo providers, sessions, registrations, material,
guest lessons. `generate_offers` is also what bench/innovet uses for 100,000 offers.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone

from brug.core.bulk import insert_rows
from brug.core.demo import DemoContext, demo_step
from brug.innovet import textsearch
from brug.innovet.models import (
    FailedSearch,
    GuestLessonRequest,
    Licence,
    Material,
    MaterialStatus,
    Offer,
    OfferKind,
    OfferStatus,
    Session,
)
from brug.innovet.search import catalogue_changed, sqlite_fts_ensure
from brug.registry.models import Organisation, OrganisationKind, Programme, Site, StudyDomain

TOPICS = (
    "lassen (TIG en MIG)",
    "CNC-programmeren",
    "hernieuwbare energie",
    "warmtepompen installeren",
    "zorgtechnologie",
    "elektrische voertuigen",
    "domotica en slimme gebouwen",
    "duurzaam bouwen",
    "voedselveiligheid en HACCP",
    "robotica en cobots",
    "3D-printen",
    "PLC-programmeren",
    "industriële automatisering",
    "logistiek en supply chain",
    "digitale boekhouding",
    "houtbewerking",
    "kappen en haarverzorging",
    "data en artificiële intelligentie",
    "circulaire economie",
    "hydraulica en pneumatiek",
    "koel- en klimaattechniek",
    "veiligheid op de werkvloer (VCA)",
    "grafische media en drukwerk",
    "land- en tuinbouwmechanisatie",
    "dementie en communicatie",
)
KIND_TEMPLATES: dict[str, tuple[str, ...]] = {
    OfferKind.TEACHER_PLACEMENT: ("Bedrijfsstage {t}", "Meeloopdagen {t} voor leerkrachten"),
    OfferKind.VDAB_TEN_DAY: ("10-dagenregeling VDAB: {t}",),
    OfferKind.SECTOR_TRAINING: ("Sectorale opleiding {t}", "Bijscholing {t}"),
    OfferKind.RTC_PROJECT: ("Lerend netwerk {t}", "RTC-project {t}"),
    OfferKind.GUEST_TEACHER: ("Gastleraar {t}", "Gastles {t} door een expert"),
    OfferKind.INFRASTRUCTURE: ("Opleidingsatelier {t}", "Gedeelde infrastructuur {t}"),
    OfferKind.MATERIAL: ("Lespakket {t}",),
    OfferKind.REPLACEMENT: ("Vervanging tijdens nascholing {t}",),
    OfferKind.EVENT: ("Regionale kick-off {t}", "Innovatiedag {t}"),
}
# Who offers what (seed 004): VDAB runs the 10-day scheme; RTCs projects and networks; ...
PROVIDER_KINDS: dict[str, tuple[str, ...]] = {
    OfferKind.TEACHER_PLACEMENT: (OrganisationKind.COMPANY,),
    OfferKind.VDAB_TEN_DAY: (OrganisationKind.VDAB,),
    OfferKind.SECTOR_TRAINING: (OrganisationKind.SECTOR_FUND, OrganisationKind.PARTNERSHIP),
    OfferKind.RTC_PROJECT: (OrganisationKind.RTC,),
    OfferKind.GUEST_TEACHER: (OrganisationKind.COMPANY,),
    OfferKind.INFRASTRUCTURE: (OrganisationKind.COMPANY, OrganisationKind.SECTOR_FUND),
    OfferKind.MATERIAL: (OrganisationKind.SUPPORT_SERVICE, OrganisationKind.SCHOOL),
    OfferKind.REPLACEMENT: (OrganisationKind.SCHOOL,),
    OfferKind.EVENT: (OrganisationKind.RTC, OrganisationKind.SECTOR_FUND),
}
KIND_WEIGHTS = (30, 8, 20, 10, 10, 6, 6, 3, 7)
BATCH = 2000


def fts_store(rows: Sequence[tuple[int, str]]) -> None:
    """Bulk insert (offer id, raw document) into the SQLite FTS table; PostgreSQL needs nothing."""
    if connection.vendor != "sqlite" or not rows:
        return
    sqlite_fts_ensure()
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT OR REPLACE INTO innovet_offer_fts(rowid, document) VALUES (%s, %s)",
            [(pk, textsearch.document(doc)) for pk, doc in rows],
        )


def generate_offers(
    rng: random.Random,
    count: int,
    *,
    progress: Callable[[int, int], None] = lambda done, total: None,
    is_demo: bool = True,
) -> int:
    """Create `count` published offers with sessions, spread over the existing providers."""
    providers: dict[str, list[tuple[int, int | None]]] = {}
    sites = dict(
        Site.objects.order_by("organisation_id", "pk").values_list("organisation_id", "pk")
    )
    site_rows = {
        s["pk"]: s
        for s in Site.objects.values(
            "pk",
            "street",
            "latitude",
            "longitude",
            "municipality__province_id",
            "municipality__name_nl",
            "municipality__latitude",
            "municipality__longitude",
        )
    }
    for pk, kind in Organisation.objects.values_list("pk", "kind"):
        providers.setdefault(kind, []).append((pk, sites.get(pk)))
    names = dict(Organisation.objects.values_list("pk", "name"))
    domains = list(StudyDomain.objects.values_list("pk", "name"))
    programmes = list(Programme.objects.values_list("pk", "name", "study_domain_id"))
    related_programmes = {
        topic: [
            p for p in programmes if set(textsearch.tokens(p[1])) & set(textsearch.tokens(topic))
        ]
        for topic in TOPICS
    }
    kinds = [k for k in KIND_TEMPLATES if any(providers.get(p) for p in PROVIDER_KINDS[k])]
    weights = [KIND_WEIGHTS[list(KIND_TEMPLATES).index(k)] for k in kinds]
    if not kinds:
        return 0
    # The providers that may offer each kind, built once (not per offer: 190,000 companies).
    pools = {k: [p for pk in PROVIDER_KINDS[k] for p in providers.get(pk, [])] for k in kinds}
    now = timezone.now()
    made = 0
    while made < count:
        size = min(BATCH, count - made)
        offers: list[dict[str, Any]] = []
        extras: list[tuple[list[int], list[int], int, str]] = []
        for _ in range(size):
            kind = rng.choices(kinds, weights)[0]
            provider_id, site_id = rng.choice(pools[kind])
            topic = rng.choice(TOPICS)
            title = rng.choice(KIND_TEMPLATES[kind]).format(t=topic)
            site = site_rows.get(site_id) if site_id else None
            # Only programmes that share a word with the topic: a welding offer is linked to
            # welding programmes, never a hairdressing offer (the links are searched too).
            related = related_programmes.get(topic, [])
            programme_pick = rng.sample(related, k=min(len(related), rng.randint(0, 2)))
            domain_ids = sorted({p[2] for p in programme_pick}) or (
                [rng.choice(domains)[0]] if domains else []
            )
            on_request = (
                kind in (OfferKind.GUEST_TEACHER, OfferKind.REPLACEMENT) or rng.random() < 0.1
            )
            cost = Decimal(rng.choice((0, 0, 0, 25, 50, 75, 90, 120, 250)))
            if kind in (OfferKind.VDAB_TEN_DAY, OfferKind.SECTOR_TRAINING):
                cost = Decimal(0)  # sector trainings are free for schools (seed 004)
            description = (
                f"{title}. Voor leerkrachten uit het technisch en beroepssecundair onderwijs: "
                f"praktijkgericht, in kleine groepen, met aandacht voor {topic} en de link met "
                "het leerplan."
            )
            document = textsearch.fold(
                "\n".join(
                    [
                        title,
                        description,
                        names.get(provider_id, ""),
                        *[n for pk, n in domains if pk in domain_ids],
                        *[p[1] for p in programme_pick],
                        site["municipality__name_nl"] if site else "",
                    ]
                )
            )
            offers.append(
                {
                    "provider": provider_id,
                    "kind": kind,
                    "status": OfferStatus.PUBLISHED,
                    "title": title,
                    "description": description,
                    "province": site["municipality__province_id"] if site else None,
                    "site": site_id,
                    "on_request": on_request,
                    "cost_eur": cost,
                    "target_grade": rng.choice((None, 2, 3, 3)),
                    "language": "nl",
                    "curriculum_link": f"Leerplan: {topic}",
                    "vendor_neutral": rng.random() < 0.85,
                    "accessibility_notes": "",
                    "for_lateral_entrants": False,
                    "search_document": document,
                    "search_title": textsearch.document(title),
                    "latitude": (site["latitude"] or site["municipality__latitude"])
                    if site
                    else None,
                    "longitude": (site["longitude"] or site["municipality__longitude"])
                    if site
                    else None,
                    "next_start": None,
                    "free_places": 0,
                    "in_autumn_window": False,
                    "in_spring_window": False,
                    "is_demo": is_demo,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            # Where the sessions take place: the provider's site (never the title again).
            location = (
                ", ".join(p for p in (site.get("street") or "", site["municipality__name_nl"]) if p)
                if site
                else "Online"
            )
            extras.append(
                (
                    domain_ids,
                    [p[0] for p in programme_pick],
                    0 if on_request else rng.randint(1, 3),
                    location,
                )
            )
        # Sessions, and the offer summaries computed from them here as
        # `offers_refresh_summaries` computes them (so no offer is written twice).
        sessions: list[tuple[int, datetime, datetime, str, int, date | None, date | None]] = []
        for at, (offer, (_d, _p, n_sessions, location)) in enumerate(
            zip(offers, extras, strict=True)
        ):
            for _ in range(n_sessions):
                start = (now + timedelta(days=rng.randint(3, 300))).replace(
                    hour=rng.choice((8, 9, 13)), minute=30, second=0, microsecond=0
                )
                days = rng.randint(1, 10) if offer["kind"] == OfferKind.VDAB_TEN_DAY else 1
                capacity = rng.choice((8, 12, 15, 20, 30))
                ten_day = offer["kind"] == OfferKind.VDAB_TEN_DAY
                sessions.append(
                    (
                        at,
                        start,
                        start + timedelta(days=days - 1, hours=6),
                        location[:300],
                        capacity,
                        (start - timedelta(days=60)).date() if ten_day else None,
                        (start - timedelta(days=7)).date() if ten_day else None,
                    )
                )
                if start >= now:
                    day = timezone.localtime(start).date()
                    if offer["next_start"] is None or day < offer["next_start"]:
                        offer["next_start"] = day
                    offer["free_places"] += capacity
                    offer["in_autumn_window"] |= day.month in (10, 11)
                    offer["in_spring_window"] |= day.month in (2, 3, 4)
        with transaction.atomic():
            ids = _new_offer_ids(len(offers))
            fields = list(offers[0])
            insert_rows(
                Offer,
                ["id", *fields],
                ([pk, *o.values()] for pk, o in zip(ids, offers, strict=True)),
            )
            insert_rows(
                Offer.study_domains.through,
                ["offer", "studydomain"],
                ((pk, d) for pk, extra in zip(ids, extras, strict=True) for d in extra[0]),
            )
            insert_rows(
                Offer.programmes.through,
                ["offer", "programme"],
                ((pk, p) for pk, extra in zip(ids, extras, strict=True) for p in extra[1]),
            )
            insert_rows(
                Session,
                [
                    "offer",
                    "starts_at",
                    "ends_at",
                    "location",
                    "capacity",
                    "registration_opens",
                    "registration_closes",
                    "seats_taken",
                    "is_cancelled",
                    "created_at",
                ],
                ((ids[at], *rest, 0, False, now) for at, *rest in sessions),
            )
            fts_store([(pk, o["search_document"]) for pk, o in zip(ids, offers, strict=True)])
            catalogue_changed(ids)  # the facet rows of this batch, and the cached counts
        made += size
        progress(made, count)
    return made


def _new_offer_ids(n: int) -> list[int]:
    """Ids for `n` new offers, taken before the rows are written (so plain multi-row INSERTs or
    COPY can write offers, links and sessions). Call inside a transaction."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('innovet_offer', 'id')) "
                "FROM generate_series(1, %s)",
                [n],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: one writer at a time; the ids after the highest ever given (AUTOINCREMENT).
        cursor.execute(
            "SELECT MAX(COALESCE((SELECT MAX(id) FROM innovet_offer), 0), "
            "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'innovet_offer'), 0))"
        )
        first = int(cursor.fetchone()[0]) + 1
        return list(range(first, first + n))


def _pdf_bytes(title: str) -> bytes:
    return f"%PDF-1.4\n% Brug demo: {title}\n%%EOF\n".encode()


@demo_step(60, "innovet.catalogue")
def demo_catalogue(ctx: DemoContext) -> None:
    rng = ctx.rng_for("innovet.catalogue")
    total = ctx.scale.offers
    made = generate_offers(
        rng, total, progress=lambda done, n: ctx.progress("innovet.catalogue", done, n)
    )
    ctx.counts["innovet offers"] += made
    _demo_activity(ctx, rng)


def _demo_activity(ctx: DemoContext, rng: random.Random) -> None:
    """A few registrations, material, guest lessons and failed searches around the demo logins."""
    from brug.innovet import materials, services

    users: dict[str, Any] = ctx.shared.get("demo_users", {})
    teacher, guide = users.get("teacher"), users.get("guide")
    if teacher is not None:
        sessions = list(
            Session.objects.filter(offer__is_demo=True, registration_opens__isnull=True)
            .select_related("offer")
            .order_by("pk")[:40]
        )
        for session in rng.sample(sessions, k=min(4, len(sessions))):
            services.registration_create(actor=teacher, session=session)
            ctx.counts["innovet registrations"] += 1
    if guide is not None:
        school = guide.memberships.get().organisation
        guest_offers = list(
            Offer.objects.filter(is_demo=True, kind=OfferKind.GUEST_TEACHER).order_by("pk")[:20]
        )
        for offer in rng.sample(guest_offers, k=min(2, len(guest_offers))):
            services.guest_request_create(
                actor=guide, school=school, topic=offer.title, offer=offer
            )
        services.guest_request_create(
            actor=guide, school=school, topic="Gastles waterstoftechnologie"
        )
        GuestLessonRequest.objects.filter(requested_by=guide).update(is_demo=True)
        ctx.counts["innovet guest requests"] += 3
        author = users.get("teacher") or guide
        material = materials.material_create(
            actor=author,
            provider=school,
            title="Lespakket warmtepompen (3de graad)",
            licence=Licence.CC_BY_SA,
            upload=ContentFile(_pdf_bytes("warmtepompen"), name="warmtepompen.pdf"),
            description="Theorie, praktijkopdrachten en evaluatie, merkneutraal.",
            curriculum_link="Leerplan Elektromechanische technieken",
        )
        Material.objects.filter(pk=material.pk).update(status=MaterialStatus.APPROVED, is_demo=True)
        ctx.counts["innovet materials"] += 1
        province_id = None
        site = school.sites.select_related("municipality").first()
        if site is not None:
            province_id = site.municipality.province_id
        FailedSearch.objects.bulk_create(
            [
                FailedSearch(province_id=province_id, query=q, filters={})
                for q in ("waterstof", "drones in de landbouw", "VR-lassimulator")
            ]
        )


# ------------------------------------------------------------------ issue 15: as it runs

HYBRID_TITLES = (
    "Praktijkleraar lassen, 8 uur per week",
    "Lesgever elektrische installaties (deeltijds)",
    "Vakleerkracht zorg: deeltijds vanuit het woonzorgcentrum",
    "Gastdocent CNC, twee halve dagen",
)
CANDIDATE_EXPERTISE = (
    "warmtepompen en koeltechniek",
    "robotlassen",
    "wondzorg",
    "PLC en automatisering",
    "houtskeletbouw",
    "voedingstechnologie",
    "logistieke software",
    "elektrische voertuigen",
)


@demo_step(61, "innovet.practice")
def demo_practice(ctx: DemoContext) -> None:
    """Demo rows for the 10-day scheme, teacher placements, hybrid jobs and guest-teacher
    candidates around the demo logins. Generated, deterministic, marked `is_demo`."""
    from brug.innovet.models import (
        CandidateStage,
        GuestTeacherCandidate,
        HybridJob,
        HybridSide,
        PlacementStatus,
        TeacherPlacement,
        TenDayRequest,
        TenDayStatus,
        TenDayYear,
    )

    rng = ctx.rng_for("innovet.practice")
    users: dict[str, Any] = ctx.shared.get("demo_users", {})
    teacher = users.get("teacher")
    today = timezone.localdate()
    # Some sector trainings and RTC projects are marked for lateral entrants.
    suited = list(
        Offer.objects.filter(
            is_demo=True, kind__in=[OfferKind.SECTOR_TRAINING, OfferKind.RTC_PROJECT]
        ).values_list("pk", flat=True)[:400]
    )
    chosen = rng.sample(suited, k=len(suited) // 5)
    Offer.objects.filter(pk__in=chosen).update(for_lateral_entrants=True)
    ctx.counts["innovet offers for lateral entrants"] += len(chosen)
    companies = list(Organisation.objects.filter(kind=OrganisationKind.COMPANY).order_by("pk")[:40])
    schools = list(Organisation.objects.filter(kind=OrganisationKind.SCHOOL).order_by("pk")[:20])
    if teacher is not None:
        school = teacher.memberships.get().organisation
        centres = list(
            Offer.objects.filter(
                is_demo=True, kind=OfferKind.VDAB_TEN_DAY, status=OfferStatus.PUBLISHED
            ).order_by("pk")[:10]
        )
        plans = (
            ("6 Elektrotechniek", TenDayYear.BSO_TSO_3G_2, TenDayStatus.REQUESTED, 30, 0),
            ("7 Koeltechniek", TenDayYear.BSO_3G_3, TenDayStatus.APPROVED, 20, 0),
            ("6 Lassen-constructie", TenDayYear.BSO_TSO_3G_2, TenDayStatus.COMPLETED, -60, 5),
        )
        for (group, year, status, offset, held), centre in zip(plans, centres, strict=False):
            first = today + timedelta(days=offset)
            days = held or rng.randint(3, 10)
            TenDayRequest.objects.create(
                offer=centre,
                school=school,
                teacher=teacher,
                requested_by=teacher,
                class_group=group,
                year=year,
                learners=rng.randint(8, 16),
                days=days,
                first_day=first,
                last_day=first + timedelta(days=days + 10),
                status=status,
                intro_on=None if status == TenDayStatus.REQUESTED else first - timedelta(days=7),
                intro_done_on=first - timedelta(days=7)
                if status == TenDayStatus.COMPLETED
                else None,
                instructor_offered=status == TenDayStatus.APPROVED,
                instructor_name="Instructeur (demo)" if status == TenDayStatus.APPROVED else "",
                days_held=held,
                curriculum_link="Leerplan: veilig werken, meten en aansluiten (demo)",
                is_demo=True,
            )
            ctx.counts["innovet 10-day requests"] += 1
        if companies:
            company = companies[rng.randrange(len(companies))]
            start = today + timedelta(days=45)
            TeacherPlacement.objects.create(
                teacher=teacher,
                school=school,
                company=company,
                requested_by=teacher,
                tasks="Meedraaien in de onderhoudsploeg; nieuwe diagnosetoestellen leren kennen.",
                starts_on=start,
                ends_on=start + timedelta(days=4),
                replacement="Collega uit de vakgroep (demo)",
                is_demo=True,
            )
            past = today - timedelta(days=120)
            TeacherPlacement.objects.create(
                teacher=teacher,
                school=school,
                company=companies[rng.randrange(len(companies))],
                requested_by=teacher,
                tasks="Een week op de werkvloer: planning, kwaliteitscontrole en veiligheid.",
                starts_on=past,
                ends_on=past + timedelta(days=4),
                host_mentor="Mentor (demo)",
                replacement="Interim-leerkracht (demo)",
                status=PlacementStatus.COMPLETED,
                certificate_code=f"demo{rng.getrandbits(64):016x}",
                completed_at=timezone.now() - timedelta(days=110),
                is_demo=True,
            )
            ctx.counts["innovet teacher placements"] += 2
    author = teacher or next(iter(users.values()), None)
    if author is None:
        return
    jobs = [
        HybridJob(
            side=HybridSide.OFFER,
            organisation=company,
            created_by=author,
            title=HYBRID_TITLES[i % len(HYBRID_TITLES)],
            description="Demogegevens: gegenereerd, geen echte vacature.",
            hours_per_week=rng.choice((4, 6, 8, 12)),
            is_demo=True,
        )
        for i, company in enumerate(companies[:4])
    ] + [
        HybridJob(
            side=HybridSide.REQUEST,
            organisation=school,
            created_by=author,
            title=rng.choice(
                ("Gezocht: vakman elektriciteit voor de derde graad", "Gezocht: expert zorg")
            ),
            description="Demogegevens: gegenereerd, geen echte vraag.",
            hours_per_week=rng.choice((4, 8)),
            is_demo=True,
        )
        for school in schools[:2]
    ]
    HybridJob.objects.bulk_create(jobs)
    ctx.counts["innovet hybrid jobs"] += len(jobs)
    stages = list(CandidateStage.values)
    candidates = [
        GuestTeacherCandidate(
            company=companies[rng.randrange(len(companies))],
            added_by=author,
            initials=f"{chr(65 + rng.randrange(26))}.{chr(65 + rng.randrange(26))}.",
            expertise=expertise,
            stage=rng.choice([s for s in stages if s != CandidateStage.MATCHED]),
            is_demo=True,
        )
        for expertise in CANDIDATE_EXPERTISE
        if companies
    ]
    GuestTeacherCandidate.objects.bulk_create(candidates)
    ctx.counts["innovet guest-teacher candidates"] += len(candidates)
