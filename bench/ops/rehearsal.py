"""Scale-out rehearsal on one machine: two app servers, two workers, one PostgreSQL, one Redis.

    .venv/bin/python bench/ops/rehearsal.py [--seconds 10] [--clients 8]

What it shows, under the production settings:
1. load: the same public list endpoint served by one app server, then by two (requests spread
   over both, as a load balancer would); the second server adds throughput;
2. each job runs once: 40 short jobs queued at once and taken by two workers; every job runs
   exactly one time, and both workers take some;
3. recovery: a long job whose worker is killed (SIGKILL) in the middle is noticed through its
   stopped heartbeat by the other worker, started again there and finished.

Everything runs on the loopback address, against a database of its own (`brug_rehearsal`, made
anew) and Redis database 13; every loop is bounded in count and time. Nothing is left running.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
PG = "postgres://postgres@127.0.0.1:5432"
DB = "brug_rehearsal"
PORTS = (8711, 8712)
ENDPOINT = "/api/innovet/offers/?limit=10"


def environment(var_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="rehearsal_settings",
        PYTHONPATH=str(Path(__file__).parent),
        DATABASE_URL=f"{PG}/{DB}",
        REDIS_URL="redis://127.0.0.1:6379/13",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        BRUG_VAR_DIR=var_dir,
        LOG_FORMAT="json",
        LOG_LEVEL="WARNING",
        BRUG_JOB_HEARTBEAT_SECONDS="1",
        BRUG_JOB_STALE_SECONDS="4",
        BRUG_JOB_RECOVER_SECONDS="1",
        # The load comes from one address: lift the per-address API rate limit for the run.
        BRUG_API_RATE_ANON="1000000/min",
    )
    return env


def brug(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "brug"), *args], env=env, capture_output=True, text=True, timeout=600
    )
    if done.returncode:
        raise SystemExit(f"brug {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def django_eval(env: dict[str, str], code: str) -> Any:
    """Run a few lines with Django set up; they print one JSON value."""
    script = "import django, json\ndjango.setup()\n" + code
    out = subprocess.run(
        [str(BIN / "python"), "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if out.returncode:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def wait_for(url_port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", url_port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"app server on port {url_port} did not come up")


def load(ports: tuple[int, ...], *, seconds: float, clients: int) -> dict[str, float]:
    """Closed-loop load: `clients` threads, each request to the next port in turn."""
    counts = [0] * clients
    errors = [0] * clients
    stop_at = time.monotonic() + seconds

    def client(i: int) -> None:
        conns = {p: http.client.HTTPConnection("127.0.0.1", p, timeout=10) for p in ports}
        n = i
        while time.monotonic() < stop_at and counts[i] < 100_000:
            port = ports[n % len(ports)]
            n += 1
            try:
                conns[port].request("GET", ENDPOINT)
                response = conns[port].getresponse()
                response.read()
                if response.status == 200:
                    counts[i] += 1
                else:
                    errors[i] += 1
            except OSError:
                errors[i] += 1
                conns[port] = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 30)
    elapsed = time.monotonic() - started
    return {"requests": sum(counts), "errors": sum(errors), "per_second": sum(counts) / elapsed}


def start(cmd: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    handle = log.open("ab")
    return subprocess.Popen(cmd, env=env, stdout=handle, stderr=handle, start_new_session=True)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each load run")
    parser.add_argument("--clients", type=int, default=8, help="concurrent load clients")
    parser.add_argument("--app-workers", type=int, default=1, help="gunicorn workers per server")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database of an earlier run (skips set-up)"
    )
    args = parser.parse_args()
    seconds = min(max(args.seconds, 2.0), 120.0)
    clients = min(max(args.clients, 1), 64)

    var_dir = tempfile.mkdtemp(prefix="brug-rehearsal-")
    log = Path(var_dir) / "processes.log"
    env = environment(var_dir)
    subprocess.run(["redis-cli", "-n", "13", "flushdb"], check=True, capture_output=True)
    print(f"Rehearsal in {var_dir}: PostgreSQL {DB}, Redis db 13, ports {PORTS}")
    t0 = time.monotonic()
    if not args.reuse:
        pg = ["-h", "127.0.0.1", "-U", "postgres"]
        subprocess.run(["dropdb", *pg, "--if-exists", DB], check=True, capture_output=True)
        subprocess.run(["createdb", *pg, DB], check=True)
    brug(env, "migrate", "--noinput", "-v0")
    brug(env, "collectstatic", "--noinput", "-v0")
    if not args.reuse:
        brug(env, "demo-data", "--scale", "small", "--seed", "1", "--no-progress")
    print(f"  set up (migrate, static files, demo data) in {time.monotonic() - t0:.0f} s")

    processes: list[subprocess.Popen[bytes]] = []
    results: dict[str, Any] = {}
    try:
        gunicorn = [str(BIN / "gunicorn"), "brug.config.wsgi", "--workers", str(args.app_workers)]
        for port in PORTS:
            processes.append(start([*gunicorn, "--bind", f"127.0.0.1:{port}"], env, log))
        for port in PORTS:
            wait_for(port)
        load(PORTS, seconds=2, clients=clients)  # warm both servers
        one = load(PORTS[:1], seconds=seconds, clients=clients)
        two = load(PORTS, seconds=seconds, clients=clients)
        results["load"] = {"one_server": one, "two_servers": two}
        ratio = two["per_second"] / one["per_second"]
        print(
            f"1. load on {ENDPOINT}, {clients} clients, {seconds:.0f} s each: one app server "
            f"{one['per_second']:.0f} req/s, two {two['per_second']:.0f} req/s "
            f"(x{ratio:.2f}); errors {one['errors']} / {two['errors']}"
        )

        worker = [str(BIN / "brug"), "worker", "--queue-name", "*", "--interval", "0.2"]
        workers = [start(worker, env, log) for _ in range(2)]
        processes.extend(workers)
        time.sleep(2)
        queued = django_eval(
            env,
            "from brug.core.jobs import job_start\n"
            "ids=[job_start(kind='rehearsal.sleep', title=f'short {i}', params={'seconds': 0.1}).pk"
            " for i in range(40)]\nprint(json.dumps(ids))",
        )
        deadline = time.monotonic() + 120
        summary: dict[str, Any] = {}
        while time.monotonic() < deadline:
            summary = django_eval(
                env,
                "from brug.core.models import Job\n"
                "from django_tasks_db.models import DBTaskResult\n"
                f"jobs=Job.objects.filter(pk__in={queued})\n"
                "first=jobs.order_by('created_at').first().created_at\n"
                "print(json.dumps({'done': jobs.filter(status='succeeded').count(),"
                " 'attempts': sorted(set(jobs.values_list('attempts', flat=True))),"
                " 'pids': sorted({j.result.get('pid') for j in jobs if j.result}),"
                " 'tasks': DBTaskResult.objects.filter(status='SUCCESSFUL',"
                " enqueued_at__gte=first).count()}))",
            )
            if summary["done"] == len(queued):
                break
            time.sleep(0.5)
        once = summary["done"] == len(queued) and summary["attempts"] == [1]
        results["once"] = summary
        print(
            f"2. {len(queued)} jobs on two workers: {summary['done']} done, attempts "
            f"{summary['attempts']}, {summary['tasks']} task runs, by {len(summary['pids'])} "
            f"worker processes -> {'each ran once' if once else 'NOT each once'}"
        )

        long_job = django_eval(
            env,
            "from brug.core.jobs import job_start\n"
            "print(json.dumps(job_start(kind='rehearsal.sleep', title='long',"
            " params={'seconds': 0.5, 'steps': 60}).pk))",
        )
        victim = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and victim is None:
            state = django_eval(
                env,
                "from brug.core.models import Job\n"
                f"j=Job.objects.get(pk={long_job})\n"
                "print(json.dumps([j.status, j.message, j.attempts]))",
            )
            if state[0] == "running" and state[1].startswith("pid "):
                victim = int(state[1].split()[1])
            time.sleep(0.3)
        if victim is None:
            raise SystemExit("the long job never started")
        if victim not in [w.pid for w in workers]:
            raise SystemExit(f"process {victim} is not one of the two workers")
        os.kill(victim, signal.SIGKILL)
        next(w for w in workers if w.pid == victim).wait(timeout=10)
        killed_at = time.monotonic()
        print(f"3. long job {long_job}: its worker process {victim} killed mid-job (SIGKILL)")
        final: list[Any] = []
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            final = django_eval(
                env,
                "from brug.core.models import Job\n"
                f"j=Job.objects.get(pk={long_job})\n"
                "print(json.dumps([j.status, j.attempts, j.result.get('pid')]))",
            )
            if final[0] in ("succeeded", "failed"):
                break
            time.sleep(0.5)
        recovered = final[0] == "succeeded" and final[1] == 2 and final[2] != victim
        results["recovery"] = {"status": final, "seconds": time.monotonic() - killed_at}
        print(
            f"   -> {final[0]} on attempt {final[1]} by process {final[2]}, "
            f"{time.monotonic() - killed_at:.1f} s after the kill "
            f"({'recovered' if recovered else 'NOT recovered'})"
        )
        ok = ratio > 1.2 and once and recovered
    finally:
        for process in processes:
            stop(process)
    print(json.dumps(results, default=str))
    print("Rehearsal " + ("passed" if ok else "did NOT pass") + f"; process logs: {log}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
