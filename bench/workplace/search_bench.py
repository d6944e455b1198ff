"""Benchmark of the workplace search (distance from a municipality) at `flanders` scale.

Usage (a database with reference data loaded: `brug migrate && brug load-reference`):

    DATABASE_URL=sqlite:////tmp/bench-workplace.sqlite3 .venv/bin/python bench/workplace/search_bench.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/brug_bench .venv/bin/python bench/workplace/search_bench.py

Generates (once, marked is_demo) 15,000 companies with one site each around real Flemish
municipalities, a recognition per company and 20,000 published openings, then times
`selectors.search_openings` as an anonymous visitor for each radius (5/10/20/50 km) around
several places, with and without a programme filter. Prints the median and worst of the runs.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brug.config.settings")

import django

django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from brug.registry.models import Municipality, Organisation, Programme, Site  # noqa: E402
from brug.workplace import geo, selectors  # noqa: E402
from brug.workplace import models as m  # noqa: E402

COMPANIES = 15_000
OPENINGS = 20_000
PLACES = ["Gent", "Antwerpen", "Leuven", "Brugge", "Hasselt", "Kortrijk", "Geel", "Aalst"]
RUNS = 5


def generate() -> None:
    if m.Opening.objects.filter(is_demo=True, description="bench").count() >= OPENINGS:
        return
    rng = random.Random(42)
    towns = list(Municipality.objects.filter(latitude__isnull=False))
    programmes = list(Programme.objects.order_by("pk")[:60])
    if not towns or not programmes:
        raise SystemExit("Load reference data first: brug load-reference")
    companies = Organisation.objects.bulk_create(
        [
            Organisation(kind="company", name=f"Bench {i} (demo)", is_demo=True)
            for i in range(COMPANIES)
        ],
        batch_size=2000,
    )
    sites = []
    for company in companies:
        town = rng.choice(towns)
        sites.append(
            Site(
                organisation=company,
                name="Hoofdzetel",
                municipality=town,
                latitude=town.latitude + rng.uniform(-0.03, 0.03),
                longitude=town.longitude + rng.uniform(-0.04, 0.04),
                is_demo=True,
            )
        )
    sites = Site.objects.bulk_create(sites, batch_size=2000)
    today = date.today()
    recs = m.Recognition.objects.bulk_create(
        [
            m.Recognition(
                company=s.organisation,
                site=s,
                programme=rng.choice(programmes),
                applicant_organisation=s.organisation,
                activities="bench",
                status=m.RecognitionStatus.APPROVED,
                valid_from=today - timedelta(days=100),
                valid_until=today + timedelta(days=1500),
                decided_at=timezone.now(),
                is_demo=True,
            )
            for s in sites
        ],
        batch_size=2000,
    )
    openings = []
    for i in range(OPENINGS):
        rec = recs[i % len(recs)]
        start = today + timedelta(days=rng.randint(0, 120))
        openings.append(
            m.Opening(
                workplace=rec,
                company_id=rec.company_id,
                site_id=rec.site_id,
                programme_id=rec.programme_id,
                kind=rng.choice(m.PlacementKind.values),
                start=start,
                end=start + timedelta(days=200),
                capacity=rng.randint(1, 4),
                status=m.OpeningStatus.PUBLISHED,
                published_at=timezone.now(),
                description="bench",
                is_demo=True,
            )
        )
    m.Opening.objects.bulk_create(openings, batch_size=2000)


def timed(fn, runs: int = RUNS) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    durations, n = [], 0
    for _ in range(runs):
        t0 = time.perf_counter()
        n = len(fn())
        durations.append((time.perf_counter() - t0) * 1000)
    return statistics.median(durations), max(durations), n


def main() -> None:
    t0 = time.perf_counter()
    generate()
    print(f"database: {connection.vendor}; data ready in {time.perf_counter() - t0:.1f} s")
    print(
        f"openings: {m.Opening.objects.count():,}, recognised sites: "
        f"{m.Recognition.objects.filter(m.recognised_q()).count():,}"
    )
    anonymous = AnonymousUser()
    programme_id = (
        m.Opening.objects.values_list("programme_id", flat=True).order_by("programme_id").first()
    )
    print(f"{'place':<10} {'km':>3} {'filter':<10} {'hits':>6} {'median ms':>10} {'max ms':>8}")
    for name in PLACES:
        place = geo.resolve_place(name)
        if place is None:
            continue
        for km in selectors.DISTANCES_KM:
            for label, prog in (("all", None), ("programme", programme_id)):
                criteria = selectors.SearchCriteria(
                    programme_id=prog, place=place, radius_km=km, free_only=True
                )
                med, worst, n = timed(lambda c=criteria: selectors.search_openings(anonymous, c))
                print(f"{name:<10} {km:>3} {label:<10} {n:>6} {med:>10.1f} {worst:>8.1f}")


if __name__ == "__main__":
    main()
