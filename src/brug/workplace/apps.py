from django.apps import AppConfig


class WorkplaceConfig(AppConfig):
    name = "brug.workplace"
    label = "workplace"

    def ready(self) -> None:
        from brug.workplace import demo, metrics, panels, permissions  # noqa: F401

        metrics.register_metrics()
        panels.register()
