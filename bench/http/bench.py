"""Throughput of the main list endpoints under gunicorn, against a trivial endpoint (issue 18).

    .venv/bin/python bench/http/bench.py [--db sqlite|postgres] [--seconds 4] [--clients 4]
        [--rounds 3] [--old-src DIR] [--company-home]

Starts gunicorn (one sync worker, production settings, DEBUG off) on the `small` demo set
(`brug demo-data --scale small --seed 1`) in a bench database of its own: SQLite under
`var/bench-http/`, or PostgreSQL `h_perf_http_http`. Prepare it once with `--prepare`.
Then it loads each endpoint with closed-loop clients (Python threads, one
connection per request) for a few seconds and prints requests per second, and the ratio to `/healthz`
measured in the same round. Anonymous public lists and lists read with an API token.

With `--old-src DIR` (a `src/` of an older commit, e.g. from `git archive`), a second
gunicorn runs that code on the same database; the rounds alternate old and new, endpoint by
endpoint, so both see the same machine load. `--company-home` also measures the company home
with 500 candidates in process (queries and milliseconds; it adds demo candidates to the
bench database once).
"""

from __future__ import annotations

import argparse
import http.client
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
VAR = ROOT / "var" / "bench-http"
PG = "postgres://postgres@127.0.0.1:5432/h_perf_http_http"
TRIVIAL = "/healthz"
PUBLIC = [
    "/aanmelden/",
    "/api/innovet/offers/",
    "/api/registry/organisations/",
    "/api/registry/programmes/",
    "/api/partnerships/partnerships/",
    "/api/workplace/openings/",
]
WITH_TOKEN = [
    "/api/workplace/applications/",
    "/api/workplace/learners/",
    "/api/innovet/registrations/",
    "/api/covenants/covenants/",
]
TOKEN_USER = "begeleider"  # a school guide: learners, applications, registrations


def environment(db: str, src: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="brug.config.settings",
        DATABASE_URL=PG if db == "postgres" else f"sqlite:///{VAR / 'bench.sqlite3'}",
        SECRET_KEY="bench-" + "x" * 50,
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        BRUG_VAR_DIR=str(VAR),
        LOG_LEVEL="WARNING",
        # All load comes from one address: lift the per-address API rate limits for the run.
        BRUG_API_RATE_ANON="100000000/min",
        BRUG_API_RATE_USER="100000000/min",
        BRUG_API_RATE_TOKEN="100000000/min",
    )
    env.pop("REDIS_URL", None)
    if src:
        env["PYTHONPATH"] = src
    return env


def prepare(db: str) -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    env = environment(db)
    for args in (
        ["migrate", "-v0"],
        ["load-reference"],
        ["demo-data", "--scale", "small", "--seed", "1"],
    ):
        subprocess.run([str(BIN / "brug"), *args], env=env, check=True, timeout=1800)


def make_token(db: str) -> str:
    code = f"""
import datetime as dt, django
django.setup()
from brug.accounts.models import User
from brug.access.scopes import ALL_SCOPES
from brug.access.services import token_create
user = User.objects.get(username={TOKEN_USER!r})
org = user.memberships.first().organisation
_, secret = token_create(actor=user, name="bench {secrets.token_hex(3)}",
    scopes=[s for s in ALL_SCOPES if s.endswith(":read")],
    expires_on=dt.date.today() + dt.timedelta(days=2), organisation=org)
print(secret)
"""
    out = subprocess.run(
        [str(BIN / "python"), "-c", code],
        env=environment(db),
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return out.stdout.strip().splitlines()[-1]


def start(db: str, port: int, src: str | None) -> subprocess.Popen[bytes]:
    cmd = [str(BIN / "gunicorn"), "brug.config.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}"]
    cmd += ["--access-logfile", "-" if False else "/dev/null", "--log-level", "warning"]
    proc = subprocess.Popen(cmd, env=environment(db, src), cwd=str(ROOT))
    for _ in range(600):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", TRIVIAL)
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"gunicorn on {port} did not start")


