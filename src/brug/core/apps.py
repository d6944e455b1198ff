from __future__ import annotations

from django.apps import AppConfig

from brug.core.i18n import gettext_lazy


class CoreConfig(AppConfig):
    name = "brug.core"
    label = "core"
    verbose_name = gettext_lazy("Platform")

    def ready(self) -> None:
        from django.contrib import admin
        from django.core.signals import request_finished, request_started, setting_changed
        from django.db.backends.signals import connection_created

        from brug.core import api_cache, jobs, permissions  # noqa: F401  (policies, job task)
        from brug.core.middleware import csp_setting_changed

        # Every write bumps the data version of the kept API answers (brug.core.api_cache),
        # through a hook a connection has only while that cache is on.
        connection_created.connect(api_cache.install, dispatch_uid="brug-api-cache-write-hook")
        setting_changed.connect(api_cache.setting_changed, dispatch_uid="brug-api-cache-settings")
        # A request reads the data version once (unless it writes).
        request_started.connect(api_cache.request_started, dispatch_uid="brug-api-data-version")
        request_finished.connect(api_cache.request_finished, dispatch_uid="brug-api-data-version")
        # The content security policy is built once per process from the settings.
        setting_changed.connect(csp_setting_changed, dispatch_uid="brug-csp-settings")

        # The admin names itself in Brug's words, in the page's language.
        admin.site.site_header = gettext_lazy("Brug administration")
        admin.site.site_title = gettext_lazy("Brug administration")
        admin.site.index_title = gettext_lazy("Manage the platform's records")
