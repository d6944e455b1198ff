from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from brug.core import caching


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
        failed = []
        with caching.refreshing():
            for name, warm in sorted(caching.warmers().items()):
                started = time.perf_counter()
                try:
                    warm()
                except Exception as exc:  # report each, go on with the others
                    failed.append(name)
                    self.stderr.write(f"{name}: failed: {exc!r}")
                    continue
                self.stdout.write(f"{name}: {time.perf_counter() - started:.2f} s")
        if failed:
            raise CommandError(f"{len(failed)} of the figures failed: {', '.join(failed)}")
