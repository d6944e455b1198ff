"""A full matching round at `flanders` scale, from and to the database.

    DEBUG=false DATABASE_URL=sqlite:////tmp/brug-bench-round.sqlite3 \
        .venv/bin/python bench/matching/round_flanders.py
    DEBUG=false DATABASE_URL=postgres://postgres@127.0.0.1:5432/brug_bench_round \
        .venv/bin/python bench/matching/round_flanders.py

Generates (once, in that separate database) 60 programmes, each with a qualification of 10
competences and a standard trajectory (6 at the workplace, 4 at school), 900 schools, 15,000
companies with a site, a recognised workplace, an eligible mentor (criminal-record extract
checked, 5-30 years of experience, aged 30-60) and an opening each (capacity 1-4), 45,000
learners with five preferences each within their programme (popular openings drawn more
often) and intake outcomes for one opening in ten; then times, on one round holding
everything: build (engine instance from the database), compute (both modes + explanations +
preview, written as the round's preview) and publish (`placements_create_bulk`: placements,
training plans and items, `filled`, one `placement.create` audit entry each; then results and
notifications, in one transaction). Each run first undoes the previous run's publication, so
it can be repeated.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/brug-bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brug.config.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import F  # noqa: E402
from django.urls import get_resolver  # noqa: E402
from django.utils import timezone  # noqa: E402

from brug.accounts.models import Membership, User  # noqa: E402
from brug.core.models import AuditEntry  # noqa: E402
from brug.matching import services  # noqa: E402
from brug.matching.instance import build_round_data  # noqa: E402
from brug.matching.models import (  # noqa: E402
    MatchingRound,
    RoundLearner,
    RoundOpening,
    RoundPreference,
    RoundStatus,
)
from brug.matching_engine.coverage import run_coverage  # noqa: E402
from brug.matching_engine.stable import run_stable  # noqa: E402
from brug.registry import models as r  # noqa: E402
from brug.workplace import models as w  # noqa: E402

SCHOOLS, COMPANIES, LEARNERS, PROGRAMMES, PREFS = 900, 15_000, 45_000, 60, 5
COMPETENCES, AT_WORKPLACE = 10, 6  # per programme; the first 6 are learned at the workplace
BATCH = 5000
NAME = "bench-flanders"


def bulk(model: type, rows: list, **kw: object) -> list:  # type: ignore[type-arg]
    return model.objects.bulk_create(rows, batch_size=BATCH, **kw)  # type: ignore[attr-defined]


def generate() -> None:
    rng = random.Random(2025)
    today = date.today()
    provinces = bulk(
        r.Province,
        [
            r.Province(
                nis_code=f"B{i}",
                name_nl=f"Provincie {i}",
                name_en=f"Province {i}",
                region="flanders",
            )
            for i in range(5)
        ],
    )
    towns = bulk(
        r.Municipality,
        [
            r.Municipality(nis_code=f"B{i:04d}", name_nl=f"Gemeente {i}", province=provinces[i % 5])
            for i in range(300)
        ],
    )
    network = r.EducationNetwork.objects.create(code="bench", short_name="Bench", name="Bench")
    domain = r.StudyDomain.objects.create(code="bench", name="Bench")
    programmes = bulk(
        r.Programme,
        [
            r.Programme(
                code=f"BP{i}",
                name=f"Opleiding {i}",
                finality="A",
                study_domain=domain,
                is_dual=True,
            )
            for i in range(PROGRAMMES)
        ],
    )
    add_trajectories(programmes)
    schools = bulk(
        r.Organisation,
        [
            r.Organisation(kind="school", name=f"School {i}", network=network)
            for i in range(SCHOOLS)
        ],
    )
    companies = bulk(
        r.Organisation,
        [r.Organisation(kind="company", name=f"Bedrijf {i}") for i in range(COMPANIES)],
    )
    sites = bulk(
        r.Site,
        [
            r.Site(organisation=c, name="Zetel", municipality=towns[rng.randrange(300)])
            for c in companies
        ],
    )
    workplaces = bulk(
        w.Recognition,
        [
            w.Recognition(
                company=c,
                site=s,
                programme=programmes[i % PROGRAMMES],
                applicant_organisation=c,
                activities="bench",
                status="approved",
                valid_from=today - timedelta(days=10),
                valid_until=today + timedelta(days=1000),
            )
            for i, (c, s) in enumerate(zip(companies, sites, strict=True))
        ],
    )
    mentors = bulk(
        w.Mentor,
        [
            w.Mentor(
                company=c,
                first_name="M",
                last_name=str(i),
                # Eligible (workplace rules): adult (>= 25), >= 5 years of experience,
                # criminal-record extract checked.
                birth_date=date(today.year - rng.randint(30, 60), rng.randint(1, 12), 1),
                experience_years=rng.randint(5, 30),
                criminal_record_checked_on=today - timedelta(days=rng.randint(1, 300)),
            )
            for i, c in enumerate(companies)
        ],
    )
    bulk(
        w.Recognition.mentors.through,
        [
            w.Recognition.mentors.through(recognition_id=wp.pk, mentor_id=m.pk)
            for wp, m in zip(workplaces, mentors, strict=True)
        ],
    )
    openings = bulk(
        w.Opening,
        [
            w.Opening(
                workplace=wp,
                company_id=wp.company_id,
                site_id=wp.site_id,
                programme_id=wp.programme_id,
                kind="dual",
                start=today + timedelta(days=30),
                end=today + timedelta(days=300),
                capacity=rng.randint(1, 4),
                status="published",
            )
            for wp in workplaces
        ],
    )
    learners = bulk(
        w.Learner,
        [
            w.Learner(
                pseudonym=f"B-{i:06d}",
                school=schools[i % SCHOOLS],
                programme=programmes[rng.randrange(PROGRAMMES)],
                home_municipality=towns[rng.randrange(300)],
                has_support_need=rng.random() < 0.12,
            )
            for i in range(LEARNERS)
        ],
    )
    by_programme: dict[int, list[int]] = {}
    for o in openings:
        by_programme.setdefault(o.programme_id, []).append(o.pk)
    admin = User.objects.create(username="bench-admin")
    Membership.objects.create(user=admin, organisation=companies[0], role="platform_admin")
    far = timezone.now() + timedelta(days=1)
    rnd = MatchingRound.objects.create(
        name=NAME,
        coordinator=schools[0],
        scope="school",
        preference_deadline=far,
        intake_deadline=far,
        seed=7,
        reserve_share=0.1,
        status=RoundStatus.CLOSED,
    )
    bulk(RoundOpening, [RoundOpening(round=rnd, opening=o) for o in openings])
    bulk(RoundLearner, [RoundLearner(round=rnd, learner=lr) for lr in learners])
    prefs, apps = [], []
    for lr in learners:
        pool = by_programme[lr.programme_id]
        weights = [1.0 / (k + 3) for k in range(len(pool))]  # a few popular openings
        chosen: list[int] = []
        while len(chosen) < min(PREFS, len(pool)):
            pick = rng.choices(pool, weights)[0]
            if pick not in chosen:
                chosen.append(pick)
        prefs += [
            RoundPreference(round=rnd, learner=lr, opening_id=o, rank=i)
            for i, o in enumerate(chosen, 1)
        ]
        if rng.random() < 0.1:
            ok = rng.random() < 0.7
            apps.append(
                w.Application(
                    learner=lr,
                    opening_id=chosen[0],
                    status="accepted" if ok else "declined",
                    decline_reason="" if ok else "profile_mismatch",
                )
            )
    bulk(RoundPreference, prefs)
    bulk(w.Application, apps)
    past = timezone.now() - timedelta(days=1)
    MatchingRound.objects.filter(pk=rnd.pk).update(preference_deadline=past, intake_deadline=past)


def add_trajectories(programmes: list[r.Programme]) -> None:
    """A qualification of COMPETENCES competences and a standard trajectory per programme."""
    quals = bulk(
        r.Qualification,
        [
            r.Qualification(code=f"BQ-{p.code}", name=f"Kwalificatie {p.code}", level=4)
            for p in programmes
        ],
    )
    r.Programme.qualifications.through.objects.bulk_create(
        [
            r.Programme.qualifications.through(programme_id=p.pk, qualification_id=q.pk)
            for p, q in zip(programmes, quals, strict=True)
        ]
    )
    competences = bulk(
        r.Competence,
        [
            r.Competence(qualification=q, code=f"C{k}", description=f"Competentie {k}", order=k)
            for q in quals
            for k in range(COMPETENCES)
        ],
    )
    bulk(
        w.StandardTrajectory,
        [
            w.StandardTrajectory(
                programme=p,
                competence=c,
                location=w.LearningLocation.WORKPLACE
                if c.order < AT_WORKPLACE
                else w.LearningLocation.SCHOOL,
            )
            for p, q in zip(programmes, quals, strict=True)
            for c in competences
            if c.qualification_id == q.pk
        ],
    )


def upgrade(rnd: MatchingRound) -> None:
    """Bring a database generated by an earlier version of this bench up to today's rules."""
    today = date.today()
    w.Mentor.objects.filter(company__openings__round_links__round=rnd).filter(
        criminal_record_checked_on__isnull=True
    ).update(criminal_record_checked_on=today - timedelta(days=30), experience_years=10)
    bare = list(r.Programme.objects.filter(code__startswith="BP", standard_trajectory__isnull=True))
    if bare:
        add_trajectories(bare)


