"""`brug mail-send`: retry e-mail whose next attempt is due; `--digest` sends the daily digest.

Run it from a timer (every few minutes; with `--digest` once a day, shortly after midnight).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from brug.core.mail import mail_retry_due
from brug.core.notify import mail_digest_send


class Command(BaseCommand):
    help = "Retry queued e-mail that is due; with --digest also send yesterday's daily digest."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--digest", action="store_true", help="send yesterday's digest")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = mail_retry_due()
        self.stdout.write(f"retried and sent: {sent}")
        if options["digest"]:
            zone = ZoneInfo(settings.TIME_ZONE)
            today = timezone.now().astimezone(zone).date()
            until = datetime.combine(today, time.min, tzinfo=zone)
            digests = mail_digest_send(since=until - timedelta(days=1), until=until)
            self.stdout.write(f"digests queued: {digests}")
