"""Covenant timings on a database with the reference data loaded (`brug load-reference`).

Run: BRUG_VAR_DIR=/tmp/covvar .venv/bin/python bench/covenants/bench.py
(writes illustrative demo rows into that database; use a scratch database).
"""

from __future__ import annotations

import os
import random
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brug.config.settings")
import django

django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.test import Client  # noqa: E402

from brug.core.demo import SCALES, DemoContext  # noqa: E402
from brug.core.jobs import _HANDLERS, Progress  # noqa: E402
from brug.core.models import Job  # noqa: E402
from brug.covenants import analysis  # noqa: E402
from brug.covenants import models as m  # noqa: E402
from brug.covenants.demo import demo_covenants  # noqa: E402
from brug.covenants.load_2021 import load_covenants_2021  # noqa: E402
from brug.covenants.suppression import suppress  # noqa: E402


def timed(label: str, fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn()
    print(f"{label:55s} {time.perf_counter() - start:8.3f} s")
    return result


timed("load_covenants_2021 (37 sectors, idempotent re-run)", load_covenants_2021)
timed(
    "demo step covenants (illustrative actions/reports)",
    lambda: demo_covenants(DemoContext(scale=SCALES["small"], seed=1)),
)
print(
    "actions",
    m.Action.objects.count(),
    "commitments",
    m.Commitment.objects.count(),
    "entries",
    m.ProgressEntry.objects.count(),
)
generation = m.CovenantGeneration.objects.get(code="2021-2022")
timed(
    "category_rows (public, 2021-2022)", lambda: analysis.category_rows(AnonymousUser(), generation)
)
timed(
    "discrimination_comparison (public)",
    lambda: analysis.discrimination_comparison(AnonymousUser(), generation),
)
client = Client()
timed("GET /convenanten/analyse/ (public)", lambda: client.get("/convenanten/analyse/"))
timed(
    "GET /convenanten/analyse/?formaat=xlsx",
    lambda: client.get("/convenanten/analyse/?formaat=xlsx"),
)
rng = random.Random(1)
big = [[rng.randint(0, 30) for _ in range(4)] for _ in range(37)]
timed("suppress 37x4 table, k=5", lambda: suppress(big, 5))
huge = [[rng.randint(0, 12) for _ in range(10)] for _ in range(300)]
timed("suppress 300x10 table, k=5", lambda: suppress(huge, 5))
job = Job.objects.create(
    kind="covenants.generation_report",
    title="bench",
    params={
        "generation": generation.pk,
        "covenants": list(generation.covenants.values_list("pk", flat=True)),
    },
)
timed(
    "generation report job: PDF + XLSX for 37 covenants",
    lambda: _HANDLERS["covenants.generation_report"](job, Progress(job, min_interval=1.0)),
)
