from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "brug.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from brug.accounts import panels, permissions  # noqa: F401  (registers the app's policies)

        panels.register()
