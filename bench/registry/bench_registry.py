"""Time `load-reference` (first run and re-run) and municipality search (page, API, resolve_place).

Run: DJANGO_SETTINGS_MODULE=brug.config.settings_test .venv/bin/python bench/registry/bench_registry.py
Uses a throw-away SQLite database in a temporary directory.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time

tmp = tempfile.mkdtemp()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brug.config.settings")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from brug.registry import reference  # noqa: E402
from brug.registry.geo import resolve_place  # noqa: E402


def timed(fn, repeat: int = 1) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    call_command("migrate", verbosity=0)
    setup_test_environment()
    first = timed(lambda: reference.load_reference())[0]
    again = timed(lambda: reference.load_reference(), repeat=3)
    client = Client()
    page = timed(
        lambda: client.get("/register/gemeenten/", {"q": "sint"}, HTTP_HOST="localhost"), repeat=20
    )
    api = timed(
        lambda: client.get(
            "/api/registry/municipalities/", {"search": "sint"}, HTTP_HOST="localhost"
        ),
        repeat=20,
    )
    place = timed(lambda: resolve_place("Gent"), repeat=50)
    postcode = timed(lambda: resolve_place("9000"), repeat=50)
    print(f"python {sys.version.split()[0]}, database {os.environ['DATABASE_URL'].split(':')[0]}")
    print(f"load-reference, first run (empty DB, GeoNames parse included): {first:.2f} s")
    print(
        f"load-reference, re-run (median of 3, GeoNames index cached in-process): {statistics.median(again):.2f} s"
    )
    print(f"municipality list page ?q=sint (median of 20): {statistics.median(page) * 1000:.1f} ms")
    print(
        f"API /api/registry/municipalities/?search=sint (median of 20): {statistics.median(api) * 1000:.1f} ms"
    )
    print(f"resolve_place('Gent') (median of 50): {statistics.median(place) * 1000:.2f} ms")
    print(f"resolve_place('9000') (median of 50): {statistics.median(postcode) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
