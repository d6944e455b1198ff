from django.apps import AppConfig


class WorkplaceConfig(AppConfig):
    name = "brug.workplace"
    label = "workplace"

    def ready(self) -> None:
        from brug.workplace import permissions  # noqa: F401  (registers the app's policies)
