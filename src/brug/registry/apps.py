from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "brug.registry"
    label = "registry"
    verbose_name = "Referentieregister / Reference registry"

    def ready(self) -> None:
        from brug.core.i18n import t
        from brug.core.navigation import NavEntry, nav_register
        from brug.registry import importers, permissions  # noqa: F401  (policies, job handler)

        nav_register(
            NavEntry(
                url_name="registry:index",
                label=t("Register", "Registry"),
                resource="registry.municipality",
                order=90,
            )
        )
