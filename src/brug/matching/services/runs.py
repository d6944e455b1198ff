"""Running a round: start the job, compute the runs (preview), start publishing."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from brug.accounts.people import RequestUser
from brug.core import policy
from brug.core.audit import audit_record
from brug.core.bulk import insert_rows, with_defaults
from brug.core.errors import ServiceError
from brug.core.i18n import Message, gettext_lazy
from brug.core.jobs import job_start
from brug.core.models import Job, JobStatus
from brug.matching.explain import round_details
from brug.matching.instance import build_round_data
from brug.matching.models import (
    MatchingRound,
    RoundMode,
    RoundRun,
    RoundStatus,
)
from brug.matching.preview import fairness_and_unplaced, stats_dict
from brug.matching.services._common import PUBLISH_JOB, RUN_JOB, Progress, _round_url
from brug.matching.services.rounds import _lock, _require_status
from brug.matching_engine import (
    assigned_indices,
    check_valid,
    find_blocking_pairs,
    run_coverage,
    run_stable,
)


@transaction.atomic
def round_run_start(*, actor: RequestUser, rnd: MatchingRound) -> Job:
    """Queue the computation (both modes) as a background job."""
    policy.require(actor, "run", rnd)
    rnd = _lock(rnd)
    _require_status(rnd, RoundStatus.CLOSED, RoundStatus.COMPUTED)
    if timezone.now() < rnd.intake_deadline:
        raise ServiceError(
            gettext_lazy("Intake outcomes are final only after the intake deadline."),
            code="deadline",
        )
    _require_no_job(rnd)
    job = job_start(
        kind=RUN_JOB,
        title=f"Matchingsronde / matching round: {rnd.name}",
        user=actor,
        params={"round": rnd.pk},
    )
    rnd.last_job = job
    rnd.save(update_fields=["last_job"])
    audit_record(actor=actor, verb="matching.run_requested", obj=rnd, changes={"job": job.pk})
    return job


def _require_no_job(rnd: MatchingRound) -> None:
    """One background job per round at a time (a computation or a publication)."""
    job = rnd.last_job
    if job is not None and job.status in (JobStatus.QUEUED, JobStatus.RUNNING):
        if job.kind == PUBLISH_JOB:
            raise ServiceError(
                gettext_lazy("This round is already being published."),
                code="publishing",
            )
        raise ServiceError(
            gettext_lazy("This round is already being computed."),
            code="running",
        )


def _require_mode(mode: str) -> None:
    if mode not in RoundMode.values:
        raise ServiceError(gettext_lazy("Choose a mode."), code="mode", field="mode")


def _run_of(rnd: MatchingRound, mode: str, *only: str) -> RoundRun:
    """The round's computed preview in `mode` (only the given fields, when named)."""
    runs = RoundRun.objects.filter(round=rnd, mode=mode)
    run = (runs.only(*only) if only else runs).first()
    if run is None:
        raise ServiceError(gettext_lazy("Compute the round first."), code="no_run")
    return run


@transaction.atomic
def round_publish_start(*, actor: RequestUser, rnd: MatchingRound, mode: str) -> Job:
    """Queue the publication of `mode`'s result as a background job: a round of tens of
    thousands of learners takes longer than a web request should. `round_publish` checks
    everything again when the job runs."""
    policy.require(actor, "publish", rnd)
    rnd = _lock(rnd)
    _require_status(rnd, RoundStatus.COMPUTED)
    _require_mode(mode)
    _run_of(rnd, mode, "pk")  # tens of MB of preview need not be read to queue the job
    _require_no_job(rnd)
    job = job_start(
        kind=PUBLISH_JOB,
        title=f"Publicatie / publication: {rnd.name}",
        user=actor,
        params={"round": rnd.pk, "mode": mode},
    )
    rnd.last_job = job
    rnd.save(update_fields=["last_job"])
    audit_record(
        actor=actor,
        verb="matching.publish_requested",
        obj=rnd,
        changes={"job": job.pk, "mode": mode},
    )
    return job


