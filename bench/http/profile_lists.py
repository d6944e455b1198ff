"""Profile signed-in API lists and the company home in process (issue 18).

    .venv/bin/python bench/http/profile_lists.py [--db sqlite|postgres] [--requests 50]
        [--path /api/workplace/learners/ ...] [--company-home] [--top 25]

Runs against the bench database of `bench.py` (prepare it there first), with the same
environment (production settings, DEBUG off). For each path it sends `--requests` GETs through
Django's test client with an API token of the demo guide (`begeleider`, every `:read` scope),
prints the queries of one request, the process CPU per request and the `--top` functions of a
cProfile over all of them (cumulative time). `--company-home` does the same for
`/werkplekleren/onderneming/` signed in as `bedrijf`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench  # noqa: E402

CODE = r"""
import cProfile, io, os, pstats, statistics, sys, time
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

paths, n, top, token, user = sys.argv[1].split(","), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
client = Client()
headers = {}
if user:
    from brug.accounts.models import User
    client.force_login(User.objects.get(username=user))
else:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
for path in paths:
    client.get(path, **headers)
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(path, **headers)
    assert r.status_code == 200, (path, r.status_code)
    print(f"== {path}: {len(ctx.captured_queries)} queries, {len(r.content)} bytes")
    for q in ctx.captured_queries:
        print("   ", q["sql"][:160])
    cpu = []
    profile = cProfile.Profile()
    for _ in range(n):
        c = time.process_time()
        profile.enable()
        client.get(path, **headers)
        profile.disable()
        cpu.append((time.process_time() - c) * 1000)
    print(f"   CPU per request (profiled): median {statistics.median(cpu):.1f} ms")
    cpu = []
    for _ in range(n):
        c = time.process_time()
        client.get(path, **headers)
        cpu.append((time.process_time() - c) * 1000)
    print(f"   CPU per request (not profiled): median {statistics.median(cpu):.1f} ms, "
          f"load {os.getloadavg()[0]:.1f}")
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(top)
    print(out.getvalue())
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--pg-url", default=bench.PG)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--path", action="append", default=[])
    parser.add_argument("--company-home", action="store_true")
    parser.add_argument("--src", default=None, help="profile another src/ (e.g. the old code)")
    parser.add_argument("--redis-url", default="", help="a shared cache (REDIS_URL)")
    parser.add_argument("--api-cache-local", action="store_true", help="keep API answers locally")
    args = parser.parse_args()
    bench.PG = args.pg_url
    if args.redis_url:
        bench.EXTRA_ENV["REDIS_URL"] = args.redis_url
    if args.api_cache_local:
        bench.EXTRA_ENV["BRUG_API_CACHE_LOCAL"] = "true"
    env = bench.environment(args.db, args.src)
    env["ALLOWED_HOSTS"] = "testserver"
    if args.company_home:
        paths, token, user = ["/werkplekleren/onderneming/"], "-", "bedrijf"
    else:
        paths, token, user = args.path or bench.WITH_TOKEN, bench.make_token(args.db), ""
    subprocess.run(
        [
            str(bench.BIN / "python"),
            "-c",
            CODE,
            ",".join(paths),
            str(args.requests),
            str(args.top),
            token,
            user,
        ],
        env=env,
        check=True,
        cwd=os.getcwd(),
    )


if __name__ == "__main__":
    main()
