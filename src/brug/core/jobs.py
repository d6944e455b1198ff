"""One mechanism for long work: a `Job` row for progress, a django-tasks task for the work.

An app registers a handler with `@job_handler("kind")`; `job_start` records the job and
enqueues it; any worker host (`brug db_worker`) picks it up. The handler reports progress
through the `Progress` it is given; the browser polls the job's progress fragment and the
command line shows a bar when the same handler runs inline.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from brug.core.i18n import gettext_lazy
from brug.core.models import Job, JobStatus
from brug.core.observability import bound, current_request_id
from brug.core.users import RequestUser

logger = logging.getLogger(__name__)


class Progress:
    """Reports progress; writes to the database at most a few times a second."""

    def __init__(self, job: Job, *, bar: Any | None = None, min_interval: float = 0.3) -> None:
        self.job = job
        self.bar = bar
        self.min_interval = min_interval
        self._last_write = 0.0

    def __call__(self, done: int, total: int | None = None, message: str | None = None) -> None:
        if total is not None:
            self.job.progress_total = max(total, 0)
        self.job.progress_done = min(max(done, 0), self.job.progress_total or done)
        if message is not None:
            self.job.message = message[:500]
        if self.bar is not None:
            if total is not None:
                self.bar.total = total
            self.bar.n = self.job.progress_done
            if message:
                self.bar.set_description_str(message[:60])
            self.bar.refresh()
        now = time.monotonic()
        finished = self.job.progress_total and self.job.progress_done >= self.job.progress_total
        if finished or now - self._last_write >= self.min_interval:
            self._last_write = now
            Job.objects.filter(pk=self.job.pk).update(
                progress_done=self.job.progress_done,
                progress_total=self.job.progress_total,
                message=self.job.message,
                heartbeat_at=timezone.now(),
            )


Handler = Callable[[Job, Progress], dict[str, Any]]


@dataclass(frozen=True)
class HandlerSpec:
    handler: Handler
    # How often a job of this kind is started again when its worker died under it. Only kinds
    # whose work is one transaction or replaces its own earlier result may say more than 0.
    retries: int = 0


_HANDLERS: dict[str, HandlerSpec] = {}

HEARTBEAT_SECONDS = float(getattr(settings, "BRUG_JOB_HEARTBEAT_SECONDS", 15))
# A running job whose heartbeat is older than this is taken to have lost its worker.
STALE_AFTER = timedelta(seconds=float(getattr(settings, "BRUG_JOB_STALE_SECONDS", 120)))

INTERRUPTED = gettext_lazy(
    "The work was interrupted: the server running it stopped. Please start it again."
)


def job_handler(kind: str, *, retries: int = 0) -> Callable[[Handler], Handler]:
    if not 0 <= retries <= 3:
        raise ValueError("retries must be 0 to 3")

    def register(handler: Handler) -> Handler:
        _HANDLERS[kind] = HandlerSpec(handler=handler, retries=retries)
        return handler

    return register


def job_start(
    *, kind: str, title: str, user: RequestUser | None = None, params: dict[str, Any] | None = None
) -> Job:
    if kind not in _HANDLERS:
        raise LookupError(f"No job handler for {kind!r}")
    job = Job.objects.create(
        kind=kind,
        title=title[:300],
        # By id: core types the person with Django's base classes, not the accounts model.
        created_by_id=user.pk if user is not None and user.is_authenticated else None,
        params=params or {},
        request_id=current_request_id(),
    )
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def job_run_inline(job: Job, *, bar: Any | None = None) -> Job:
    """Run a job in this process (command line, tests)."""
    if _claim(job):
        _execute(job, Progress(job, bar=bar, min_interval=1.0))
    job.refresh_from_db()
    return job


@task()
def run_job(job_id: int) -> None:
    job = Job.objects.filter(pk=job_id).first()
    if job is None or not _claim(job):
        return  # gone, already run, running elsewhere or cancelled: never repeats work
    _execute(job, Progress(job))


def _claim(job: Job) -> bool:
    """Queued -> running in one conditional UPDATE: of two workers handed the same job, one wins."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1
    )
    if claimed:
        job.status = JobStatus.RUNNING
        job.started_at = job.heartbeat_at = now
    return bool(claimed)


