"""What an operator relies on: probes, request ids and JSON logs, job recovery, pruning, daily work."""

from __future__ import annotations

import io
import json
import logging
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from brug.core import health
from brug.core.jobs import (
    Progress,
    job_handler,
    job_run_inline,
    job_start,
    jobs_prune,
    jobs_recover,
    run_job,
)
from brug.core.models import Job, JobStatus
from brug.core.observability import JsonFormatter, bound, current_request_id, sentry_init

SEEN: dict[str, Any] = {}


@job_handler("test.ops.context", retries=1)
def _remember_context(job: Job, progress: Progress) -> dict[str, Any]:
    SEEN["request_id"] = current_request_id()
    logging.getLogger("brug.test").info("inside the job")
    return {}


@job_handler("test.ops.once")
def _once(job: Job, progress: Progress) -> dict[str, Any]:
    return {}


PRODUCTION_LIKE = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_REDIRECT_EXEMPT": [r"^healthz/?$", r"^readyz/?$"],
    "ALLOWED_HOSTS": ["brug.example.org"],
}


@pytest.mark.django_db
@override_settings(**PRODUCTION_LIKE)
def test_probes_answer_plain_http_by_ip_address_while_other_pages_stay_protected(client) -> None:  # type: ignore[no-untyped-def]
    for path in ("/healthz", "/readyz"):
        response = client.get(path, HTTP_HOST="10.1.2.3:8000")
        assert response.status_code == 200, path
        assert response.json()["status"] == "ok"
        assert response["Cache-Control"] == "no-store"
    assert client.get("/readyz", HTTP_HOST="10.1.2.3").json()["checks"] == {
        "database": "ok",
        "cache": "ok",
        "queue": "ok",
    }
    # Everything else still gets host validation and the HTTPS redirect.
    assert client.get("/", HTTP_HOST="10.1.2.3").status_code == 400
    assert client.get("/", HTTP_HOST="brug.example.org").status_code == 301


@pytest.mark.django_db
def test_readiness_fails_with_503_when_a_dependency_fails(client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken() -> str:
        raise ConnectionError("redis is down")

    monkeypatch.setitem(health.CHECKS, "cache", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "failing", "queue": "ok"}
    assert client.get("/healthz").status_code == 200  # alive, just not ready


@pytest.mark.django_db
def test_readiness_fails_when_a_running_job_has_lost_its_worker_for_an_hour(client) -> None:  # type: ignore[no-untyped-def]
    Job.objects.create(
        kind="test.ops.once",
        title="orphan",
        status=JobStatus.RUNNING,
        heartbeat_at=timezone.now() - timedelta(hours=2),
    )
    assert client.get("/readyz").json()["checks"]["queue"] == "failing"


@pytest.mark.django_db
def test_request_id_is_echoed_when_plausible_and_made_otherwise(client) -> None:  # type: ignore[no-untyped-def]
    offered = client.get("/", HTTP_X_REQUEST_ID="lb-0123456789abcdef")
    assert offered["X-Request-ID"] == "lb-0123456789abcdef"
    for bad in ("<script>", "x" * 65, "a b c d e f g h"):
        made = client.get("/", HTTP_X_REQUEST_ID=bad)["X-Request-ID"]
        assert made != bad and len(made) == 32
    assert client.get("/")["X-Request-ID"] != client.get("/")["X-Request-ID"]


def test_json_log_lines_carry_request_and_job_id() -> None:
    formatter = JsonFormatter()
    logger = logging.getLogger("brug.test.json")
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep()
    logger.addHandler(handler)
    try:
        with bound(request_id="req-12345678", job_id=42):
            logger.warning("placed %s learners", 3, extra={"round": 7})
        logger.warning("outside")
    finally:
        logger.removeHandler(handler)
    inside, outside = (json.loads(formatter.format(r)) for r in records)
    assert inside["message"] == "placed 3 learners"
    assert (inside["request_id"], inside["job_id"], inside["round"]) == ("req-12345678", 42, 7)
    assert inside["level"] == "WARNING" and inside["time"].endswith("+00:00")
    assert "request_id" not in outside and "job_id" not in outside


@pytest.mark.django_db(transaction=True)
def test_a_job_carries_the_request_id_of_the_request_that_started_it() -> None:
    SEEN.clear()
    with bound(request_id="req-abcdefgh"):
        job = job_start(kind="test.ops.context", title="context")
    job.refresh_from_db()
    assert job.request_id == "req-abcdefgh"
    assert job.status == JobStatus.SUCCEEDED
    assert SEEN["request_id"] == "req-abcdefgh"
    assert job.attempts == 1 and job.heartbeat_at is not None


def _running(kind: str, *, heartbeat_age: timedelta, attempts: int = 1) -> Job:
    return Job.objects.create(
        kind=kind,
        title=kind,
        status=JobStatus.RUNNING,
        started_at=timezone.now() - heartbeat_age,
        heartbeat_at=timezone.now() - heartbeat_age,
        attempts=attempts,
    )


@pytest.mark.django_db(transaction=True)
def test_a_job_whose_worker_died_is_retried_once_when_its_kind_allows_it() -> None:
    SEEN.clear()
    job = _running("test.ops.context", heartbeat_age=timedelta(minutes=10))
    result = jobs_recover()
    assert result.retried == [job.pk] and result.failed == []
    job.refresh_from_db()
    # The immediate backend ran the retry on commit: it is done, on its second attempt.
    assert (job.status, job.attempts) == (JobStatus.SUCCEEDED, 2)


@pytest.mark.django_db
def test_a_job_whose_worker_died_fails_with_a_message_when_it_may_not_be_retried() -> None:
    once = _running("test.ops.once", heartbeat_age=timedelta(minutes=10))
    exhausted = _running("test.ops.context", heartbeat_age=timedelta(minutes=10), attempts=2)
    alive = _running("test.ops.once", heartbeat_age=timedelta(seconds=20))
    result = jobs_recover()
    assert sorted(result.failed) == sorted([once.pk, exhausted.pk]) and result.retried == []
    for job in (once, exhausted):
        job.refresh_from_db()
        assert job.status == JobStatus.FAILED and job.finished_at is not None
        assert "onderbroken" in job.error and "interrupted" in job.error
    alive.refresh_from_db()
    assert alive.status == JobStatus.RUNNING
    assert jobs_recover().failed == []  # recovering again changes nothing


@pytest.mark.django_db
def test_a_job_is_claimed_once() -> None:
    job = Job.objects.create(kind="test.ops.once", title="once")
    assert job_run_inline(job).status == JobStatus.SUCCEEDED
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, result={"marker": 1})
    run_job.call(job.pk)  # a running job handed out again: untouched
    run_job.call(10**9)  # a job that no longer exists: nothing happens
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and job.result == {"marker": 1} and job.attempts == 1


