from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "brug.monitoring"
    label = "monitoring"

    def ready(self) -> None:
        from brug.monitoring import permissions  # noqa: F401  (registers the app's policies)