def _in_chunks(values: list[int], size: int = 5000) -> list[list[int]]:
    return [values[i : i + size] for i in range(0, len(values), size)]


def reset(rnd: MatchingRound) -> None:
    """Undo an earlier run's publication so the bench can be repeated: the round's results,
    its placements with their training plans and items, their `placement.create` audit
    entries, the openings' `filled` counters, the runs and the round's status."""
    with transaction.atomic():
        placement_ids = list(
            w.Placement.objects.filter(opening__round_links__round=rnd).values_list("pk", flat=True)
        )
        rnd.results.all().delete()
        for chunk in _in_chunks(placement_ids):
            plans = w.TrainingPlan.objects.filter(placement_id__in=chunk)
            w.TrainingPlanItem.objects.filter(plan__in=plans).delete()
            plans.delete()
            AuditEntry.objects.filter(
                verb="placement.create",
                object_type="workplace.placement",
                object_id__in=[str(pk) for pk in chunk],
            ).delete()
            w.Placement.objects.filter(pk__in=chunk).delete()
        w.Opening.objects.filter(round_links__round=rnd).update(filled=0)
        rnd.runs.all().delete()
        MatchingRound.objects.filter(pk=rnd.pk).update(
            status=RoundStatus.CLOSED, mode="", published_at=None
        )


