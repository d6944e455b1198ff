"""Time typical InnoVET catalogue searches at 100,000 offers.

    .venv/bin/python bench/innovet/run.py --offers 100000                       # SQLite (var/)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/brug_innovet_bench \
        .venv/bin/python bench/innovet/run.py --offers 100000                   # PostgreSQL

Uses its own database (migrated from scratch), synthetic providers with sites spread over
Flanders, and the demo generator (brug.innovet.demo.generate_offers) for the offers.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brug.config.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench-innovet.sqlite3'}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from brug.innovet.demo import generate_offers
    from brug.innovet.models import Offer
    from brug.innovet.search import OfferQuery, offers_search
    from brug.registry import models as rm

    call_command("migrate", verbosity=0)
    rng = random.Random(2024)
    if not rm.Organisation.objects.filter(is_demo=True, name__startswith="Bench").exists():
        provinces = [
            rm.Province.objects.get_or_create(
                nis_code=f"9{i}000",
                defaults={
                    "name_nl": f"Benchprovincie {i}",
                    "name_en": f"P{i}",
                    "region": "flanders",
                },
            )[0]
            for i in range(5)
        ]
        municipalities = [
            rm.Municipality.objects.create(
                nis_code=f"8{i:04d}",
                name_nl=f"Benchgemeente {i}",
                province=provinces[i % 5],
                latitude=50.7 + rng.random() * 0.7,
                longitude=2.6 + rng.random() * 3.2,
            )
            for i in range(300)
        ]
        domain_objs = [
            rm.StudyDomain.objects.create(code=f"bench-{i}", name=f"Studiedomein {i}")
            for i in range(12)
        ]
        for i in range(150):
            rm.Programme.objects.create(
                code=f"BENCH{i}",
                name=f"Opleiding {i}",
                finality="A",
                grade=3,
                study_domain=domain_objs[i % 12],
            )
        kinds = (
            ["company"] * 700
            + ["sector_fund"] * 40
            + ["rtc"] * 5
            + ["vdab"]
            + ["school"] * 200
            + ["support_service"] * 5
            + ["partnership"] * 10
        )
        for i, kind in enumerate(kinds):
            org = rm.Organisation.objects.create(kind=kind, name=f"Bench {kind} {i}", is_demo=True)
            muni = rng.choice(municipalities)
            rm.Site.objects.create(
                organisation=org,
                name="Hoofdzetel",
                municipality=muni,
                latitude=muni.latitude,
                longitude=muni.longitude,
                is_demo=True,
            )
    have = Offer.objects.count()
    if have < args.offers:
        started = time.perf_counter()
        generate_offers(
            rng,
            args.offers - have,
            progress=lambda d, n: print(f"\r  generated {d}/{n}", end="", flush=True),
        )
        print(f"\n  generation: {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    total = Offer.objects.count()
    origin = (51.05, 3.72)
    cases = {
        "text 'lassen', relevance, facets": OfferQuery(text="lassen"),
        "text 'robotica cobots' + kind + province": OfferQuery(
            text="robotica cobots",
            kinds=("teacher_placement", "sector_training"),
            province_ids=tuple(rm.Province.objects.values_list("pk", flat=True)[:1]),
        ),
        "no text: autumn, <=100 EUR, free places, by date": OfferQuery(
            period="autumn", max_cost=Decimal("100"), free_places=True, sort="date"
        ),
        "within 25 km, by distance": OfferQuery(origin=origin, within_km=25, sort="distance"),
        "text 'warmtepompen' within 40 km, by distance": OfferQuery(
            text="warmtepompen", origin=origin, within_km=40, sort="distance"
        ),
        "text that finds nothing": OfferQuery(text="zeppelinbouw"),
        "page 50 of everything, by date": OfferQuery(sort="date", page=50),
    }
    print(
        f"\n{connection.vendor}: {total} offers, median of {args.repeat} runs (search + all facets)\n"
    )
    print("| search | results | median ms | min ms |\n|---|---:|---:|---:|")
    for name, query in cases.items():
        times = []
        result = None
        for _ in range(args.repeat):
            started = time.perf_counter()
            result = offers_search(None, query, record_empty=False)
            times.append((time.perf_counter() - started) * 1000)
        print(f"| {name} | {result.total} | {statistics.median(times):.0f} | {min(times):.0f} |")


if __name__ == "__main__":
    main()
