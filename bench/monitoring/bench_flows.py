"""Learner flows with and without the second-to-third-grade transition, side by side.

Run on a scratch database (created and migrated when empty), e.g. SQLite:
    DATABASE_URL=sqlite:////tmp/brug_flows_bench.sqlite3 .venv/bin/python bench/monitoring/bench_flows.py
It bulk-creates 6 provinces, 60 programmes (grades 2 and 3, finalities A, D/A, D, all with
workplace learning), 20,000 learners registered this school year and one official source with
programme and finality rows for two school years (synthetic, labelled demo), then times
"before" (the programme × province flows table, as before this change) and "after" (the same
plus `transition_table`), alternating, and prints the best of each and the ratio.
"""

from __future__ import annotations

import os
import random
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brug.config.settings")
import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from brug.monitoring import flows  # noqa: E402
from brug.monitoring.figures import school_year_label  # noqa: E402
from brug.monitoring.models import OfficialCount  # noqa: E402
from brug.monitoring.services import official_counts_import_as_system  # noqa: E402
from brug.registry import models as rm  # noqa: E402
from brug.workplace import models as wm  # noqa: E402

LEARNERS, PROGRAMMES, ROUNDS = 20_000, 60, 7
YEAR = school_year_label(date.today())
START = int(YEAR[:4])
BEFORE = f"{START - 1}-{START}"


def generate() -> None:
    rng = random.Random(2026)
    provinces = [
        rm.Province.objects.create(nis_code=f"{n}0000", name_nl=f"Provincie {n}", region="flanders")
        for n in range(1, 7)
    ]
    municipalities = [
        rm.Municipality.objects.create(
            nis_code=f"{p.nis_code[0]}{i:04d}", name_nl=f"Gemeente {p.pk}-{i}", province=p
        )
        for p in provinces
        for i in range(5)
    ]
    domain = rm.StudyDomain.objects.create(code="bench", name="Bench")
    finalities = [f.value for f in rm.Finality]
    programmes = [
        rm.Programme.objects.create(
            code=f"BENCH-{i}",
            name=f"Opleiding {i}",
            grade=2 + i % 2,
            finality=finalities[i % 3],
            study_domain=domain,
            is_dual=i % 4 == 0,
        )
        for i in range(PROGRAMMES)
    ]
    school = rm.Organisation.objects.create(
        name="Bench school", kind=rm.OrganisationKind.SCHOOL, is_demo=True
    )
    wm.Learner.objects.bulk_create(
        [
            wm.Learner(
                school=school,
                programme=(p := rng.choice(programmes)),
                grade=p.grade or 3,
                home_municipality=rng.choice(municipalities),
                is_demo=True,
            )
            for _ in range(LEARNERS)
        ],
        batch_size=2000,
    )
    lines = ["schooljaar;maat;opleiding;provincie;graad;leerjaar;finaliteit;waarde"]
    for p in programmes:
        for v in provinces:
            for year in (BEFORE, YEAR):
                lines.append(f"{year};ingeschreven;{p.code};{v.nis_code};;;;{rng.randint(20, 300)}")
    for v in provinces:
        for f in ("A", "D/A", "D"):
            lines.append(f"{BEFORE};ingeschreven;;{v.nis_code};2;2;{f};{rng.randint(100, 900)}")
            lines.append(f"{YEAR};ingeschreven;;{v.nis_code};3;1;{f};{rng.randint(100, 900)}")
    official_counts_import_as_system(
        title="Bench: synthetic counts (no real figures)",
        publisher="Brug-bench",
        url="",
        reference_date=date.today() - timedelta(days=1),
        note="",
        filename="bench.csv",
        content="\n".join(lines).encode(),
        is_demo=True,
    )


def before() -> Any:
    return flows.flows_table(year=YEAR)


def after() -> Any:
    return flows.flows_table(year=YEAR), flows.transition_table(year=YEAR)


def main() -> None:
    call_command("migrate", verbosity=0)
    if not wm.Learner.objects.exists():
        with transaction.atomic():
            generate()
    print(f"{wm.Learner.objects.count()} learners, {OfficialCount.objects.count()} official rows")
    best: dict[str, float] = {"before": float("inf"), "after": float("inf")}
    queries: dict[str, int] = {}
    fns: dict[str, Callable[[], Any]] = {"before": before, "after": after}
    for _ in range(ROUNDS):
        for name in ("before", "after"):  # alternating, so load hits both alike
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                fns[name]()
                best[name] = min(best[name], time.perf_counter() - start)
            queries[name] = len(ctx.captured_queries)
    for name in ("before", "after"):
        print(f"{name:7s} best of {ROUNDS}: {best[name]:.3f} s, {queries[name]} queries")
    print(f"ratio after/before: {best['after'] / best['before']:.2f}")
    print(f"load average: {os.getloadavg()[0]:.1f}", file=sys.stderr)


if __name__ == "__main__":
    main()
