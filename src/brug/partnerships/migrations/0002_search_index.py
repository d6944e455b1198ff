"""Full-text search structures, per database vendor (core's shared full-text search)."""

from django.db import migrations

from brug.core.fulltext import FullTextIndex

INDEX = FullTextIndex(
    table="partnerships_partnership",
    fts_table="partnerships_partnership_fts",
    gin_index="partnerships_partnership_search_gin",
)


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]
    operations = [INDEX.migration()]
