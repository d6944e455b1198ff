from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "brug.monitoring"
    label = "monitoring"

    def ready(self) -> None:
        from brug.monitoring import jobs, metrics, permissions  # noqa: F401  (registrations)
        from brug.monitoring.panels import register_ui

        register_ui()