def main() -> None:
    call_command("migrate", verbosity=0)
    rnd = MatchingRound.objects.filter(name=NAME).first()
    if rnd is None:
        started = time.perf_counter()
        generate()
        print(f"generated flanders-scale data in {time.perf_counter() - started:.1f} s")
        rnd = MatchingRound.objects.get(name=NAME)
    upgrade(rnd)
    started = time.perf_counter()
    reset(rnd)
    print(f"reset the previous run in {time.perf_counter() - started:.1f} s")
    rnd.refresh_from_db()
    admin = User.objects.get(username="bench-admin")
    print(
        f"database: {connection.vendor}; learners {rnd.learner_links.count()}, openings {rnd.opening_links.count()}, preferences {rnd.preferences.count()}"
    )
    # A worker process loads the URL configuration once, on its first job (0.7 s of imports
    # here, for the round's link in the summary); a round is timed as a worker that has already
    # run a job would run it.
    get_resolver().url_patterns  # noqa: B018
    t0 = time.perf_counter()
    data = build_round_data(rnd)
    t1 = time.perf_counter()
    with services.gc_paused():
        e0 = time.perf_counter()
        run_stable(data.instance)
        e1 = time.perf_counter()
        run_coverage(data.instance)
        e2 = time.perf_counter()
    del data
    build = e0 - t0
    c1, t1 = time.process_time(), time.perf_counter()
    summary = services.round_compute(actor=admin, rnd=rnd)
    c2, t2 = time.process_time(), time.perf_counter()
    rnd.refresh_from_db()
    published = services.round_publish(actor=admin, rnd=rnd, mode="stable")
    c3, t3 = time.process_time(), time.perf_counter()
    assert w.Opening.objects.filter(filled__gt=F("capacity")).count() == 0
    placements = w.Placement.objects.filter(opening__round_links__round=rnd)
    plans = w.TrainingPlan.objects.filter(placement__in=placements).count()
    items = w.TrainingPlanItem.objects.filter(plan__placement__in=placements).count()
    audits = AuditEntry.objects.filter(verb="placement.create").count()
    filled = sum(w.Opening.objects.filter(round_links__round=rnd).values_list("filled", flat=True))
    assert plans == audits == filled == published["placed"], (plans, audits, filled, published)
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"build instance (alone):            {build:6.2f} s")
    print(f"engine alone: stable {e1 - e0:.2f} s, coverage {e2 - e1:.2f} s")
    print(f"compute (build + stable + coverage + explanations + preview + write): {t2 - t1:6.2f} s")
    print(
        f"publish (placements + results + audit + notify, one transaction):      {t3 - t2:6.2f} s"
    )
    print(f"full round (compute + publish):    {t3 - t1:6.2f} s")
    print(
        f"this process's CPU time: compute {c2 - c1:.2f} s, publish {c3 - c2:.2f} s, "
        f"full round {c3 - c1:.2f} s (PostgreSQL's own work is not included)"
    )
    print(
        f"stable placed {summary['stable_placed']}, coverage placed {summary['coverage_placed']} "
        f"(+{summary['extra_placed']}, {summary['coverage_blocking_pairs']} blocking pairs); published {published}"
    )
    print(f"training plans {plans}, plan items {items}, placement.create audit entries {audits}")


if __name__ == "__main__":
    main()
