"""Demo data for workplace learning (order 20, after the registry's organisations).

Shaped by the seeds: most companies that train are recognised for one or two programmes;
a handful of applications wait in each partnership's queue (some past the 30-day target);
learners are screened by the class council; about half have a place when the demo starts and
some placements ended early. Everything is marked `is_demo`. Bulk inserts keep `flanders`
(tens of thousands of learners) within a few minutes.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from django.db.models import Count
from django.utils import timezone

from brug.core.bulk import insert_returning_ids, insert_rows, with_defaults
from brug.core.demo import DemoContext, demo_step
from brug.registry.models import (
    Competence,
    Finality,
    LearningRoute,
    Organisation,
    OrganisationKind,
    Programme,
    Site,
)
from brug.workplace import demo_routes, rules
from brug.workplace import models as m

STEP = "workplace.learning"
BATCH = 2000
FIRST_NAMES = [
    "Noor",
    "Lars",
    "Emma",
    "Milan",
    "Lina",
    "Arthur",
    "Fien",
    "Jules",
    "Nora",
    "Wout",
    "Ella",
    "Finn",
    "Mila",
    "Stan",
    "Lotte",
    "Senne",
    "Yasmine",
    "Ayoub",
    "Hanne",
    "Kobe",
]
LAST_NAMES = [
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De Smet",
    "Dubois",
    "Lambert",
    "El Amrani",
    "Vermeulen",
    "Aerts",
    "Hermans",
]


def _programmes(limit: int) -> list[Programme]:
    """Third-grade programmes with labour-market or double finality, those with competences first."""
    qs = (
        Programme.objects.filter(finality__in=[Finality.LABOUR_MARKET, Finality.DOUBLE])
        .annotate(n=Count("qualifications__competences"))
        .order_by("-n", "pk")
    )
    found: list[Programme] = list(qs[:limit])
    return found or list(Programme.objects.order_by("pk")[:limit])


def _standard_trajectories(programmes: list[Programme]) -> int:
    rows = []
    for programme in programmes:
        competences = list(
            Competence.objects.filter(qualification__programmes=programme)
            .distinct()
            .order_by("qualification_id", "order", "pk")
        )
        at_work = rules.default_workplace_count(len(competences), dual=programme.is_dual)
        rows += [
            m.StandardTrajectory(
                programme=programme,
                competence=c,
                location=m.LearningLocation.WORKPLACE if i < at_work else m.LearningLocation.SCHOOL,
            )
            for i, c in enumerate(competences)
        ]
    m.StandardTrajectory.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return len(rows)


def _partnership_by_sector() -> tuple[dict[int, int], int | None]:
    through = Organisation.sectors.through
    by_sector: dict[int, int] = {}
    for org_id, sector_id in (
        through.objects.filter(
            organisation__kind=OrganisationKind.PARTNERSHIP,
            organisation__is_flemish_partnership=False,
        )
        .values_list("organisation_id", "sector_id")
        .order_by("organisation_id")
    ):
        by_sector.setdefault(sector_id, org_id)
    flemish = (
        Organisation.objects.filter(kind=OrganisationKind.PARTNERSHIP, is_flemish_partnership=True)
        .values_list("pk", flat=True)
        .first()
    )
    return by_sector, flemish


def _school_year(today: date) -> tuple[date, date]:
    start_year = today.year if today.month >= 8 else today.year - 1
    return date(start_year, 9, 1), date(start_year + 1, 6, 30)


def _start_up_then_support(rng: random.Random, index: int, start_up_at: list[int]) -> bool:
    """Draw, in the demo's fixed order, whether learner `index` has a start-up trajectory
    (about 10 %; noted in `start_up_at`), then whether it has a support need (about 12 %)."""
    if rng.random() < 0.1:
        start_up_at.append(index)
    return bool(rng.random() < 0.12)


@demo_step(20, STEP)
def workplace_learning(ctx: DemoContext) -> None:
    rng = ctx.rng_for(STEP)
    today = timezone.localdate()
    now = timezone.now()
    year_start, year_end = _school_year(today)
    users: dict[str, Any] = ctx.shared.get("demo_users") or {}
    companies = list(
        ctx.shared.get("companies")
        or Organisation.objects.filter(kind=OrganisationKind.COMPANY, is_demo=True)
    )
    schools = list(
        ctx.shared.get("schools")
        or Organisation.objects.filter(kind=OrganisationKind.SCHOOL, is_demo=True)
    )
    if not companies or not schools:
        return
    demo_company = (
        users["company_contact"].memberships.get().organisation
        if "company_contact" in users
        else companies[0]
    )
    demo_school = users["guide"].memberships.get().organisation if "guide" in users else schools[0]
    if demo_company not in companies:
        companies.insert(0, demo_company)

    programmes = list(
        {
            p.pk: p
            for p in [
                *_programmes(40 if ctx.scale.name == "small" else 150),
                *demo_routes.route_programmes(),
            ]
        }.values()
    )
    ctx.counts["workplace.standard_trajectory_rows"] += _standard_trajectories(programmes)

    # Sites of the companies and schools (first site each).
    # By kind and then by id in Python: an `IN` list of 193,000 ids is more than PostgreSQL
    # takes in one statement.
    wanted = {o.pk for o in [*companies, *schools]}
    site_of: dict[int, Site] = {}
    for site in Site.objects.filter(
        organisation__kind__in=[OrganisationKind.COMPANY, OrganisationKind.SCHOOL]
    ).order_by("pk"):
        if site.organisation_id in wanted:
            site_of.setdefault(site.organisation_id, site)
    company_ids = {c.pk for c in companies}
    sectors_of: dict[int, list[int]] = defaultdict(list)
    for org_id, sector_id in (
        Organisation.sectors.through.objects.filter(organisation__kind=OrganisationKind.COMPANY)
        .values_list("organisation_id", "sector_id")
        .order_by("pk")
    ):
        if org_id in company_ids:
            sectors_of[org_id].append(sector_id)
    by_sector, flemish = _partnership_by_sector()
    # The programme → responsible sector(s) mapping (reference data): a company is recognised
    # only for programmes of its own sector, and the programme's sector routes the recognition.
    programme_sectors: dict[int, list[int]] = defaultdict(list)
    for programme_id, sector_id in (
        Programme.sectors.through.objects.filter(programme_id__in=[p.pk for p in programmes])
        .values_list("programme_id", "sector_id")
        .order_by("programme_id", "sector_id")
    ):
        programme_sectors[programme_id].append(sector_id)

    # Mentors: one or two per training company.
    training = [
        c for c in companies if c.pk in site_of and (c == demo_company or rng.random() < 0.6)
    ]
    mentor_rows = []
    for company in training:
        for _ in range(1 if rng.random() < 0.6 else 2):
            age = rng.randint(26, 60)
            mentor_rows.append(
                m.Mentor(
                    company=company,
                    site=site_of[company.pk],
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=rng.choice(LAST_NAMES),
                    birth_date=date(today.year - age, rng.randint(1, 12), rng.randint(1, 28)),
                    experience_years=min(age - 18, rng.randint(3, 25)),
                    has_relevant_diploma=rng.random() < 0.7,
                    criminal_record_checked_on=today - timedelta(days=rng.randint(10, 700)),
                    training_completed_on=(today - timedelta(days=rng.randint(10, 900)))
                    if rng.random() < 0.7
                    else None,
                    is_demo=True,
                )
            )
    mentors = m.Mentor.objects.bulk_create(mentor_rows, batch_size=BATCH)
    mentors_of: dict[int, list[m.Mentor]] = defaultdict(list)
    for mentor in mentors:
        mentors_of[mentor.company_id].append(mentor)
    ctx.counts["workplace.mentors"] += len(mentors)
    ctx.progress(STEP, 1, 6)

    # Recognitions: per company one or two programmes at its first site.
    statuses = [
        (m.RecognitionStatus.APPROVED, 0.76),
        (m.RecognitionStatus.SUBMITTED, 0.08),
        (m.RecognitionStatus.VISIT_PLANNED, 0.03),
        (m.RecognitionStatus.REFUSED, 0.04),
        (m.RecognitionStatus.DRAFT, 0.04),
        (m.RecognitionStatus.SUSPENDED, 0.02),
        (m.RecognitionStatus.WITHDRAWN, 0.03),
    ]
    rec_rows = []
    fitting_for: dict[frozenset[int], list[Programme]] = {}
    for company in training:
        # The demo company: one recognised workplace and one application waiting for review.
        n_programmes = 2 if company == demo_company or rng.random() >= 0.7 else 1
        own = set(sectors_of.get(company.pk, []))
        key = frozenset(own)
        if key not in fitting_for:  # the same few sector sets repeat over 190,000 companies
            fitting_for[key] = [p for p in programmes if own & set(programme_sectors[p.pk])] or [
                p for p in programmes if not programme_sectors[p.pk]
            ]
        fitting = fitting_for[key]
        if not fitting and company == demo_company:
            fitting = programmes  # the demo company always has something to show
        chosen = rng.sample(fitting, k=min(len(fitting), n_programmes))
        for programme in chosen:
            status = rng.choices([s for s, _ in statuses], weights=[w for _, w in statuses])[0]
            if company == demo_company:
                status = (
                    m.RecognitionStatus.APPROVED
                    if programme == chosen[0]
                    else m.RecognitionStatus.SUBMITTED
                )
            sector_ids = [
                *(s for s in programme_sectors[programme.pk] if s in own),
                *programme_sectors[programme.pk],
                *sectors_of.get(company.pk, []),
            ]
            partnership_id = next((by_sector[s] for s in sector_ids if s in by_sector), flemish)
            submitted = now - timedelta(days=rng.randint(1, 900))
            rec = m.Recognition(
                company=company,
                site=site_of[company.pk],
                programme=programme,
                applicant_organisation=company,
                activities="Activiteiten uit het standaardtraject (demo)",
                status=status,
                is_demo=True,
                partnership_id=None if status == m.RecognitionStatus.DRAFT else partnership_id,
            )
            if status != m.RecognitionStatus.DRAFT:
                rec.submitted_at = (
                    submitted
                    if status not in m.IN_REVIEW_STATES
                    else now - timedelta(days=rng.randint(1, 50))
                )
            if status in (
                m.RecognitionStatus.APPROVED,
                m.RecognitionStatus.REFUSED,
                m.RecognitionStatus.SUSPENDED,
                m.RecognitionStatus.WITHDRAWN,
            ):
                rec.decided_at = submitted + timedelta(days=rng.randint(5, 45))
                if status != m.RecognitionStatus.REFUSED:
                    rec.valid_from = rec.decided_at.date()
                    rec.valid_until = rec.valid_from.replace(
                        year=rec.valid_from.year + m.RECOGNITION_YEARS
                    )
                rec.reason = "" if status == m.RecognitionStatus.APPROVED else "Demo-reden"
            rec_rows.append(rec)
    recognitions = m.Recognition.objects.bulk_create(rec_rows, batch_size=BATCH)
    through = m.Recognition.mentors.through
    through.objects.bulk_create(
        [
            through(recognition_id=r.pk, mentor_id=x.pk)
            for r in recognitions
            for x in mentors_of[r.company_id]
        ],
        batch_size=BATCH,
    )
    m.RecognitionEvent.objects.bulk_create(
        [
            m.RecognitionEvent(recognition=r, transition="demo", to_status=r.status)
            for r in recognitions
        ],
        batch_size=BATCH,
    )
    ctx.counts["workplace.recognitions"] += len(recognitions)
    n_conditions, n_visits = demo_routes.conditions_and_visits(recognitions, rng, today)
    ctx.counts["workplace.recognition_conditions"] += n_conditions
    ctx.counts["workplace.site_visits"] += n_visits
    ctx.progress(STEP, 2, 6)

    # Openings at approved, valid recognitions.
    programme_by_pk = {p.pk: p for p in programmes}
    opening_rows = []
    for rec in recognitions:
        if not rec.is_recognised(today):
            continue
        for _ in range(1 if rng.random() < 0.7 else 2):
            programme = programme_by_pk[rec.programme_id]
            kind = (
                m.PlacementKind.DUAL
                if programme.is_dual
                else rng.choice([m.PlacementKind.WORKPLACE_LEARNING, m.PlacementKind.INTERNSHIP])
            )
            start = year_start + timedelta(days=rng.choice([0, 30, 60, 120]))
            capacity = rng.choice([1, 1, 2, 2, 3, 4])
            group, reserved = demo_routes.target_group_for(rng, capacity, programme.route)
            days = demo_routes.DAYS_AT_WORK.get(programme.route) or (
                3 if kind == m.PlacementKind.DUAL else rng.choice([1, 2])
            )
            opening_rows.append(
                m.Opening(
                    workplace=rec,
                    company_id=rec.company_id,
                    site_id=rec.site_id,
                    programme_id=rec.programme_id,
                    kind=kind,
                    start=start,
                    end=max(start + timedelta(days=60), year_end),
                    capacity=capacity,
                    days_per_week=days,
                    target_group=group,
                    target_group_places=reserved,
                    description="Leren op de werkvloer met een ervaren mentor (demo).",
                    practical_notes=rng.choice(
                        [
                            "Bereikbaar met bus en fiets.",
                            "Rolstoeltoegankelijk.",
                            "Werkkledij voorzien.",
                            "",
                        ]
                    ),
                    status=m.OpeningStatus.PUBLISHED,
                    published_at=now - timedelta(days=rng.randint(1, 200)),
                    is_demo=True,
                )
            )
    openings = m.Opening.objects.bulk_create(opening_rows, batch_size=BATCH)
    ctx.counts["workplace.openings"] += len(openings)
    ctx.progress(STEP, 3, 6)

    # Learners at the schools, in programmes that have openings (and some that have none).
    # The routes in the proportions of seed 002 (demo_routes); apprentices at a Syntra campus.
    with_openings = {o.programme_id for o in openings}
    buckets = demo_routes.by_bucket(programmes)
    syntra = demo_routes.syntra_provider()
    # Rows are plain tuples inserted in batches (core.bulk), not model objects: at the
    # `netherlands` scale (500,000 learners, a million applications) objects would take
    # gigabytes. The random draws keep their order, so a seed gives the same rows as before.
    learner_fields, learner_row = with_defaults(
        m.Learner,
        [
            "school_id",
            "programme_id",
            "grade",
            "year_in_grade",
            "early_school_leaver",
            "home_municipality_id",
            "ready",
            "willing",
            "has_support_need",
            "is_demo",
        ],
    )
    # (pk, programme id) of every learner, in the order made; the rest is in the database.
    learners: list[tuple[int, int]] = []
    pending: list[tuple[Any, ...]] = []
    start_up_at: list[int] = []  # learners (by index) with a start-up trajectory
    fallback_sites = list(site_of.values())

    def flush_learners() -> None:
        ids = insert_returning_ids(m.Learner, learner_fields, pending)
        learners.extend((pk, row[1]) for pk, row in zip(ids, pending, strict=True))
        pending.clear()

    for i in range(ctx.scale.learners):
        bucket, programme_id = demo_routes.choose_programme(rng, buckets, with_openings)
        programme = programme_by_pk[programme_id]
        school = demo_school if i < 30 else rng.choice(schools)
        if programme.route == LearningRoute.APPRENTICESHIP:
            school = syntra
        school_site = site_of.get(school.pk)
        pending.append(
            learner_row(
                (
                    school.pk,
                    programme_id,
                    programme.grade or 3,
                    demo_routes.year_in_grade(rng, programme),
                    bucket in ("tso", "bso") and rng.random() < demo_routes.EARLY_LEAVER_SHARE,
                    school_site.municipality_id
                    if school_site
                    else rng.choice(fallback_sites).municipality_id,
                    rng.random() < 0.8,
                    rng.random() < 0.9,
                    _start_up_then_support(rng, i, start_up_at),
                    True,
                )
            )
        )
        if len(pending) == BATCH:
            flush_learners()
            ctx.progress("workplace: learners", i + 1, ctx.scale.learners)
    if pending:
        flush_learners()
    m.StartUpTrajectory.objects.bulk_create(
        [
            m.StartUpTrajectory(
                learner_id=learners[i][0],
                content="Demo: oriëntatie op de werkvloer en attitudetraining op school.",
                duration_weeks=rng.choice((4, 6, 8, 10)),
                organiser="Demo: de school met het CLB",
                is_demo=True,
            )
            for i in start_up_at
        ],
        batch_size=BATCH,
    )
    if "learner" in users and learners:
        m.Learner.objects.filter(pk=learners[0][0]).update(user=users["learner"])
    identity_fields, identity_row = with_defaults(
        m.LearnerIdentity, ["learner_id", "first_name", "last_name", "birth_date"]
    )
    insert_rows(
        m.LearnerIdentity,
        identity_fields,
        (
            identity_row(
                (
                    learner_id,
                    rng.choice(FIRST_NAMES),
                    rng.choice(LAST_NAMES),
                    date(today.year - rng.randint(16, 19), rng.randint(1, 12), rng.randint(1, 28)),
                )
            )
            for learner_id, _ in learners
        ),
    )
    ctx.counts["workplace.learners"] += len(learners)
    ctx.progress(STEP, 4, 6)

    # Applications and placements: the demo school's first learners keep room for matching.
    openings_by_programme: dict[int, list[m.Opening]] = defaultdict(list)
    for opening in openings:
        openings_by_programme[opening.programme_id].append(opening)
    filled: dict[int, int] = defaultdict(int)
    app_fields, app_row = with_defaults(
        m.Application,
        ["learner_id", "opening_id", "rank", "status", "decline_reason", "intake_on", "is_demo"],
    )
    placement_fields, placement_row = with_defaults(
        m.Placement,
        [
            "learner_id",
            "opening_id",
            "mentor_id",
            "start",
            "end",
            "status",
            "end_reason",
            "ended_on",
            "is_demo",
        ],
    )
    # (learner, opening, mentor, start, end, status, end_reason, ended_on) of each placement
    placement_specs: list[tuple[Any, ...]] = []

    def applications() -> Iterator[tuple[Any, ...]]:
        for index, (learner_id, programme_id) in enumerate(learners):
            options = openings_by_programme.get(programme_id, [])
            if not options:
                continue
            wished = rng.sample(options, k=min(len(options), rng.randint(1, 3)))
            placed = False
            for rank, opening in enumerate(wished, 1):
                status, reason, intake_on = m.ApplicationStatus.SUBMITTED, "", None
                roll = rng.random()
                can_place = index >= 10 and not placed and filled[opening.pk] < opening.capacity
                if can_place and roll < 0.6:
                    status = m.ApplicationStatus.ACCEPTED
                    intake_on = opening.start - timedelta(days=rng.randint(5, 30))
                    filled[opening.pk] += 1
                    placed = True
                    ended_early = rng.random() < 0.07
                    placement_specs.append(
                        (
                            learner_id,
                            opening.pk,
                            mentors_of[opening.company_id][0].pk,
                            opening.start,
                            opening.end,
                            m.PlacementStatus.ENDED_EARLY
                            if ended_early
                            else m.PlacementStatus.ACTIVE,
                            rng.choice(m.EndReason.values) if ended_early else "",
                            opening.start + timedelta(days=rng.randint(10, 90))
                            if ended_early
                            else None,
                            True,
                        )
                    )
                    if ended_early:
                        filled[opening.pk] -= 1
                elif roll < 0.75 and index >= 10:
                    status = m.ApplicationStatus.DECLINED
                    reason = rng.choice(m.DeclineReason.values)
                    intake_on = opening.start - timedelta(days=rng.randint(5, 30))
                yield app_row((learner_id, opening.pk, rank, status, reason, intake_on, True))

    n_applications = insert_rows(m.Application, app_fields, applications())
    placements: list[tuple[int, int]] = []  # (placement pk, programme id of its opening)
    programme_of_opening = {o.pk: o.programme_id for o in openings}
    for begin in range(0, len(placement_specs), BATCH):
        chunk = placement_specs[begin : begin + BATCH]
        ids = insert_returning_ids(m.Placement, placement_fields, [placement_row(r) for r in chunk])
        placements += [(pk, programme_of_opening[r[1]]) for pk, r in zip(ids, chunk, strict=True)]
    placement_specs.clear()
    # One UPDATE per count and batch of openings, not one per opening (100,000 at scale).
    by_count: dict[int, list[int]] = defaultdict(list)
    for opening_id, n in filled.items():
        if n:
            by_count[n].append(opening_id)
    for n, opening_ids in sorted(by_count.items()):
        for begin in range(0, len(opening_ids), 5000):
            m.Opening.objects.filter(pk__in=opening_ids[begin : begin + 5000]).update(filled=n)
    ctx.counts["workplace.applications"] += n_applications
    ctx.counts["workplace.placements"] += len(placements)
    ctx.progress(STEP, 5, 6)

    _training_plans(placements, rng)
    _field_log(ctx, rng, today)
    ctx.progress(STEP, 6, 6)


def _training_plans(placements: list[tuple[int, int]], rng: random.Random) -> None:
    """A training plan per placement with the items of its programme's standard trajectory;
    `placements` holds (placement pk, programme id)."""
    standard: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for programme_id, competence_id, location in m.StandardTrajectory.objects.values_list(
        "programme_id", "competence_id", "location"
    ).order_by("programme_id", "competence__order", "pk"):
        standard[programme_id].append((competence_id, location))
    progress_choices = [
        m.ProgressLevel.NOT_STARTED,
        m.ProgressLevel.IN_PROGRESS,
        m.ProgressLevel.ACQUIRED,
    ]
    plan_fields, plan_row = with_defaults(m.TrainingPlan, ["placement_id"])
    item_fields = ["plan_id", "competence_id", "location", "progress"]
    for begin in range(0, len(placements), BATCH):
        chunk = placements[begin : begin + BATCH]
        plan_ids = insert_returning_ids(
            m.TrainingPlan, plan_fields, [plan_row((pk,)) for pk, _ in chunk]
        )
        insert_rows(
            m.TrainingPlanItem,
            item_fields,
            (
                (
                    plan_id,
                    competence_id,
                    location,
                    rng.choices(progress_choices, weights=[5, 3, 2])[0],
                )
                for plan_id, (_, programme_id) in zip(plan_ids, chunk, strict=True)
                for competence_id, location in standard.get(programme_id, [])
            ),
        )


def _field_log(ctx: DemoContext, rng: random.Random, today: date) -> None:
    """Consultants' contacts with companies in their sectors over the last year."""
    funds = list(
        ctx.shared.get("sector_funds")
        or Organisation.objects.filter(kind=OrganisationKind.SECTOR_FUND)
    )
    through = Organisation.sectors.through
    rows = []
    kinds = [m.ContactKind.VISIT, m.ContactKind.PHONE, m.ContactKind.VIRTUAL]
    purposes = m.ContactPurpose.values
    per_fund = 40 if ctx.scale.name == "small" else 300
    for fund in funds:
        sector_ids = list(
            through.objects.filter(organisation=fund).values_list("sector_id", flat=True)
        )
        company_ids = list(
            through.objects.filter(
                sector_id__in=sector_ids, organisation__kind=OrganisationKind.COMPANY
            ).values_list("organisation_id", flat=True)[:2000]
        )
        if not company_ids:
            continue
        for _ in range(per_fund):
            rows.append(
                m.Contact(
                    organisation=fund,
                    company_id=rng.choice(company_ids),
                    kind=rng.choices(kinds, weights=[4, 5, 1])[0],
                    purpose=rng.choice(purposes),
                    on=today - timedelta(days=rng.randint(0, 365)),
                    notes="Demo-contact",
                    is_demo=True,
                )
            )
    m.Contact.objects.bulk_create(rows, batch_size=BATCH)
    ctx.counts["workplace.contacts"] += len(rows)