def _scaled(
    progress: Progress | None, base: int, span: int, message: Message
) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        if progress is not None:
            progress(base + span * done // max(total, 1), 100, message)

    return report


def round_compute(
    *, actor: RequestUser | None, rnd: MatchingRound, progress: Progress | None = None
) -> dict[str, Any]:
    """Compute stable and coverage results and store them as the preview (replacing any)."""
    policy.require(actor, "run", rnd)
    _require_status(rnd, RoundStatus.CLOSED, RoundStatus.COMPUTED)
    report = _scaled(progress, 0, 10, gettext_lazy("reading data"))
    report(0, 1)
    with gc_paused():
        runs, summary = _compute_runs(rnd, progress)
    with transaction.atomic():
        locked = _lock(rnd)
        _require_status(locked, RoundStatus.CLOSED, RoundStatus.COMPUTED)
        RoundRun.objects.filter(round=locked).delete()
        _fast_toast()
        _insert_runs(runs)
        locked.status = RoundStatus.COMPUTED
        locked.save(update_fields=["status"])
        audit_record(actor=actor, verb="matching.round_computed", obj=locked, changes=summary)
    if progress is not None:
        progress(100, 100, gettext_lazy("done"))
    return {**summary, "url": _round_url(rnd)}


_RUN_FIELDS = (
    "round",
    "mode",
    "seed",
    "reserve_share",
    "job",
    "assignment",
    "stats",
    "fairness",
    "unplaced",
    "details",
    "blocking_pairs",
)


def _insert_runs(runs: list[RoundRun]) -> None:
    """The previews (tens of MB of JSON) through `core.bulk.insert_rows`: on PostgreSQL one
    COPY with the JSON written by orjson (Django's save encodes it with `json.dumps`, several
    times slower; a multi-row `bulk_create` sends `jsonb[]` arrays in text form, escaping
    every quote); on SQLite one multi-row INSERT as `save` would write it."""
    fields, complete = with_defaults(RoundRun, _RUN_FIELDS)
    insert_rows(
        RoundRun,
        fields,
        [
            complete(
                (
                    run.round_id,
                    run.mode,
                    run.seed,
                    run.reserve_share,
                    run.job_id,
                    run.assignment,
                    run.stats,
                    run.fairness,
                    run.unplaced,
                    run.details,
                    run.blocking_pairs,
                )
            )
            for run in runs
        ],
    )


def _fast_toast() -> None:
    """PostgreSQL: the previews are tens of MB of JSON; compressing them with lz4 instead of
    the default pglz takes a fraction of the time (this transaction only; reads are alike).
    Left as it is where the server was built without lz4."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' "
            "AND 'lz4' = ANY(enumvals)"
        )
        if cursor.fetchone():
            cursor.execute("SET LOCAL default_toast_compression = 'lz4'")


@contextmanager
def gc_paused() -> Iterator[None]:
    """Millions of small lists and tuples: the cyclic GC would only rescan them (no cycles)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _compute_runs(
    rnd: MatchingRound, progress: Progress | None
) -> tuple[list[RoundRun], dict[str, int]]:
    data = build_round_data(rnd)
    instance = data.instance
    share = float(rnd.reserve_share)
    stable = run_stable(instance, progress=_scaled(progress, 10, 30, gettext_lazy("stable")))
    coverage = run_coverage(instance, progress=_scaled(progress, 40, 40, gettext_lazy("coverage")))
    report = _scaled(progress, 80, 15, gettext_lazy("preview"))
    runs = []
    for result in (stable, coverage):
        problems = check_valid(instance, result)
        if problems:  # an engine bug must never reach a preview
            raise RuntimeError(f"engine result invalid: {problems[:3]}")
        assigned = assigned_indices(instance, result)
        fairness, unplaced = fairness_and_unplaced(data, assigned)
        details = round_details(instance, result)
        runs.append(
            RoundRun(
                round=rnd,
                mode=result.mode,
                seed=result.seed,
                reserve_share=share,
                job=rnd.last_job,
                assignment={
                    str(pk): (data.opening_pks[o] if o >= 0 else None)
                    for pk, o in zip(data.learner_pks, assigned, strict=True)
                },
                stats=stats_dict(result.stats),
                fairness=fairness,
                unplaced=unplaced,
                details=details,
                blocking_pairs=len(find_blocking_pairs(instance, result)),
            )
        )
        report(len(runs), 2)
    summary = {
        "stable_placed": stable.stats.placed,
        "coverage_placed": coverage.stats.placed,
        "extra_placed": coverage.stats.placed - stable.stats.placed,
        "coverage_blocking_pairs": runs[1].blocking_pairs,
    }
    return runs, summary
