"""The background job that computes a round (both modes) with visible progress."""

from __future__ import annotations

from typing import Any

from brug.core.jobs import Progress, job_handler
from brug.core.models import Job
from brug.matching.models import MatchingRound
from brug.matching.services import RUN_JOB, round_compute


@job_handler(RUN_JOB)
def run_round(job: Job, progress: Progress) -> dict[str, Any]:
    rnd = MatchingRound.objects.get(pk=job.params["round"])
    return round_compute(actor=job.created_by, rnd=rnd, progress=progress)
