from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "brug.access"
    label = "access"
    verbose_name = "Toegang / Access"

    def ready(self) -> None:
        from brug.access import permissions, receivers  # noqa: F401
