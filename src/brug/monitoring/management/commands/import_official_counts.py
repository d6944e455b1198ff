"""brug import-official-counts FILE --title --publisher --reference-date [--url] [--note]
[--dry-run]: import one publication's official aggregate counts (all rows or none).

brug import-official-counts --context: load the context figures quoted in the policy documents.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from brug.core.errors import ServiceError
from brug.core.tabular import ImportFailed
from brug.monitoring.context import context_load
from brug.monitoring.services import official_counts_import_as_system


class Command(BaseCommand):
    help = "Import official aggregate counts (enrolment, school leavers) with their source."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path)
        parser.add_argument("--title", default="")
        parser.add_argument("--publisher", default="")
        parser.add_argument("--url", default="")
        parser.add_argument("--note", default="")
        parser.add_argument("--reference-date", type=date.fromisoformat, default=None)
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--context", action="store_true", help="load the context figures")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["context"]:
            self.stdout.write(self.style.SUCCESS(f"Loaded {context_load()} context figures."))
            return
        path: Path | None = options["file"]
        if path is None or not path.is_file():
            raise CommandError("Give a CSV or XLSX file (or --context).")
        try:
            result = official_counts_import_as_system(
                title=options["title"],
                publisher=options["publisher"],
                url=options["url"],
                reference_date=options["reference_date"],
                note=options["note"],
                filename=path.name,
                content=path.read_bytes(),
                dry_run=options["dry_run"],
            )
        except ServiceError as exc:
            raise CommandError(str(exc.text)) from exc
        except ImportFailed as exc:
            raise CommandError(str(exc)) from exc
        verb = "Would import" if options["dry_run"] else "Imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {result.report.created} official counts; {result.signals} phase-out signals."
            )
        )
