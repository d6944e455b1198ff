"""Remind companies of mentors whose training is due within the year of recognition.

Run daily (cron or a scheduler): `brug mentor_reminders`.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from brug.workplace.services import mentor_training_reminders_send


class Command(BaseCommand):
    help = "Send mentor-training reminders (once per mentor, 60 days before the deadline)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--warn-days", type=int, default=60)

    def handle(self, *args: Any, **options: Any) -> None:
        sent = mentor_training_reminders_send(warn_days=options["warn_days"])
        self.stdout.write(f"{sent} reminder(s) sent")
