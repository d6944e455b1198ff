"""One mechanism for long work: a `Job` row for progress, a django-tasks task for the work.

An app registers a handler with `@job_handler("kind")`; `job_start` records the job and
enqueues it; any worker host (`brug db_worker`) picks it up. The handler reports progress
through the `Progress` it is given; the browser polls the job's progress fragment and the
command line shows a bar when the same handler runs inline.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from brug.core.models import Job, JobStatus

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
            )


Handler = Callable[[Job, Progress], dict[str, Any]]
_HANDLERS: dict[str, Handler] = {}


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _HANDLERS[kind] = handler
        return handler

    return register


def job_start(
    *, kind: str, title: str, user: Any = None, params: dict[str, Any] | None = None
) -> Job:
    if kind not in _HANDLERS:
        raise LookupError(f"No job handler for {kind!r}")
    job = Job.objects.create(
        kind=kind,
        title=title[:300],
        created_by=user if getattr(user, "is_authenticated", False) else None,
        params=params or {},
    )
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def job_run_inline(job: Job, *, bar: Any | None = None) -> Job:
    """Run a job in this process (command line, tests)."""
    _execute(job, Progress(job, bar=bar, min_interval=1.0))
    job.refresh_from_db()
    return job


@task()
def run_job(job_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    if job.status != JobStatus.QUEUED:
        return  # already run or cancelled: running twice never repeats work
    _execute(job, Progress(job))


def _execute(job: Job, progress: Progress) -> None:
    handler = _HANDLERS[job.kind]
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    job.status = JobStatus.RUNNING
    try:
        result = handler(job, progress)
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