class _Heartbeat:
    """A daemon thread that stamps the job while its handler runs; it dies with the worker."""

    def __init__(self, job_id: int, interval: float) -> None:
        self.job_id = job_id
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"job-{job_id}-heartbeat", daemon=True
        )

    def __enter__(self) -> _Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=self.interval + 5)

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
        finally:
            connection.close()  # this thread's own connection


def _execute(job: Job, progress: Progress) -> None:
    spec = _HANDLERS[job.kind]
    with bound(request_id=job.request_id or None, job_id=job.pk):
        logger.info("Job %s (%s) started, attempt %s", job.pk, job.kind, job.attempts or 1)
        try:
            with _Heartbeat(job.pk, HEARTBEAT_SECONDS):
                result = spec.handler(job, progress)
        except Exception as exc:
            logger.exception("Job %s (%s) failed", job.pk, job.kind)
            text = getattr(exc, "text", None)
            Job.objects.filter(pk=job.pk).update(
                status=JobStatus.FAILED,
                finished_at=timezone.now(),
                error=(str(text) if text is not None else f"{type(exc).__name__}: {exc}")[:5000],
            )
            return
        fields: dict[str, Any] = {
            "status": JobStatus.SUCCEEDED,
            "finished_at": timezone.now(),
            "result": result or {},
        }
        if job.progress_total:
            fields["progress_done"] = job.progress_total
        if isinstance(result, dict) and result.get("url"):
            fields["result_url"] = str(result["url"])[:300]
        Job.objects.filter(pk=job.pk).update(**fields)
        logger.info("Job %s (%s) succeeded", job.pk, job.kind)


@dataclass(frozen=True)
class Recovery:
    retried: list[int]
    failed: list[int]


def jobs_recover(*, stale_after: timedelta = STALE_AFTER) -> Recovery:
    """Jobs whose worker died: started again when their kind allows it, else failed with a message.

    A job counts as dead when it is running and its heartbeat (or, before the first one, its
    start) is older than `stale_after`. Runs in every worker every minute and as
    `brug jobs-recover`; two of them at once recover each job once (conditional updates).
    """
    cutoff = timezone.now() - stale_after
    stale = Job.objects.filter(status=JobStatus.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    )
    retried: list[int] = []
    failed: list[int] = []
    for job in stale.only("pk", "kind", "attempts", "heartbeat_at"):
        spec = _HANDLERS.get(job.kind)
        retries = spec.retries if spec is not None else 0
        same = Job.objects.filter(
            pk=job.pk, status=JobStatus.RUNNING, heartbeat_at=job.heartbeat_at
        )
        if job.attempts <= retries:
            with transaction.atomic():
                if same.update(
                    status=JobStatus.QUEUED, message=str(INTERRUPTED.resolve("nl"))[:500]
                ):
                    transaction.on_commit(partial(run_job.enqueue, job.pk))
                    retried.append(job.pk)
        elif same.update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            error=f"{INTERRUPTED.nl}\n{INTERRUPTED.en}",
        ):
            failed.append(job.pk)
    for pk in retried:
        logger.warning("Job %s lost its worker; started again", pk)
    for pk in failed:
        logger.error("Job %s lost its worker; marked failed", pk)
    return Recovery(retried=retried, failed=failed)


def jobs_prune(*, older_than: timedelta) -> dict[str, int]:
    """Delete finished jobs and finished task rows older than `older_than` (not running ones)."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - older_than
    finished = [JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED]
    jobs, _ = Job.objects.filter(status__in=finished, finished_at__lt=cutoff).delete()
    tasks, _ = DBTaskResult.objects.filter(
        status__in=["SUCCESSFUL", "FAILED"], finished_at__lt=cutoff
    ).delete()
    return {"jobs": jobs, "tasks": tasks}
