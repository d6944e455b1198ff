"""Old and new form of the reads changed for the `netherlands` scale, alternating in one run on
the same database (wall ms, process CPU ms, load average at the time). SQLite runs in this
process, so the process CPU includes the database's work; on PostgreSQL (on this machine) the
backend's CPU is read from /proc/<pid>/stat of the connection's backend.

    DEBUG=false DATABASE_URL=sqlite:////tmp/brug-nl.sqlite3 \
        .venv/bin/python bench/demo/side_by_side.py --rounds 2

1. The company home's candidate names: the counterpart rule as outer joins from every learner
   to their applications and placements (old) or as two semi-joins from the company's openings.
2. The six key figures of the whole region: each metric's own passes, placement rate as two
   counts (old); the three learner figures from two shared counts (new, cold cache), and the same
   read again within the cache lifetime (new, warm).
3. The shortage cells (the radar, the open figures): computed (cold) and from the cache (warm).
4. The pages (new code only): the company home with 500 candidates (applications added to the
   demo company's openings, rolled back afterwards), the department of work's home page with an
   empty cache (cold) and again (warm).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brug.config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from brug.accounts.models import User  # noqa: E402
from brug.core import policy  # noqa: E402
from brug.core.metrics import MetricScope  # noqa: E402
from brug.monitoring import figures, metrics  # noqa: E402
from brug.monitoring.metrics import KEY_FIGURES  # noqa: E402
from brug.workplace import models as w  # noqa: E402

TODAY = date.today()
results: dict[str, list[tuple[float, float, float, float]]] = {}


def backend_cpu() -> float:
    """Seconds of CPU of this connection's PostgreSQL backend (same machine), else 0."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(label: str, fn: Callable[[], Any]) -> Any:
    load = os.getloadavg()[0]
    with CaptureQueriesContext(connection) as captured:
        db0 = backend_cpu()
        cpu, wall = time.process_time(), time.perf_counter()
        value = fn()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        db = backend_cpu() - db0
    results.setdefault(label, []).append((wall * 1000, cpu * 1000, load, db * 1000))
    print(
        f"  {label}: {wall * 1000:,.0f} ms wall, {cpu * 1000:,.0f} ms CPU, "
        f"{db * 1000:,.0f} ms backend CPU, {len(captured.captured_queries)} queries, "
        f"load {load:.1f}",
        flush=True,
    )
    return value


def old_identities(user: Any, company: int, learners: list[int]) -> list[Any]:
    rule = Q(learner__applications__opening__company_id=company) | Q(
        learner__placements__opening__company_id=company
    )
    matching = w.LearnerIdentity.objects.filter(rule).values("pk")
    return list(w.LearnerIdentity.objects.filter(learner__in=learners, pk__in=matching))


def new_identities(user: Any, learners: list[int]) -> list[Any]:
    qs = w.LearnerIdentity.objects.filter(learner__in=learners)
    return list(policy.visible(user, qs, "view_first_name"))


