from django.apps import AppConfig


class CovenantsConfig(AppConfig):
    name = "brug.covenants"
    label = "covenants"

    def ready(self) -> None:
        from brug.covenants import permissions  # noqa: F401  (registers the app's policies)
