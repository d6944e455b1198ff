"""`brug export-registry <list> FILE.csv|FILE.xlsx`: export what the user may export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from brug.registry.importers import LISTS, export_list
from brug.registry.management.commands._operator import command_user


class Command(BaseCommand):
    help = "Export a registry list to CSV or XLSX (same columns as the import)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("list", choices=sorted(LISTS))
        parser.add_argument("file")
        parser.add_argument(
            "--user", help="export as this user (default: the first platform admin, else public)"
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _ in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE[:2],
            help="language of the column headers (default: the platform's first language)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if path.suffix.lower() not in {".csv", ".xlsx"}:
            raise CommandError("FILE must end in .csv or .xlsx")
        user = command_user(options["user"], required=False)
        with translation.override(options["language"]):
            path.write_bytes(export_list(options["list"], user, path.name))
        self.stdout.write(self.style.SUCCESS(f"Wrote {path}"))
