"""A full matching round at `flanders` scale, from and to the database.

    DATABASE_URL=sqlite:////tmp/brug-bench.sqlite3 .venv/bin/python bench/matching/round_flanders.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/brug_bench .venv/bin/python bench/matching/round_flanders.py

Generates (once, in that separate database) 900 schools, 15,000 companies with a site, a
recognised workplace, a mentor and an opening each (capacity 1-4), 45,000 learners with five
preferences each within their programme (popular openings drawn more often) and intake
outcomes for one opening in ten; then times, on one round holding everything:
build (engine instance from the database), compute (both modes + explanations + preview,
written as the round's preview) and publish (placements, results, audit, in one transaction).
Each run resets the previous run's placements first, so it can be repeated.
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
            r.Programme(code=f"BP{i}", name=f"Opleiding {i}", finality="am", study_domain=domain)
            for i in range(PROGRAMMES)
        ],
    )
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
            w.Mentor(company=c, first_name="M", last_name=str(i), birth_date=date(1980, 1, 1))
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


def reset(rnd: MatchingRound) -> None:
    """Undo an earlier run's publication so the bench can be repeated."""
    with transaction.atomic():
        placements = w.Placement.objects.filter(round_result__round=rnd)
        rnd.results.all().delete()
        AuditEntry.objects.filter(verb="workplace.placement_created").delete()
        placements.delete()
        w.Placement.objects.filter(opening__round_links__round=rnd).delete()
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
    reset(rnd)
    rnd.refresh_from_db()
    admin = User.objects.get(username="bench-admin")
    print(
        f"database: {connection.vendor}; learners {rnd.learner_links.count()}, openings {rnd.opening_links.count()}, preferences {rnd.preferences.count()}"
    )
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
    t1 = time.perf_counter()
    summary = services.round_compute(actor=admin, rnd=rnd)
    t2 = time.perf_counter()
    rnd.refresh_from_db()
    published = services.round_publish(actor=admin, rnd=rnd, mode="stable")
    t3 = time.perf_counter()
    assert w.Opening.objects.filter(filled__gt=F("capacity")).count() == 0
    print(f"build instance (alone):            {e0 - t0:6.2f} s")
    print(f"engine alone: stable {e1 - e0:.2f} s, coverage {e2 - e1:.2f} s")
    print(f"compute (build + stable + coverage + explanations + preview + write): {t2 - t1:6.2f} s")
    print(
        f"publish (placements + results + audit + notify, one transaction):      {t3 - t2:6.2f} s"
    )
    print(f"full round (compute + publish):    {t3 - t1:6.2f} s")
    print(
        f"stable placed {summary['stable_placed']}, coverage placed {summary['coverage_placed']} "
        f"(+{summary['extra_placed']}, {summary['coverage_blocking_pairs']} blocking pairs); published {published}"
    )


if __name__ == "__main__":
    main()
