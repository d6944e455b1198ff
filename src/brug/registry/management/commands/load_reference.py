"""`brug load-reference`: load (or refresh) every reference list of Flanders. Idempotent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from brug.registry.reference import load_reference


class Command(BaseCommand):
    # The system checks import every URL configuration, view and API schema: 30 MB this
    # command does not need (its memory peak is a goal; see bench/registry).
    requires_system_checks: list[str] = []
    help = "Load provinces, municipalities, postal codes, RTC regions, networks, study domains, programmes, qualifications, sectors and sector funds."

    def handle(self, *args: Any, **options: Any) -> None:
        with tqdm(total=10, unit="list", disable=options["verbosity"] == 0) as bar:

            def progress(step: str, done: int, total: int) -> None:
                bar.total = total
                bar.n = done
                bar.set_description_str(step)
                bar.refresh()

            report = load_reference(progress=progress)
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Reference lists loaded."))
