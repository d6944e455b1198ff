from django.apps import AppConfig


class InnovetConfig(AppConfig):
    name = "brug.innovet"
    label = "innovet"

    def ready(self) -> None:
        from brug.innovet import permissions  # noqa: F401  (registers the app's policies)
