from __future__ import annotations

from django.apps import AppConfig

from brug.core.i18n import gettext_lazy


class CoreConfig(AppConfig):
    name = "brug.core"
    label = "core"
    verbose_name = gettext_lazy("Platform")

    def ready(self) -> None:
        from django.contrib import admin

        from brug.core import jobs, permissions  # noqa: F401  (registers policies and the job task)

        # The admin names itself in Brug's words, in the page's language.
        admin.site.site_header = gettext_lazy("Brug administration")
        admin.site.site_title = gettext_lazy("Brug administration")
        admin.site.index_title = gettext_lazy("Manage the platform's records")
