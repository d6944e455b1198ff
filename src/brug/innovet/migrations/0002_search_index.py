"""Full-text search structures, per database vendor (see brug/innovet/search.py)."""

from django.db import migrations

GIN = (
    "CREATE INDEX IF NOT EXISTS innovet_offer_search_gin ON innovet_offer "
    "USING gin (to_tsvector('dutch'::regconfig, COALESCE(search_document, '')))"
)
FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS innovet_offer_fts "
    "USING fts5(document, tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GIN)
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(FTS)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS innovet_offer_search_gin")
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS innovet_offer_fts")


class Migration(migrations.Migration):
    dependencies = [("innovet", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