def load(port: int, path: str, seconds: float, clients: int, token: str | None) -> float:
    """Requests per second: `clients` closed loops, a connection per request."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    done = [0] * clients
    failures: list[str] = []
    stop = time.monotonic() + seconds

    def client(i: int) -> None:
        # A connection per request: gunicorn's sync worker closes each one after its answer.
        while time.monotonic() < stop:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            conn.close()
            if response.status != 200:
                failures.append(f"{path}: {response.status}")
                return
            done[i] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        raise SystemExit(failures[0])
    return sum(done) / (time.monotonic() - started)


def company_home(db: str, src: str | None) -> str:
    """Queries and milliseconds of the company home with 500 candidates (in process)."""
    code = """
import django, statistics, time
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from brug.accounts.models import User
from brug.workplace import models as m
from brug.workplace.tests import factories as f
user = User.objects.get(username="bedrijf")
company = user.memberships.get(role="company_contact").organisation
opening = m.Opening.objects.filter(company=company).order_by("pk").first()
have = m.Application.objects.filter(opening__company=company).exclude(status="withdrawn").count()
for _ in range(max(0, 500 - have)):  # demo candidates, in the bench database only
    learner = f.LearnerFactory(programme=opening.programme, is_demo=True)
    f.LearnerIdentityFactory(learner=learner)
    f.ApplicationFactory(learner=learner, opening=opening, status="submitted")
client = Client()
client.force_login(user)
client.get("/werkplekleren/onderneming/")
times, queries = [], 0
for _ in range(7):
    with CaptureQueriesContext(connection) as ctx:
        t = time.perf_counter(); r = client.get("/werkplekleren/onderneming/")
        times.append((time.perf_counter() - t) * 1000)
    assert r.status_code == 200
    queries = len(ctx.captured_queries)
n = m.Application.objects.filter(opening__company=company).exclude(status="withdrawn").count()
print(f"company home, {n} candidates: {queries} queries, median {statistics.median(times):.0f} ms")
"""
    env = environment(db, src)
    env["DEBUG"] = "false"
    env["ALLOWED_HOSTS"] = "testserver"  # the in-process test client
    out = subprocess.run(
        [str(BIN / "python"), "-c", code], env=env, capture_output=True, text=True, timeout=900
    )
    if out.returncode:
        return "company home failed: " + out.stderr[-800:]
    return out.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--old-src", default=None)
    parser.add_argument("--prepare", action="store_true")
    parser.add_argument("--company-home", action="store_true")
    args = parser.parse_args()
    if args.prepare:
        prepare(args.db)
    token = make_token(args.db)
    servers: dict[str, tuple[int, subprocess.Popen[bytes]]] = {}
    try:
        servers["new"] = (8741, start(args.db, 8741, None))
        if args.old_src:
            servers["old"] = (8742, start(args.db, 8742, args.old_src))
        print(f"load average at start: {os.getloadavg()[0]:.1f}", flush=True)
        results: dict[tuple[str, str], list[float]] = {}
        paths = [(p, None) for p in [TRIVIAL, *PUBLIC]] + [(p, token) for p in WITH_TOKEN]
        for _ in range(args.rounds):
            for path, tok in paths:
                for name in sorted(servers, reverse=(_ % 2 == 1)):  # alternate who goes first
                    port = servers[name][0]
                    load(port, path, 0.5, args.clients, tok)  # warm-up
                    results.setdefault((name, path), []).append(
                        load(port, path, args.seconds, args.clients, tok)
                    )
        print(f"load average at end: {os.getloadavg()[0]:.1f}")
        names = sorted(servers, reverse=True)
        print(f"{'endpoint':<40}" + "".join(f"{n + ' req/s':>12}{n + ' ratio':>12}" for n in names))
        for path, tok in paths:
            line = f"{path + (' (token)' if tok else ''):<40}"
            for name in names:
                median = statistics.median(results[(name, path)])
                trivial = statistics.median(results[(name, TRIVIAL)])
                line += f"{median:>12.1f}{median / trivial:>12.3f}"
            print(line, flush=True)
    finally:
        for _, proc in servers.values():
            proc.terminate()
            proc.wait(timeout=30)
    if args.company_home:
        for name in sorted(servers, reverse=True):
            src = args.old_src if name == "old" else None
            print(f"{name}: {company_home(args.db, src)}")


if __name__ == "__main__":
    sys.exit(main())
