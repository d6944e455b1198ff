"""Throughput of the main list endpoints under gunicorn, against a trivial endpoint (issue 18).

    .venv/bin/python bench/http/bench.py [--db sqlite|postgres] [--pg-url URL] [--seconds 4]
        [--clients 4] [--rounds 3] [--client wrk|python] [--old-src DIR] [--company-home]

Starts gunicorn (one sync worker, `brug.config.settings_production`, DEBUG off, HTTPS
redirect off) on the `small` demo set (`brug demo-data --scale small --seed 1`) in a bench
database of its own: SQLite under `var/bench-http/`, or PostgreSQL (`--pg-url`, default
`BENCH_HTTP_PG` or `h_perf_http_http`). Prepare it once with `--prepare`. Then it loads each
endpoint for a few seconds and prints requests per second, the ratio to `/healthz` measured in
the same round, and the gunicorn worker's CPU per request (from /proc, so it does not depend
on how busy the machine is; with PostgreSQL also the CPU of the worker's database backend).
Anonymous public lists and lists read with an API token.

The load comes from `wrk` (C, `apt-get install wrk`) when it is installed: the Python client
(threads, one connection per request) could not send more than about 10 requests a second on
a loaded machine, so `/healthz` measured the client, not Brug. `--client python` keeps it.

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
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
VAR = ROOT / "var" / "bench-http"
PG = os.environ.get("BENCH_HTTP_PG", "postgres://postgres@127.0.0.1:5432/h_perf_http_http")
WRK = shutil.which("wrk")
TRIVIAL = "/healthz"
# The yardstick the issue's own figures were taken against ("1/13 of the login page's"): a
# page through Django's whole stack (session, CSRF, a template) that reads nothing. `/healthz`
# is answered by the first middleware, before Django's stack, since the probe rework.
LOGIN = "/aanmelden/"
PUBLIC = [
    LOGIN,
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
# A trivial signed-in endpoint (the same token authentication, permission, throttling and use
# log as the token lists; one row of a small list): the second yardstick of the token lists.
TRIVIAL_TOKEN = "/api/registry/sectors/?limit=1"
# Set by --redis-url / --api-cache-local for both servers (old and new see the same cache).
EXTRA_ENV: dict[str, str] = {}
TOKEN_USER = "begeleider"  # a school guide: learners, applications, registrations
# The SQLite file served (`--sqlite-file`: another generated set, e.g. `netherlands`).
SQLITE = {"file": VAR / "bench.sqlite3"}


def environment(db: str, src: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="brug.config.settings_production",
        DATABASE_URL=PG if db == "postgres" else f"sqlite:///{SQLITE['file']}",
        SECRET_KEY="bench-" + "x" * 50,
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        BRUG_VAR_DIR=str(VAR),
        LOG_LEVEL="WARNING",
        BRUG_BASE_URL="http://127.0.0.1",
        # One database connection (and PostgreSQL backend) per worker for the whole run, so
        # the backend's CPU can be read from /proc (production's default is 60 s).
        DB_CONN_MAX_AGE="3600",
        # All load comes from one address: lift the per-address API rate limits for the run.
        BRUG_API_RATE_ANON="100000000/min",
        BRUG_API_RATE_USER="100000000/min",
        BRUG_API_RATE_TOKEN="100000000/min",
    )
    env.pop("REDIS_URL", None)
    env.update(EXTRA_ENV)
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
    collect_static(db)


def collect_static(db: str) -> None:
    """Production settings serve hashed static names from a manifest: build it once."""
    if not (VAR / "static" / "staticfiles.json").exists():
        subprocess.run(
            [str(BIN / "brug"), "collectstatic", "--noinput", "-v0"],
            env=environment(db),
            check=True,
            timeout=600,
        )


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


def worker_pid(master: int) -> int:
    """The pid of gunicorn's one worker (the master's child)."""
    for _ in range(100):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise SystemExit("no gunicorn worker")


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU of a process so far (0 when it is gone or unknown)."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def backend_pid(db: str, pid: int) -> int | None:
    """The PostgreSQL backend serving the (persistent) connection of process `pid`."""
    if db != "postgres":
        return None
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            cols = line.split()
            if cols[9] in inodes and int(cols[2].rsplit(":", 1)[1], 16) == 5432:
                ports.add(int(cols[1].rsplit(":", 1)[1], 16))
    if not ports:
        return None
    name = PG.rsplit("/", 1)[1]
    out = subprocess.run(
        [
            "psql",
            PG.rsplit("/", 1)[0] + "/postgres",
            "-Atc",
            f"select pid, client_port from pg_stat_activity where datname = '{name}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for line in out.splitlines():
        backend, _, port = line.partition("|")
        if port and int(port) in ports:
            return int(backend)
    return None


def load(port: int, path: str, seconds: float, clients: int, token: str | None) -> float:
    """Requests per second: `clients` closed loops (wrk when installed, else Python threads)."""
    return load_counted(port, path, seconds, clients, token)[0]


def load_counted(
    port: int, path: str, seconds: float, clients: int, token: str | None
) -> tuple[float, int]:
    """Requests per second and the number of requests answered."""
    if WRK and CLIENT["name"] == "wrk":
        return load_wrk(port, path, seconds, clients, token)
    rate = load_python(port, path, seconds, clients, token)
    return rate, round(rate * seconds)


CLIENT = {"name": "wrk"}


def load_wrk(
    port: int, path: str, seconds: float, clients: int, token: str | None
) -> tuple[float, int]:
    """wrk, one thread, `clients` connections (gunicorn's sync worker closes each after its
    answer, so wrk reconnects per request: the same work per request as a browser without
    keep-alive). Any answer other than 200 stops the bench."""
    cmd = [WRK, "-t1", f"-c{clients}", f"-d{max(1, round(seconds))}s", "--timeout", "30s"]
    if token:
        cmd += ["-H", f"Authorization: Bearer {token}"]
    out = subprocess.run(
        [*cmd, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout
    bad = [line.strip() for line in out.splitlines() if "Non-2xx" in line]
    if bad:
        raise SystemExit(f"{path}: {bad}")
    done = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    return rate, done


def load_python(port: int, path: str, seconds: float, clients: int, token: str | None) -> float:
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
import django, os, statistics, time
RUNS = 15
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
backend = None
if connection.vendor == "postgresql":
    with connection.cursor() as c:
        c.execute("select pg_backend_pid()"); backend = c.fetchone()[0]
def backend_cpu():
    if backend is None:
        return 0.0
    f = open(f"/proc/{backend}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
times, cpus, dbs, queries = [], [], [], 0
for _ in range(RUNS):
    with CaptureQueriesContext(connection) as ctx:
        t, c, d = time.perf_counter(), time.process_time(), backend_cpu()
        r = client.get("/werkplekleren/onderneming/")
        times.append((time.perf_counter() - t) * 1000)
        cpus.append((time.process_time() - c) * 1000)
        dbs.append((backend_cpu() - d) * 1000)
    assert r.status_code == 200
    queries = len(ctx.captured_queries)
n = m.Application.objects.filter(opening__company=company).exclude(status="withdrawn").count()
med = statistics.median
print(f"company home, {n} candidates: {queries} queries, median {med(times):.0f} ms wall, "
      f"{med(cpus):.0f} ms CPU" + (f", db backend {sum(dbs)/len(dbs):.0f} ms CPU (mean)" if backend else "")
      + f", load {os.getloadavg()[0]:.1f}")
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
    global PG
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--pg-url", default=PG)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--client", choices=("wrk", "python"), default="wrk" if WRK else "python")
    parser.add_argument("--old-src", default=None)
    parser.add_argument("--prepare", action="store_true")
    parser.add_argument("--company-home", action="store_true")
    parser.add_argument("--only", default="", help="comma-separated paths (besides /healthz)")
    parser.add_argument("--redis-url", default="", help="a shared cache (REDIS_URL) for both")
    parser.add_argument(
        "--sqlite-file", default="", help="serve this SQLite file (a generated set) instead"
    )
    parser.add_argument(
        "--api-cache-local",
        action="store_true",
        help="keep signed-in API answers in the worker's local cache (one worker: safe)",
    )
    args = parser.parse_args()
    PG = args.pg_url
    if args.redis_url:
        EXTRA_ENV["REDIS_URL"] = args.redis_url
    if args.sqlite_file:
        SQLITE["file"] = Path(args.sqlite_file).resolve()
    if args.api_cache_local:
        EXTRA_ENV["BRUG_API_CACHE_LOCAL"] = "true"
    CLIENT["name"] = args.client
    if args.prepare:
        prepare(args.db)
    collect_static(args.db)
    token = make_token(args.db)
    servers: dict[str, tuple[int, subprocess.Popen[bytes]]] = {}
    try:
        servers["new"] = (8741, start(args.db, 8741, None))
        if args.old_src:
            servers["old"] = (8742, start(args.db, 8742, args.old_src))
        print(f"client: {args.client}; load average at start: {os.getloadavg()[0]:.1f}", flush=True)
        results: dict[tuple[str, str], list[float]] = {}
        cpu: dict[tuple[str, str], list[float]] = {}
        db_cpu: dict[tuple[str, str], list[float]] = {}
        only = [p for p in args.only.split(",") if p]
        paths = [(p, None) for p in [TRIVIAL, *PUBLIC] if not only or p in (*only, TRIVIAL, LOGIN)]
        paths += [(TRIVIAL_TOKEN, token)]
        paths += [(p, token) for p in WITH_TOKEN if not only or p in only]
        # The first request of each kind makes a worker import and build what it needs (about
        # 3 s for the first token request): warm every path on every server before measuring.
        for path, tok in paths:
            for port, _proc in servers.values():
                load(port, path, 1.0, args.clients, tok)
        for _ in range(args.rounds):
            for path, tok in paths:
                for name in sorted(servers, reverse=(_ % 2 == 1)):  # alternate who goes first
                    port, proc = servers[name]
                    load(port, path, 0.5, args.clients, tok)  # warm-up
                    worker = worker_pid(proc.pid)
                    backend = backend_pid(args.db, worker)
                    before, db_before = cpu_seconds(worker), cpu_seconds(backend)
                    rate, done = load_counted(port, path, args.seconds, args.clients, tok)
                    used, db_used = cpu_seconds(worker) - before, cpu_seconds(backend) - db_before
                    results.setdefault((name, path), []).append(rate)
                    cpu.setdefault((name, path), []).append(1000 * used / max(done, 1))
                    db_cpu.setdefault((name, path), []).append(1000 * db_used / max(done, 1))
        print(f"load average at end: {os.getloadavg()[0]:.1f}")
        names = sorted(servers, reverse=True)
        header = f"{'endpoint':<48}"
        for n in names:
            header += f"{n + ' req/s':>11}{n + ' ratio':>11}{n + ' /login':>11}{n + ' /tok':>10}"
            header += f"{n + ' cpu ms':>11}"
            if args.db == "postgres":
                header += f"{n + ' db ms':>11}"
        print(header)
        for path, tok in paths:
            line = f"{path + (' (token)' if tok else ''):<48}"
            for name in names:
                median = statistics.median(results[(name, path)])
                trivial = statistics.median(results[(name, TRIVIAL)])
                signed_in = statistics.median(results[(name, TRIVIAL_TOKEN)])
                login = statistics.median(results[(name, LOGIN)])
                line += f"{median:>11.1f}{median / trivial:>11.3f}{median / login:>11.3f}"
                line += f"{median / signed_in:>10.3f}" if tok else f"{'':>10}"
                line += f"{statistics.median(cpu[(name, path)]):>11.2f}"
                if args.db == "postgres":
                    line += f"{statistics.median(db_cpu[(name, path)]):>11.2f}"
            print(line, flush=True)
        print("ratio: to /healthz; /login: to the login page", LOGIN)
        print("/tok: to the trivial signed-in endpoint", TRIVIAL_TOKEN)
        print("cpu ms: the gunicorn worker's CPU per request (median of the rounds);")
        print("db ms: the CPU of its PostgreSQL backend per request.")
    finally:
        for _, proc in servers.values():
            proc.terminate()
            proc.wait(timeout=30)
    if args.company_home:
        # Old and new alternate, each run a fresh process of 15 requests (median).
        for i in range(args.rounds):
            for name in sorted(servers, reverse=(i % 2 == 1)):
                src = args.old_src if name == "old" else None
                print(f"{name}: {company_home(args.db, src)}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
