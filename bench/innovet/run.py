"""Time typical InnoVET catalogue searches at 100,000 offers.

    .venv/bin/python bench/innovet/run.py --offers 100000                       # SQLite (var/)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/brug_innovet_bench \
        .venv/bin/python bench/innovet/run.py --offers 100000                   # PostgreSQL

Uses its own database (migrated from scratch), synthetic providers with sites spread over
Flanders, and the demo generator (brug.innovet.demo.generate_offers) for the offers.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import subprocess
import sys
import time
import types
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brug.config.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench-innovet.sqlite3'}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument(
        "--old",
        default="c1cf121",
        help="commit of the search to compare with (main before h/innovet's facet groups)",
    )
    parser.add_argument("--only", default="", help="run only the cases whose name contains this")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.cache import cache
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
        cpu = time.process_time()
        generate_offers(
            rng,
            args.offers - have,
            progress=lambda d, n: print(f"\r  generated {d}/{n}", end="", flush=True),
        )
        print(
            f"\n  generation: {time.perf_counter() - started:.1f} s "
            f"(CPU of this process {time.process_time() - cpu:.1f} s; load average "
            f"{os.getloadavg()[0]:.1f})"
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    if args.generate_only:
        return
    old = _old_search(args.old)
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
        "study domain + programme selected, by date": OfferQuery(
            study_domain_ids=tuple(
                rm.StudyDomain.objects.order_by("pk").values_list("pk", flat=True)[:1]
            ),
            programme_ids=tuple(
                rm.Programme.objects.order_by("pk").values_list("pk", flat=True)[:3]
            ),
            sort="date",
        ),
    }
    if args.only:
        cases = {k: v for k, v in cases.items() if args.only in k}
    backend_pid = _backend_pid(connection)
    print(
        f"\n{connection.vendor}: {total} offers; {args.runs} runs per side, alternating "
        f"old cold / new cold (cache emptied first) / old warm / new warm (counts from the "
        f"cache); old = search.py of {args.old}; load average {_load()}\n"
    )
    print(
        "| search | results | old cold median (p95) | new cold median (p95) | old warm median "
        "(p95) | new warm median (p95) | CPU ms old/new cold | CPU ms old/new warm | "
        "cold p95 ratio | load |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    sides = ("old cold", "new cold", "old warm", "new warm")
    for name, query in cases.items():
        wall: dict[str, list[float]] = {side: [] for side in sides}
        cpu_ms: dict[str, list[float]] = {side: [] for side in sides}
        answers: dict[str, Any] = {}
        for _ in range(args.runs):
            for side in sides:
                if side.endswith("cold"):
                    cache.clear()
                search = old.offers_search if side.startswith("old") else offers_search
                started, cpu, db_cpu = time.perf_counter(), time.process_time(), _cpu(backend_pid)
                result = search(None, query, record_empty=False)
                wall[side].append((time.perf_counter() - started) * 1000)
                # Python + (PostgreSQL) the backend's CPU; on SQLite the process is everything.
                cpu_ms[side].append(
                    (time.process_time() - cpu) * 1000 + (_cpu(backend_pid) - db_cpu)
                )
                answers[side] = _comparable(result)
        # Results stay identical: totals, pages, offers, distances and every facet.
        assert all(answers[s] == answers["old cold"] for s in sides), name
        ratio = _p95(wall["old cold"]) / max(_p95(wall["new cold"]), 0.001)
        print(
            f"| {name} | {answers['old cold'][0]} | "
            + " | ".join(f"{statistics.median(wall[s]):.0f} ({_p95(wall[s]):.0f})" for s in sides)
            + f" | {statistics.median(cpu_ms['old cold']):.0f} / "
            f"{statistics.median(cpu_ms['new cold']):.0f} | "
            f"{statistics.median(cpu_ms['old warm']):.0f} / "
            f"{statistics.median(cpu_ms['new warm']):.0f} | {ratio:.1f}× | {_load()} |",
            flush=True,
        )
    print(f"\nidentical results old/new: yes; load average {_load()}")


def _load() -> str:
    return "–".join(f"{x:.1f}" for x in os.getloadavg()[:1])


def _backend_pid(connection: Any) -> int | None:
    """PostgreSQL: this connection's server process (its CPU is read from /proc)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = int(cursor.fetchone()[0])
    return pid if Path(f"/proc/{pid}/stat").exists() else None


def _cpu(pid: int | None) -> float:
    """CPU milliseconds (user + system) of a process from /proc, 0 without one."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]  # nearest rank


def _comparable(result: Any) -> tuple[Any, ...]:
    return (
        result.total,
        result.page,
        result.pages,
        [o.pk for o in result.offers],
        result.distances,
        {
            key: [(v.key, v.label, v.count, v.selected, v.preferred) for v in values]
            for key, values in result.facets.items()
        },
    )


def _old_search(commit: str) -> Any:
    """`brug.innovet.search` as it was at `commit` (before the cached counts), as a module."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{commit}:src/brug/innovet/search.py"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    module = types.ModuleType("brug.innovet.search_old")
    sys.modules[module.__name__] = module
    exec(compile(source, "search_old.py", "exec"), module.__dict__)
    return module


if __name__ == "__main__":
    main()
