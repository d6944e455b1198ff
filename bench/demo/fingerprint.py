"""Fingerprint of the demo data in the current database: one hash per table.

Run with `brug shell -c` or `python bench/demo/fingerprint.py` (DJANGO_SETTINGS_MODULE set).
Columns that hold the wall-clock time of the run (DateTimeField) are left out, since two runs
never share a `now`, and so are the columns in VARYING; every other column of every row of every Brug table goes in, in pk order.
Two runs of `brug demo-data` with the same scale and seed on the same day must print the
same lines.
"""

from __future__ import annotations

import hashlib
import os
import sys

import django

# Columns that differ between two runs by design: random pseudonyms, password salts, stored
# file names (a second run in the same media folder gets a suffix), and texts that quote the
# time of the run (a round's deadline "until 03/12/2026 11:42") or a pseudonym.
VARYING = {
    "pseudonym",
    "password",
    "file",
    "signer_name",
    "subject",
    "body",
    "body_text",
    "body_html",
}


def fingerprint() -> dict[str, tuple[int, str]]:
    from django.apps import apps
    from django.db import connection, models

    out: dict[str, tuple[int, str]] = {}
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.app_config.name.startswith("brug."):
            continue
        fields = [
            f
            for f in model._meta.concrete_fields
            if not isinstance(f, models.DateTimeField) and f.column not in VARYING
        ]
        quote = connection.ops.quote_name
        cols = ", ".join(quote(f.column) for f in fields)
        table = quote(model._meta.db_table)
        digest = hashlib.sha256()
        n = 0
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {cols} FROM {table} ORDER BY {quote(model._meta.pk.column)}")
            while batch := cursor.fetchmany(5000):
                for row in batch:
                    digest.update(repr(row).encode())
                    n += 1
        out[str(model._meta.db_table)] = (n, digest.hexdigest()[:16])
    return out


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brug.config.settings")
    django.setup()
    for table, (n, h) in sorted(fingerprint().items()):
        if n:
            print(f"{table:<50} {n:>9} {h}")
    sys.exit(0)
