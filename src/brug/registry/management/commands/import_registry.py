"""`brug import-registry <list> FILE [--dry-run]`: import a registry list from CSV or XLSX.

Every row or none: on any error it prints every `file:line [field]: message`, writes nothing
and exits with status 1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from brug.core.errors import NotAllowed
from brug.registry.importers import LISTS, import_list
from brug.registry.management.commands._operator import command_user


class Command(BaseCommand):
    help = "Import a registry list (qualifications, programmes, organisations, sites, municipalities) from CSV or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("list", choices=sorted(LISTS))
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        parser.add_argument("--user", help="act as this user (default: the first platform admin)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        user = command_user(options["user"], required=True)
        with tqdm(total=0, unit="row", disable=options["verbosity"] == 0) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.n = done
                bar.refresh()

            try:
                result = import_list(
                    options["list"],
                    user=user,
                    filename=path.name,
                    content=path.read_bytes(),
                    dry_run=options["dry_run"],
                    progress=progress,
                )
            except NotAllowed as exc:
                raise CommandError(f"{user} may not import {options['list']}.") from exc
        if not result["ok"]:
            for e in result["errors"]:
                where = f"{e['file']}:{e['line']}" + (f" [{e['field']}]" if e["field"] else "")
                self.stderr.write(f"{where}: {e['message']['nl']} / {e['message']['en']}")
            raise CommandError(
                f"{len(result['errors'])} error(s); nothing was written.", returncode=1
            )
        label = "dry run, nothing written: " if result["dry_run"] else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{label}{result['rows']} rows: {result['created']} created, "
                f"{result['updated']} updated, {result['unchanged']} unchanged"
            )
        )
