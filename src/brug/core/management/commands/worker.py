"""`brug worker`: django-tasks' database worker plus recovery of jobs whose worker died.

Each worker checks once a minute for running jobs whose heartbeat stopped (a worker host that
was killed or lost power) and starts them again or fails them with a message, so a matching
round is never blocked by a job that nobody runs any more.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from brug.core.jobs import jobs_recover

logger = logging.getLogger(__name__)
RECOVER_EVERY_SECONDS = float(getattr(settings, "BRUG_JOB_RECOVER_SECONDS", 60))


def _recover_forever(stop: threading.Event, every: float) -> None:
    while not stop.wait(every):
        try:
            close_old_connections()
            jobs_recover()
        except Exception:  # a failed check is logged; the next minute tries again
            logger.exception("Job recovery failed")


class Command(DbWorkerCommand):
    help = "Run background jobs (django-tasks database worker) and recover jobs of dead workers."

    def handle(self, *args: Any, **options: Any) -> None:
        jobs_recover()
        stop = threading.Event()
        thread = threading.Thread(
            target=_recover_forever, args=(stop, RECOVER_EVERY_SECONDS), daemon=True
        )
        thread.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
