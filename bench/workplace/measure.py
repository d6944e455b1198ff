"""What the workplace search benches share: the one-pass box search that `selectors` used
before the rings, and the measuring loop that runs several forms of the search alternately
on the same criteria (imported by `search_bench.py` and `search_at_scale.py`, which run as
scripts from this folder)."""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connection

from brug.registry import geo
from brug.registry.models import Site
from brug.workplace import selectors

Answer = list[tuple[int, float | None]]


def box_distances(qs: Any, site: str, place: geo.Place, km: float | None) -> list[Any]:
    """The old one pass: every hit in the bounding box of `km` (or every hit with a place when
    there is no radius), its distance from `place` computed in Python; (distance, pk), nearest
    first, within `km`."""
    if km:
        lat0, lat1, lon0, lon1 = geo.bounding_box(place.latitude, place.longitude, km)
        in_box = Site.objects.filter(
            latitude__range=(lat0, lat1), longitude__range=(lon0, lon1)
        ).values("pk")
        qs = qs.filter(**{f"{site}id__in": in_box})
    else:
        qs = qs.filter(**{f"{site}latitude__isnull": False, f"{site}longitude__isnull": False})
    distances = []
    for pk, lat, lon in qs.values_list("pk", f"{site}latitude", f"{site}longitude"):
        distance = geo.haversine_km(place.latitude, place.longitude, lat, lon)
        if not km or distance <= km:
            distances.append((distance, pk))
    distances.sort()
    return distances


def backend_cpu() -> float:
    """Seconds of CPU of this connection's PostgreSQL backend (same machine), else 0."""
    if connection.vendor != "postgresql":
        return 0.0
    pid = connection.connection.info.backend_pid
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]  # nearest rank


@dataclass
class Timings:
    """Per form, in ms: wall, process CPU and PostgreSQL backend CPU of each run; the hits
    (the same in every form)."""

    wall: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)
    backend_cpu: dict[str, list[float]] = field(default_factory=dict)
    hits: Answer = field(default_factory=list)


def alternate(
    forms: Iterable[str],
    prepare: Callable[[str], None],
    criteria: selectors.SearchCriteria,
    runs: int,
) -> Timings:
    """`runs` rounds of `selectors.search_openings` as an anonymous visitor, each round every
    form once in turn (`prepare(form)` first, untimed). Fails unless every form gives the same
    hits and distances."""
    names = list(forms)
    timings = Timings(
        wall={form: [] for form in names},
        cpu={form: [] for form in names},
        backend_cpu={form: [] for form in names},
    )
    anonymous = AnonymousUser()
    answers: dict[str, Answer] = {}
    for _ in range(runs):
        for form in names:
            prepare(form)
            b0, c0 = backend_cpu(), time.process_time()
            t0 = time.perf_counter()
            hits = selectors.search_openings(anonymous, criteria)
            timings.wall[form].append((time.perf_counter() - t0) * 1000)
            timings.cpu[form].append((time.process_time() - c0) * 1000)
            timings.backend_cpu[form].append((backend_cpu() - b0) * 1000)
            answers[form] = [(h.opening.pk, h.distance_km) for h in hits]
    first = next(iter(answers.values()))
    assert all(answer == first for answer in answers.values()), criteria
    timings.hits = first
    return timings