@pytest.mark.django_db
def test_prune_deletes_only_old_finished_jobs() -> None:
    old = timezone.now() - timedelta(days=40)
    done = Job.objects.create(kind="x", title="old", status=JobStatus.SUCCEEDED, finished_at=old)
    recent = Job.objects.create(
        kind="x", title="new", status=JobStatus.FAILED, finished_at=timezone.now()
    )
    running = Job.objects.create(kind="x", title="run", status=JobStatus.RUNNING, started_at=old)
    assert jobs_prune(older_than=timedelta(days=30))["jobs"] == 1
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, running.pk}
    assert not Job.objects.filter(pk=done.pk).exists()


@pytest.mark.django_db
def test_daily_runs_every_configured_command_and_reports_failures() -> None:
    out = io.StringIO()
    call_command("daily", "--list", stdout=out)
    listed = out.getvalue().splitlines()
    assert "brug snapshot-metrics --no-progress" in listed
    assert any(line.startswith("brug jobs-prune --days") for line in listed)
    with override_settings(BRUG_DAILY_COMMANDS=[("jobs_prune", ["--days", "30"])]):
        out = io.StringIO()
        call_command("daily", stdout=out)
        assert "Pruned 0 finished jobs" in out.getvalue()
    with override_settings(
        BRUG_DAILY_COMMANDS=[("jobs_prune", ["--days", "0"]), ("jobs_recover", [])]
    ):
        out, err = io.StringIO(), io.StringIO()
        with pytest.raises(Exception, match="jobs-prune --days 0"):
            call_command("daily", stdout=out, stderr=err)
        assert "Recovered jobs" in out.getvalue()  # the next command still ran


def test_error_reporting_is_off_unless_configured() -> None:
    assert sentry_init(dsn="", environment="test", release="") is False
    import sentry_sdk

    try:
        assert sentry_init(dsn="http://key@127.0.0.1:9/1", environment="test", release="t") is True
        client = sentry_sdk.get_client()
        assert client.is_active()
        assert client.options["send_default_pii"] is False
        assert client.options["max_request_body_size"] == "never"
    finally:
        sentry_sdk.get_client().close(timeout=0)
        sentry_sdk.init()  # back to no client


def test_the_installed_cron_file_names_only_commands_that_exist() -> None:
    import re
    from pathlib import Path

    from django.core.management import get_commands

    cron = Path(__file__).resolve().parents[4] / "deploy" / "brug.cron"
    named = re.findall(r"&& brug ([a-z-]+)", cron.read_text())
    assert {"daily", "jobs-recover"} <= set(named)
    assert all(name.replace("-", "_") in get_commands() for name in named)
