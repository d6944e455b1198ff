"""The key reads, once each, on a database that holds a generated demo set (any scale).

    DEBUG=false DATABASE_URL=sqlite:////tmp/brug-nl.sqlite3 \
        .venv/bin/python bench/demo/reads_at_scale.py

Reads only, except the matching round: the demo's open sector (or region) round gets
preferences (1-5 openings of each learner's programme, seeded), is closed and computed, and
all of it is rolled back at the end. Prints one line per read: wall ms, queries, result size.
Each read runs `--repeat` times (default 3); the median and the first (cold) run are printed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brug.config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from brug.accounts.models import User  # noqa: E402
from brug.core.bulk import insert_rows, with_defaults  # noqa: E402
from brug.core.metrics import MetricScope  # noqa: E402
from brug.innovet.search import OfferQuery, offers_search  # noqa: E402
from brug.matching import services as rounds  # noqa: E402
from brug.matching.models import MatchingRound, RoundPreference, RoundStatus  # noqa: E402
from brug.monitoring import figures  # noqa: E402
from brug.monitoring import selectors as monitoring  # noqa: E402
from brug.monitoring.metrics import KEY_FIGURES  # noqa: E402
from brug.registry import geo  # noqa: E402
from brug.workplace import models as w  # noqa: E402
from brug.workplace import selectors  # noqa: E402

TODAY = date.today()


def timed(label: str, fn: Callable[[], Any], repeat: int) -> Any:
    times, result, queries = [], None, 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = fn()
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured.captured_queries)
    size = len(result) if hasattr(result, "__len__") else ""
    print(
        f"| {label} | {statistics.median(times):,.0f} | {times[0]:,.0f} | {queries} | {size} |",
        flush=True,
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-round", action="store_true")
    parser.add_argument("--skip-figures", action="store_true", help="no key figures")
    parser.add_argument(
        "--skip-searches", action="store_true", help="only key figures, pages and the round"
    )
    args = parser.parse_args()
    settings.DEBUG = False
    n = args.repeat
    print(
        f"{connection.vendor}: {w.Learner.objects.count():,} learners, "
        f"{w.Opening.objects.count():,} openings, "
        f"{w.Application.objects.count():,} applications, "
        f"{w.Placement.objects.count():,} placements"
    )
    print("| read | median ms | first ms | queries | size |\n|---|---:|---:|---:|---:|")
    if not args.skip_searches:
        searches(n)
    scope = MetricScope(start=figures.school_year(TODAY)[0], end=TODAY)
    if not args.skip_figures:
        timed("key figures, whole region (6)", lambda: [m.compute(scope) for m in KEY_FIGURES], n)
    client = Client()
    for username, url, label in (
        ("bedrijf", "/werkplekleren/onderneming/", "company home (page)"),
        ("wse", "/", "home of the department of work (page)"),
    ):
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        client.force_login(user)

        def get(u: str = url) -> Any:
            response = client.get(u, HTTP_ACCEPT_LANGUAGE="nl")
            assert response.status_code == 200, response.status_code
            return response.content

        timed(label, get, n)
    if not args.no_round:
        round_compute()


def searches(n: int) -> None:
    anonymous = AnonymousUser()
    widest = max(selectors.DISTANCES_KM)
    for name in ("Gent", "Antwerpen", "Hasselt"):
        place = geo.resolve_place(name)
        if place is None:
            continue
        for km in (20, widest):
            criteria = selectors.SearchCriteria(place=place, radius_km=km, free_only=True)
            timed(
                f"workplace search, all programmes, {name} {km} km",
                lambda c=criteria: selectors.search_openings(anonymous, c),
                n,
            )
    origin = (51.05, 3.72)
    for label, query in {
        "InnoVET 'lassen', facets": OfferQuery(text="lassen"),
        "InnoVET filter only (autumn, <= 100 EUR, free), facets": OfferQuery(
            period="autumn",
            max_cost=100,
            free_places=True,
            sort="date",  # type: ignore[arg-type]
        ),
        "InnoVET within 25 km, by distance": OfferQuery(
            origin=origin, within_km=25, sort="distance"
        ),
        "InnoVET page 50 of everything": OfferQuery(sort="date", page=50),
    }.items():
        timed(label, lambda q=query: offers_search(None, q, record_empty=False).offers, n)
    timed("shortage radar (programme x province)", lambda: figures.shortage_table(on=TODAY), n)
    timed("open data (with suppression)", lambda: monitoring.open_data(on=TODAY).cells, n)


def round_compute() -> None:
    rnd = MatchingRound.objects.filter(is_demo=True, status=RoundStatus.OPEN).order_by("pk").first()
    if rnd is None:
        print("no open demo round: round compute not measured")
        return
    rng = random.Random(1)
    with transaction.atomic():
        by_programme: dict[int, list[int]] = {}
        for pk, programme in w.Opening.objects.filter(round_links__round=rnd).values_list(
            "pk", "programme_id"
        ):
            by_programme.setdefault(programme, []).append(pk)
        fields, row = with_defaults(
            RoundPreference, ["round_id", "learner_id", "opening_id", "rank"]
        )
        learners = list(
            w.Learner.objects.filter(round_links__round=rnd)
            .order_by("pk")
            .values_list("pk", "programme_id")
        )
        started = time.perf_counter()
        count = insert_rows(
            RoundPreference,
            fields,
            (
                row((rnd.pk, learner, opening, rank))
                for learner, programme in learners
                if by_programme.get(programme)
                for rank, opening in enumerate(
                    rng.sample(
                        by_programme[programme],
                        k=min(len(by_programme[programme]), rng.randint(1, 5)),
                    ),
                    1,
                )
            ),
        )
        print(
            f"round '{rnd.name}': {len(learners):,} learners, "
            f"{sum(len(v) for v in by_programme.values()):,} openings, {count:,} preferences "
            f"(inserted in {time.perf_counter() - started:.1f} s)"
        )
        MatchingRound.objects.filter(pk=rnd.pk).update(
            preference_deadline=timezone.now() - timedelta(days=1),
            intake_deadline=timezone.now() - timedelta(hours=1),
        )
        rnd.refresh_from_db()
        actor = User.objects.get(pk=rnd.created_by_id) if rnd.created_by_id else None
        rounds.round_close(actor=actor, rnd=rnd)
        rnd.refresh_from_db()
        started = time.perf_counter()
        summary = rounds.round_compute(actor=actor, rnd=rnd)
        print(
            f"| matching round compute (stable + coverage + preview) | "
            f"{(time.perf_counter() - started) * 1000:,.0f} | | | "
            f"{summary.get('placed_stable', summary.get('placed', ''))} |"
        )
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
