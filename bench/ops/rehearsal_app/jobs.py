from __future__ import annotations

import os
import time
from typing import Any

from brug.core.jobs import Progress, job_handler
from brug.core.models import Job


@job_handler("rehearsal.sleep", retries=1)
def sleep(job: Job, progress: Progress) -> dict[str, Any]:
    steps = int(job.params.get("steps", 1))
    for step in range(steps):
        progress(step, steps, f"pid {os.getpid()}")
        time.sleep(float(job.params.get("seconds", 0.1)))
    return {"pid": os.getpid()}
