"""brug demo-data --scale small|flanders|netherlands --seed N

Generates a deterministic, labelled demo data set on top of the real reference registry.
"""

from __future__ import annotations

import importlib
import pkgutil
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from tqdm import tqdm

import brug
from brug.core.demo import SCALES, DemoContext, steps
from brug.registry.models import Municipality, Organisation


def load_demo_modules() -> None:
    for module in pkgutil.iter_modules(brug.__path__):
        if module.ispkg:
            try:
                importlib.import_module(f"brug.{module.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"brug.{module.name}.demo":
                    raise


# A step that ran this long loaded enough rows to refresh the planner's statistics after it.
ANALYZE_AFTER_SECONDS = 5.0


# Rows per index that SQLite's ANALYZE reads (a sample): about a second at `netherlands`
# instead of a pass over every index of a 900 MB file.
SQLITE_ANALYSIS_LIMIT = 2000


def analyse_all() -> None:
    """Give the planner statistics for the whole generated set, on both databases.

    Without them SQLite takes any equality on an index to find 10 rows: the workplace search
    then read every published opening through the `status` index (77,000 at `netherlands`)
    instead of the few sites in the box. Once, after the last step, so that no step's queries
    (and thus no generated row) depend on it."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")


class Command(BaseCommand):
    help = "Generate deterministic demo data (labelled as demo) on top of the reference registry."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when demo data already exists."
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Organisation.objects.filter(is_demo=True).exists():
            self.stdout.write("Demo data already present; nothing to do.")
            return
        if Organisation.objects.filter(is_demo=True).exists():
            self.stderr.write(
                "Demo data already exists. Start from an empty database "
                "(for example `rm var/brug.sqlite3 && brug migrate`) to generate another set."
            )
            raise SystemExit(2)
        if not Municipality.objects.exists():
            call_command("load_reference", verbosity=0)
        load_demo_modules()
        # Demo notifications are stored in the app; nobody should get (or see) their e-mails.
        settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
        # With DEBUG on, Django keeps the text of the last 9,000 queries, each multi-row INSERT
        # with its tens of thousands of values spelled out: gigabytes at `netherlands`.
        settings.DEBUG = False
        scale = SCALES[options["scale"]]
        bar = tqdm(total=0, unit="rows", disable=options["no_progress"], dynamic_ncols=True)

        def progress(step: str, done: int, total: int) -> None:
            bar.set_description_str(step[:40])
            bar.total = total
            bar.n = done
            bar.refresh()

        ctx = DemoContext(scale=scale, seed=options["seed"], progress=progress)
        started = time.monotonic()
        took: dict[str, float] = {}
        for step in steps():
            progress(step.name, 0, 1)  # the step shows at once, before its first figures
            began = time.monotonic()
            with transaction.atomic():
                step.fn(ctx)
            took[step.name] = time.monotonic() - began
            if took[step.name] >= ANALYZE_AFTER_SECONDS and connection.vendor == "postgresql":
                # Bulk loads (COPY) leave the planner's statistics empty until autovacuum gets
                # round to them: the snapshot step then nested-looped over "8" recognitions
                # (really 4,693), 5 s per `open_places` value at `flanders` instead of 30 ms.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
        bar.close()
        analyse_all()
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data '{scale.name}' (seed {ctx.seed}) generated in {seconds:.1f} s:"
            )
        )
        for key in sorted(ctx.counts):
            self.stdout.write(f"  {key:<40} {ctx.counts[key]:>10,}")
        if options["verbosity"] > 1:
            self.stdout.write("Seconds per step:")
            for name, seconds in took.items():
                self.stdout.write(f"  {name:<40} {seconds:>10.1f}")
