"""The background jobs of a round: computing it (both modes) and publishing it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from brug.core.jobs import Progress, job_handler
from brug.core.models import Job
from brug.matching.models import MatchingRound
from brug.matching.services import PUBLISH_JOB, RUN_JOB, round_compute, round_publish


@job_handler(RUN_JOB, retries=1)
def run_round(job: Job, progress: Progress) -> dict[str, Any]:
    rnd = MatchingRound.objects.get(pk=job.params["round"])
    return round_compute(actor=job.created_by, rnd=rnd, progress=progress)


@job_handler(PUBLISH_JOB)
def publish_round(job: Job, progress: Progress) -> dict[str, Any]:
    rnd = MatchingRound.objects.get(pk=job.params["round"])
    summary = round_publish(
        actor=job.created_by, rnd=rnd, mode=job.params["mode"], progress=progress
    )
    return {**summary, "url": reverse("matching:round_detail", args=[rnd.pk])}
