from __future__ import annotations

from django.apps import AppConfig


class RehearsalConfig(AppConfig):
    name = "rehearsal_app"

    def ready(self) -> None:
        from rehearsal_app import jobs  # noqa: F401  (registers the job kind)
