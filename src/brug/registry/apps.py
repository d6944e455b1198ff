from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "brug.registry"
    label = "registry"
    verbose_name = "Referentieregister / Reference registry"

    def ready(self) -> None:
        from brug.registry import permissions  # noqa: F401  (registers the app's policies)
