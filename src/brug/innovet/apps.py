from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_search_table(sender: Any, using: str = "default", **kwargs: Any) -> None:
    # Schema, not business logic: the SQLite FTS5 table also exists when tests skip migrations.
    from django.db import connections

    from brug.innovet.search import sqlite_fts_ensure

    sqlite_fts_ensure(connections[using])


class InnovetConfig(AppConfig):
    name = "brug.innovet"
    label = "innovet"

    def ready(self) -> None:
        from brug.innovet import permissions  # noqa: F401  (registers the app's policies)
        from brug.innovet.metrics import register_metrics
        from brug.innovet.panels import register_ui

        register_metrics()
        register_ui()

        post_migrate.connect(_create_search_table, sender=self)
