from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "brug.matching"
    label = "matching"

    def ready(self) -> None:
        from brug.matching import permissions  # noqa: F401  (registers the app's policies)
