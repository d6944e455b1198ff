#!/usr/bin/env python3
"""Every migration forward, each Brug app back to zero, forward again, in ONE Python process.

`.ci/migrations` runs this on the database DATABASE_URL points to (it creates a fresh one
first). What it does is what the shell loop did with one `brug` process per step: `migrate`
(with the system checks), `migrate <app> zero` for every Brug app in reverse INSTALLED_APPS order
(which also unapplies whatever depends on the app), `migrate` again (with the checks), then
`makemigrations --check --dry-run`. Django starts once instead of about 15 times per database.

One check more than before: the schema after the second forward run must be the schema after
the first (tables, columns, indexes and constraints as the database reports them), so a reverse
migration that leaves something behind, or drops too much, fails here.

Any error stops it with a non-zero exit status (a failing command raises; `makemigrations
--check` exits 1 when a model change has no migration).
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any


def _step(message: str, started: float) -> None:
    print(f"migrations: {message} ({time.monotonic() - started:.1f} s)", flush=True)


def _schema() -> dict[str, Any]:
    """Every table with its columns and constraints (indexes included), as the database
    reports them through Django's introspection."""
    from django.db import connection

    schema: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            columns = [
                (c.name, c.type_code, c.null_ok, c.default)
                for c in connection.introspection.get_table_description(cursor, table)
            ]
            constraints = connection.introspection.get_constraints(cursor, table)
            # Index and constraint names Django derives from a hash are the same each run;
            # SQLite's auto-indexes of a rebuilt table get fresh names, so compare by content.
            shape = sorted(
                repr(sorted((k, str(v)) for k, v in info.items())) for info in constraints.values()
            )
            schema[table] = {"columns": columns, "constraints": shape}
    return schema


def _diff(first: dict[str, Any], second: dict[str, Any]) -> list[str]:
    lines = [f"only after the first run: table {t}" for t in sorted(set(first) - set(second))]
    lines += [f"only after the second run: table {t}" for t in sorted(set(second) - set(first))]
    for table in sorted(set(first) & set(second)):
        for part in ("columns", "constraints"):
            a, b = first[table][part], second[table][part]
            if a != b:
                lines.append(f"{table} {part}: first run {a!r}")
                lines.append(f"{table} {part}: second run {b!r}")
    return lines


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brug.config.settings")
    import django

    django.setup()
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection

    started = time.monotonic()
    vendor = connection.vendor

    def migrate(*args: str) -> None:
        # A fresh process cached no content types; the tables behind them change here.
        ContentType.objects.clear_cache()
        # call_command skips the system checks unless asked: the first and last runs ask,
        # as `brug migrate` did in every process (the checks do not depend on the database's
        # migration state, so the runs in between would repeat the same checks).
        checks = not args
        call_command("migrate", *args, interactive=False, verbosity=0, skip_checks=not checks)

    _step(f"{vendor}: forward", started)
    migrate()
    first = _schema()
    labels = [c.label for c in apps.get_app_configs() if c.name.startswith("brug.")]
    _step(f"{vendor}: back to zero ({', '.join(reversed(labels))})", started)
    for label in reversed(labels):
        migrate(label, "zero")
    _step(f"{vendor}: forward again", started)
    migrate()
    problems = _diff(first, _schema())
    if problems:
        print(f"migrations on {vendor}: the schema after the second forward run differs:")
        print("\n".join(problems[:40]))
        return 1
    try:
        call_command("makemigrations", check=True, dry_run=True, verbosity=0)
    except SystemExit as exit_:  # `--check` exits 1 when a migration is missing
        if exit_.code:
            print(f"migrations on {vendor}: a model change has no migration (makemigrations)")
            return int(exit_.code) if isinstance(exit_.code, int) else 1
    _step(f"{vendor}: ok", started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
