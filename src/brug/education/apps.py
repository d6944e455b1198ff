from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "brug.education"
    label = "education"

    def ready(self) -> None:
        # Registers the app's policies, demo step and menu entry.
        from brug.core.i18n import t
        from brug.core.navigation import NavEntry, nav_register
        from brug.education import demo, permissions  # noqa: F401

        nav_register(
            NavEntry(
                url_name="education:rounds",
                label=t("Onderwijsoverleg", "Education consultation"),
                resource="education.consultationround",
                order=42,
            )
        )
        nav_register(
            NavEntry(
                url_name="education:agreements",
                label=t("Onderwijsconvenanten", "Education covenants"),
                resource="education.agreement",
                order=43,
            )
        )
