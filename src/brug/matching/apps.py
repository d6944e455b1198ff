from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "brug.matching"
    label = "matching"

    def ready(self) -> None:
        from brug.core.home import HomePanel, home_panel_register
        from brug.core.i18n import t
        from brug.core.navigation import NavEntry, nav_register
        from brug.matching import demo, jobs, permissions  # noqa: F401  (registers handlers)
        from brug.matching.panels import learner_panel

        nav_register(
            NavEntry(
                url_name="matching:round_list",
                label=t("Matchingsrondes", "Matching rounds"),
                resource="matching.matchinground",
                order=40,
            )
        )
        home_panel_register(
            HomePanel(
                key="matching.learner",
                template="matching/panels/learner.html",
                roles=frozenset({"learner"}),
                context=learner_panel,
                order=40,
            )
        )
