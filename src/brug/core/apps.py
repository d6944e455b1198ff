from __future__ import annotations

from django.apps import AppConfig

from brug.core.i18n import gettext_lazy


class CoreConfig(AppConfig):
    name = "brug.core"
    label = "core"
    verbose_name = gettext_lazy("Platform")

    def ready(self) -> None:
        from brug.core import jobs, permissions  # noqa: F401  (registers policies and the job task)
