from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "brug.core"
    label = "core"
    verbose_name = "Brug core"

    def ready(self) -> None:
        from brug.core import jobs, permissions  # noqa: F401  (registers policies and the job task)
