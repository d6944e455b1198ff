from django.apps import AppConfig


class CoreworkConfig(AppConfig):
    name = "brug.corework"
    label = "corework"

    def ready(self) -> None:
        # Registers the app's policy, demo step and menu entry.
        from brug.core.i18n import t
        from brug.core.navigation import NavEntry, nav_register
        from brug.corework import demo, permissions  # noqa: F401

        nav_register(
            NavEntry(
                url_name="corework:records",
                label=t("Kernwerking sectorfonds", "Sector fund core work"),
                resource="corework.trainingrecord",
                order=44,
            )
        )
