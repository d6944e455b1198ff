"""Monitoring timings at `flanders` scale on synthetic rows (bulk-created, labelled demo).

Run on a scratch PostgreSQL database (created and migrated when empty):
    createdb -h 127.0.0.1 -U postgres brug_monitoring_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/brug_monitoring_bench \
        .venv/bin/python bench/monitoring/bench_shortage.py
The data are generated here, not by the demo steps, so the bench does not depend on other apps:
45,000 learners, 15,000 companies, 20,000 recognitions, 15,000 openings, ~24,000 placements.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brug.config.settings")
import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from brug.accounts.tests.factories import user_with_role  # noqa: E402
from brug.core.metrics import MetricScope  # noqa: E402
from brug.monitoring import figures, selectors  # noqa: E402
from brug.monitoring.metrics import KEY_FIGURES  # noqa: E402
from brug.monitoring.services import snapshots_record_as_system  # noqa: E402
from brug.registry import models as rm  # noqa: E402
from brug.workplace import models as wm  # noqa: E402

TODAY = date.today()
LEARNERS, COMPANIES, SCHOOLS, PROGRAMMES = 45_000, 15_000, 900, 120


def timed(label: str, fn: Callable[[], Any], repeat: int = 3) -> Any:
    best = float("inf")
    result = None
    for _ in range(repeat):
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            result = fn()
            best = min(best, time.perf_counter() - start)
    print(f"{label:58s} {best:8.3f} s  {len(queries.captured_queries):4d} queries")
    return result


def generate() -> None:
    rng = random.Random(2025)
    provinces = [
        rm.Province.objects.create(nis_code=c, name_nl=n, name_en=n, region="flanders")
        for c, n in [
            ("10000", "Antwerpen"),
            ("20001", "Vlaams-Brabant"),
            ("30000", "West-Vlaanderen"),
            ("40000", "Oost-Vlaanderen"),
            ("70000", "Limburg"),
            ("04000", "Brussels Hoofdstedelijk Gewest"),
        ]
    ]
    municipalities = rm.Municipality.objects.bulk_create(
        rm.Municipality(nis_code=f"{90000 + i}", name_nl=f"Gemeente {i}", province=provinces[i % 6])
        for i in range(300)
    )
    for i, p in enumerate(provinces[:5]):
        region = rm.RTCRegion.objects.create(code=f"rtc-{i}", name=f"RTC {p.name_nl}")
        region.provinces.set([p] + ([provinces[5]] if i == 1 else []))
        rm.Organisation.objects.create(kind="rtc", name=f"RTC {p.name_nl}", rtc_region=region)
    domain = rm.StudyDomain.objects.create(code="stem", name="STEM")
    programmes = rm.Programme.objects.bulk_create(
        rm.Programme(
            code=f"P{i}",
            name=f"Opleiding {i}",
            finality="A",
            grade=3,
            study_domain=domain,
            is_dual=i % 3 == 0,
        )
        for i in range(PROGRAMMES)
    )
    sectors = rm.Sector.objects.bulk_create(
        rm.Sector(code=f"s{i}", name=f"Sector {i}", has_dual_partnership=i < 19) for i in range(37)
    )
    partnerships = []
    for s in sectors:
        fund = rm.Organisation.objects.create(kind="sector_fund", name=f"Fonds {s.name}")
        fund.sectors.set([s])
        if s.has_dual_partnership:
            partnership = rm.Organisation.objects.create(kind="partnership", name=f"SP {s.name}")
            partnership.sectors.set([s])
            partnerships.append(partnership)
    schools = rm.Organisation.objects.bulk_create(
        rm.Organisation(kind="school", name=f"School {i}", is_demo=True) for i in range(SCHOOLS)
    )
    companies = rm.Organisation.objects.bulk_create(
        rm.Organisation(kind="company", name=f"Bedrijf {i}", is_demo=True) for i in range(COMPANIES)
    )
    through = rm.Organisation.sectors.through
    through.objects.bulk_create(
        through(organisation_id=c.pk, sector_id=sectors[i % 37].pk) for i, c in enumerate(companies)
    )
    sites = rm.Site.objects.bulk_create(
        rm.Site(organisation=c, name="Zetel", municipality=rng.choice(municipalities), is_demo=True)
        for c in companies
    )
    mentors = wm.Mentor.objects.bulk_create(
        wm.Mentor(company=c, first_name="M", last_name=str(i), birth_date=date(1980, 1, 1))
        for i, c in enumerate(companies)
    )
    mentor_of = {m.company_id: m for m in mentors}
    recognitions = []
    for i in range(20_000):
        idx = i % COMPANIES
        recognitions.append(
            wm.Recognition(
                company=companies[idx],
                site=sites[idx],
                programme=programmes[(i * 7 + i // COMPANIES) % PROGRAMMES],
                partnership=partnerships[idx % len(partnerships)],
                applicant_organisation=companies[idx],
                activities="-",
                status="approved",
                valid_from=TODAY - timedelta(days=100),
                valid_until=TODAY + timedelta(days=1000),
                is_demo=True,
            )
        )
    recognitions = wm.Recognition.objects.bulk_create(recognitions, batch_size=5000)
    openings = wm.Opening.objects.bulk_create(
        (
            wm.Opening(
                workplace=r,
                company=r.company,
                site=r.site,
                programme=r.programme,
                kind=rng.choice(["dual", "internship", "workplace_learning"]),
                start=TODAY - timedelta(days=30),
                end=TODAY + timedelta(days=200),
                capacity=rng.randint(1, 4),
                status="published",
                is_demo=True,
            )
            for r in recognitions[:15_000]
        ),
        batch_size=5000,
    )
    learners = wm.Learner.objects.bulk_create(
        (
            wm.Learner(
                pseudonym=f"L-B{i:08d}",
                school=schools[i % SCHOOLS],
                programme=programmes[rng.randrange(PROGRAMMES)],
                home_municipality=rng.choice(municipalities),
                ready=rng.random() < 0.8,
                willing=rng.random() < 0.9,
                start_up_phase=rng.random() < 0.1,
                is_demo=True,
            )
            for i in range(LEARNERS)
        ),
        batch_size=5000,
    )
    placements = []
    filled: dict[int, int] = {}
    for learner in learners:
        if rng.random() < 0.55:
            opening = openings[rng.randrange(len(openings))]
            if filled.get(opening.pk, 0) < opening.capacity:
                filled[opening.pk] = filled.get(opening.pk, 0) + 1
                placements.append(
                    wm.Placement(
                        learner=learner,
                        opening=opening,
                        mentor=mentor_of[opening.company_id],
                        start=TODAY - timedelta(days=20),
                        end=TODAY + timedelta(days=100),
                        is_demo=True,
                    )
                )
    wm.Placement.objects.bulk_create(placements, batch_size=5000)
    for opening in openings:
        opening.filled = filled.get(opening.pk, 0)
    wm.Opening.objects.bulk_update(openings, ["filled"], batch_size=5000)
    print(
        f"generated {len(learners)} learners, {len(openings)} openings, {len(placements)} placements"
    )


def main() -> None:
    call_command("migrate", verbosity=0)
    if not wm.Learner.objects.filter(pseudonym__startswith="L-B").exists():
        with transaction.atomic():
            timed("generate synthetic flanders-scale data", generate, repeat=1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics after the bulk load, as autovacuum would
    print(
        connection.vendor,
        "learners",
        wm.Learner.objects.count(),
        "openings",
        wm.Opening.objects.count(),
    )
    timed("shortage_table (programme × province)", lambda: figures.shortage_table(on=TODAY))
    timed(
        "shortage_table (programme × RTC region)",
        lambda: figures.shortage_table(on=TODAY, by="rtc"),
    )
    timed(
        "shortage_table (kind=dual, one province)",
        lambda: figures.shortage_table(
            on=TODAY,
            filters=figures.Filters(kind="dual", province_id=rm.Province.objects.first().pk),
        ),
    )
    data = timed("open_data (suppression incl.)", lambda: selectors.open_data(on=TODAY))
    print(f"   open data: {len(data.cells)} cells, {data.suppressed_cells} suppressed")
    scope = MetricScope(start=figures.school_year(TODAY)[0], end=TODAY)
    timed("key figures, Flanders (6 metrics)", lambda: [m.compute(scope) for m in KEY_FIGURES])
    sector = rm.Sector.objects.order_by("pk").first()
    in_sector = MetricScope(start=scope.start, end=TODAY, sector_ids=(sector.pk,))
    timed(
        "key figures, one sector (6 metrics)", lambda: [m.compute(in_sector) for m in KEY_FIGURES]
    )
    work = user_with_role(
        "department_work",
        organisation=rm.Organisation.objects.create(kind="department", name="WSE"),
    )
    timed(
        "dashboard panel (figures + top 5), department",
        lambda: (
            selectors.key_figures_for(work, on=TODAY),
            selectors.shortage_visible_to(work, on=TODAY)[:5],
        ),
    )
    timed(
        "snapshot job: 6 key metrics × (1 + 37 sectors + 6 provinces)",
        lambda: snapshots_record_as_system(on=TODAY, metrics=KEY_FIGURES),
        repeat=1,
    )


if __name__ == "__main__":
    main()
