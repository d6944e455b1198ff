"""`brug saved_searches_run`: alert the owners of saved searches about what is new.

Part of `brug daily` (before the daily digest is sent). Publishing services also alert at once;
an event already announced is never announced twice (`Notification.event_key`).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from brug.core.alerts import kinds, saved_searches_alert


class Command(BaseCommand):
    help = "Check every saved search for what is new since its last run and notify its owner."

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for kind in kinds():
            sent = saved_searches_alert(kind=kind.key)
            total += sent
            self.stdout.write(f"{kind.key}: {sent}")
        self.stdout.write(f"notifications: {total}")
