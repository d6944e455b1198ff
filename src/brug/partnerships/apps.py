from typing import Any

from django.db.models.signals import post_migrate

from brug.core import registration
from brug.core.i18n import gettext_lazy


def _create_search_table(sender: Any, using: str = "default", **kwargs: Any) -> None:
    # Schema, not business logic: the SQLite FTS5 table also exists when tests skip migrations.
    from django.db import connections

    from brug.partnerships.search import PARTNERSHIP_INDEX

    PARTNERSHIP_INDEX.ensure(connections[using])


class PartnershipsConfig(registration.BrugAppConfig):
    name = "brug.partnerships"
    label = "partnerships"
    verbose_name = gettext_lazy("Partnerships")
    registers = ("demo", "permissions", "backlinks")

    def ready(self) -> None:
        super().ready()
        post_migrate.connect(_create_search_table, sender=self)