def old_key_figures(scope: MetricScope) -> list[float]:
    learners = metrics._learners(scope)
    values = []
    for metric in KEY_FIGURES:
        if metric.key == "monitoring.learners_placed":
            values.append(float(learners.filter(Q(has_place=True)).count()))
        elif metric.key == "monitoring.learners_without_place":
            values.append(float(learners.filter(Q(has_place=False)).count()))
        elif metric.key == "monitoring.placement_rate":
            total = learners.count()
            placed = learners.filter(Q(has_place=True)).count()
            values.append(100.0 * placed / total if total else 0.0)
        else:
            values.append(float(metric.compute(scope)))
    return values


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--skip-old-identities", action="store_true")
    args = parser.parse_args()
    settings.DEBUG = False
    settings.BRUG_FIGURES_CACHE_SECONDS = 300
    user = User.objects.get(username="bedrijf")
    company = policy.organisations_of(user, ["company_contact"])[0]
    page = list(
        w.Application.objects.filter(opening__company_id=company)
        .exclude(status=w.ApplicationStatus.WITHDRAWN)
        .order_by("-pk")
        .values_list("learner_id", flat=True)[:20]
    )
    print(
        f"{connection.vendor}: {w.Learner.objects.count():,} learners, "
        f"{w.Application.objects.count():,} applications; company {company}: "
        f"{w.Application.objects.filter(opening__company_id=company).count():,} applications, "
        f"{len(page)} candidates on the first page"
    )
    scope = MetricScope(start=figures.school_year(TODAY)[0], end=TODAY)
    client = Client()
    client.force_login(user)
    client.get("/werkplekleren/onderneming/")  # warm-up (templates, session): not measured
    for n in range(args.rounds):
        print(f"round {n + 1}")
        if not args.skip_old_identities:
            old = measure(
                "candidate names, old (outer joins)", lambda: old_identities(user, company, page)
            )
        new = measure("candidate names, new (semi-joins)", lambda: new_identities(user, page))
        if not args.skip_old_identities:
            assert {i.pk for i in old} == {i.pk for i in new}
        measure("company home page, new", lambda: client.get("/werkplekleren/onderneming/").content)
        cache.clear()
        old_values = measure(
            "key figures, old (6 metrics, 4 learner passes)", lambda: old_key_figures(scope)
        )
        cache.clear()
        new_values = measure(
            "key figures, new, cold cache (2 learner counts)",
            lambda: [float(m.compute(scope)) for m in KEY_FIGURES],
        )
        assert old_values == new_values, (old_values, new_values)
        measure(
            "key figures, new, warm cache", lambda: [float(m.compute(scope)) for m in KEY_FIGURES]
        )
        cache.clear()
        cold = measure("shortage table, cold cache", lambda: figures.shortage_table(on=TODAY))
        warm = measure("shortage table, warm cache", lambda: figures.shortage_table(on=TODAY))
        assert [(r.programme_id, r.area_id, r.gap) for r in cold] == [
            (r.programme_id, r.area_id, r.gap) for r in warm
        ]
    pages(args.rounds, user, company)
    print(
        "\n| read | median wall ms | median CPU ms | median backend CPU ms | runs | load average |"
        "\n|---|---:|---:|---:|---:|---|"
    )
    for label, runs in results.items():
        loads = [r[2] for r in runs]
        print(
            f"| {label} | {statistics.median(r[0] for r in runs):,.0f} | "
            f"{statistics.median(r[1] for r in runs):,.0f} | "
            f"{statistics.median(r[3] for r in runs):,.0f} | {len(runs)} | "
            f"{min(loads):.1f}-{max(loads):.1f} |"
        )


def pages(rounds: int, user: Any, company: int) -> None:
    client = Client()
    client.force_login(user)
    wse = Client()
    wse.force_login(User.objects.get(username="wse"))
    with transaction.atomic():
        openings = list(w.Opening.objects.filter(company_id=company).values_list("pk", flat=True))
        taken = set(
            w.Application.objects.filter(opening_id__in=openings).values_list(
                "learner_id", flat=True
            )
        )
        have = len(taken)
        learners = (
            w.Learner.objects.exclude(pk__in=taken).order_by("pk").values_list("pk", flat=True)
        )
        w.Application.objects.bulk_create(
            w.Application(learner_id=pk, opening_id=openings[i % len(openings)], is_demo=True)
            for i, pk in enumerate(learners[: max(0, 500 - have)])
        )
        n = w.Application.objects.filter(opening__company_id=company).count()
        print(f"company home with {n} candidates (rolled back afterwards)")
        client.get("/werkplekleren/onderneming/")  # warm-up: templates, session
        for _ in range(rounds):
            measure(
                f"company home page, {n} candidates",
                lambda: client.get("/werkplekleren/onderneming/").content,
            )
        transaction.set_rollback(True)
    for _ in range(rounds):
        cache.clear()
        measure("department of work home page, cold cache", lambda: wse.get("/").content)
        measure("department of work home page, warm cache", lambda: wse.get("/").content)


if __name__ == "__main__":
    main()
