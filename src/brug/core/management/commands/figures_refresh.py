from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from brug.core import caching
from brug.core.steps import steps_run


class Command(BaseCommand):
    help = (
        "Compute the figures that most readers ask the same way (the region's key figures, the "
        "shortage radar, the open figures) ahead of them and store them in the shared cache. "
        "Run it more often than BRUG_FIGURES_CACHE_SECONDS (the cron file: every 4 minutes)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if caching.figures_lifetime() <= 0:
            self.stdout.write("BRUG_FIGURES_CACHE_SECONDS is 0: figures are not cached.")
            return
        if not caching.shared():
            self.stderr.write(
                "warning: the cache is local to each process (REDIS_URL is not set): the "
                "figures computed here are not seen by the app servers."
            )
        with caching.refreshing():
            failed = steps_run(
                sorted(caching.warmers().items()), stdout=self.stdout, stderr=self.stderr
            )
        if failed:
            raise CommandError(f"{len(failed)} of the figures failed: {', '.join(failed)}")
