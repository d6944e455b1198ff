from django.apps import AppConfig


class CovenantsConfig(AppConfig):
    name = "brug.covenants"
    label = "covenants"

    def ready(self) -> None:
        # Registers the app's policies, job handler, demo step, menu entries and home panels.
        from brug.core.i18n import t
        from brug.core.navigation import NavEntry, nav_register
        from brug.covenants import demo, home, permissions, reports  # noqa: F401

        nav_register(
            NavEntry(
                url_name="covenants:list",
                label=t("Sectorconvenanten", "Sector covenants"),
                resource="covenants.covenant",
                order=40,
            )
        )
        nav_register(
            NavEntry(
                url_name="covenants:analysis",
                label=t("Convenanten: analyse", "Covenants: analysis"),
                resource="covenants.action",
                order=41,
            )
        )
