"""brug innovet-stale-offers [--days 180]

Flags published offers that were not updated for `--days` and tells each provider once; also
refreshes every offer's session summary (next start, free places) so past sessions drop out.
Run it nightly.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from brug.innovet.models import Offer
from brug.innovet.services import STALE_AFTER_DAYS, offers_flag_stale, offers_refresh_summaries

BATCH = 2000


class Command(BaseCommand):
    help = "Flag stale InnoVET offers to their providers and refresh session summaries."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=STALE_AFTER_DAYS)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        ids = list(Offer.objects.order_by("pk").values_list("pk", flat=True))
        with tqdm(total=len(ids), unit="offers", disable=options["no_progress"]) as bar:
            for start in range(0, len(ids), BATCH):
                chunk = ids[start : start + BATCH]
                offers_refresh_summaries(chunk)
                bar.update(len(chunk))
        flagged = offers_flag_stale(days=options["days"])
        self.stdout.write(f"{flagged} offer(s) flagged as stale (>{options['days']} days).")
