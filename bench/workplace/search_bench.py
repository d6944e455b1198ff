"""Benchmark of the workplace search (distance from a municipality) at `flanders` scale.

Usage (a database with reference data loaded: `brug migrate && brug load-reference`):

    DATABASE_URL=sqlite:////tmp/bench-workplace.sqlite3 .venv/bin/python bench/workplace/search_bench.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/brug_bench .venv/bin/python bench/workplace/search_bench.py

Generates (once, marked is_demo) 15,000 companies with one site each around real Flemish
municipalities, a recognition per company and 100,000 published openings (`--openings`), then times
`selectors.search_openings` as an anonymous visitor for each radius (5/10/20/50 km) around
several places, with and without a programme filter. Prints the median and worst of the runs.
"""

from __future__ import annotations

import argparse
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

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from measure import alternate, box_distances, p95  # noqa: E402

from brug.core.bulk import insert_rows  # noqa: E402
from brug.registry import geo as rgeo  # noqa: E402
from brug.registry.models import Municipality, Organisation, Programme, Site  # noqa: E402
from brug.workplace import models as m  # noqa: E402
from brug.workplace import selectors  # noqa: E402

COMPANIES = 15_000
OPENINGS = 100_000
PLACES = ["Gent", "Antwerpen", "Leuven", "Brugge", "Hasselt", "Kortrijk", "Geel", "Aalst"]
RUNS = 20


def generate(openings_wanted: int) -> None:
    rng = random.Random(42)
    today = date.today()
    recs = list(
        m.Recognition.objects.filter(is_demo=True, activities="bench")
        .order_by("pk")
        .values_list("pk", "company_id", "site_id", "programme_id")
    )
    if not recs:
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
        created = m.Recognition.objects.bulk_create(
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
        recs = [(r.pk, r.company_id, r.site_id, r.programme_id) for r in created]
    have = m.Opening.objects.filter(is_demo=True, description="bench").count()
    if have >= openings_wanted:
        return
    now = timezone.now()
    kinds = m.PlacementKind.values

    def rows():  # type: ignore[no-untyped-def]
        for i in range(have, openings_wanted):
            rec_id, company_id, site_id, programme_id = recs[i % len(recs)]
            start = today + timedelta(days=rng.randint(0, 120))
            yield (
                rec_id,
                company_id,
                site_id,
                programme_id,
                rng.choice(kinds),
                start,
                start + timedelta(days=200),
                rng.randint(1, 4),
                0,
                2,
                "bench",
                "",
                "",
                m.OpeningStatus.PUBLISHED,
                "",
                0,
                now,
                now,
                True,
            )

    # Plain multi-row INSERTs / COPY (brug.core.bulk): 100,000 openings in seconds.
    with transaction.atomic():
        insert_rows(
            m.Opening,
            [
                "workplace",
                "company",
                "site",
                "programme",
                "kind",
                "start",
                "end",
                "capacity",
                "filled",
                "days_per_week",
                "description",
                "requirements",
                "practical_notes",
                "status",
                "target_group",
                "target_group_places",
                "published_at",
                "created_at",
                "is_demo",
            ],
            rows(),
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE workplace_opening")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def old_nearest(qs, site, place, radius_km, limit):  # type: ignore[no-untyped-def]
    """`selectors._nearest` before the rings (commit 910a822): one pass over the whole box."""
    nearest = box_distances(qs, site, place, radius_km)[:limit]
    by_pk = {obj.pk: obj for obj in qs.filter(pk__in=[pk for _, pk in nearest])}
    return [(by_pk[pk], round(d, 2)) for d, pk in nearest if pk in by_pk]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--openings", type=int, default=OPENINGS)
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--radius", type=int, nargs="*", default=[10, 50])
    parser.add_argument("--places", nargs="*", default=PLACES)
    args = parser.parse_args()
    t0 = time.perf_counter()
    generate(args.openings)
    print(f"database: {connection.vendor}; data ready in {time.perf_counter() - t0:.1f} s")
    print(
        f"openings: {m.Opening.objects.count():,}, recognised sites: "
        f"{m.Recognition.objects.filter(m.recognised_q()).count():,}; load average "
        f"{os.getloadavg()[0]:.1f}"
    )
    programme_id = (
        m.Opening.objects.values_list("programme_id", flat=True).order_by("programme_id").first()
    )
    new_nearest = selectors._nearest
    sides = {"old": old_nearest, "new": new_nearest}

    def prepare(side: str) -> None:
        selectors._nearest = sides[side]

    print(
        f"old = one pass over the box, new = rings; {args.runs} runs each, alternating; ms\n"
        "| place | km | filter | hits | old median | old p95 | new median | new p95 "
        "| CPU ms old / new |\n|---|---:|---|---:|---:|---:|---:|---:|---:|"
    )
    all_old: dict[int, list[float]] = {}
    all_new: dict[int, list[float]] = {}
    for name in args.places:
        place = rgeo.resolve_place(name)
        if place is None:
            continue
        for km in args.radius:
            for label, prog in (("all", None), ("programme", programme_id)):
                criteria = selectors.SearchCriteria(
                    programme_id=prog, place=place, radius_km=km, free_only=True
                )
                timings = alternate(("old", "new"), prepare, criteria, args.runs)
                selectors._nearest = new_nearest
                times, cpu = timings.wall, timings.cpu
                all_old.setdefault(km, []).extend(times["old"]) if label == "all" else None
                all_new.setdefault(km, []).extend(times["new"]) if label == "all" else None
                print(
                    f"| {name} | {km} | {label} | {len(timings.hits)} "
                    f"| {statistics.median(times['old']):.1f} | {p95(times['old']):.1f} "
                    f"| {statistics.median(times['new']):.1f} | {p95(times['new']):.1f} "
                    f"| {statistics.median(cpu['old']):.0f} / {statistics.median(cpu['new']):.0f} |"
                )
    for km in all_old:
        print(
            f"all programmes, {km} km, every place: old median {statistics.median(all_old[km]):.1f}"
            f" p95 {p95(all_old[km]):.1f}; new median {statistics.median(all_new[km]):.1f}"
            f" p95 {p95(all_new[km]):.1f}"
        )
    print(f"identical answers old/new: yes; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
