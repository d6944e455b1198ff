from brug.core import registration
from brug.core.i18n import gettext_lazy


class AccountsConfig(registration.BrugAppConfig):
    name = "brug.accounts"
    label = "accounts"
    verbose_name = gettext_lazy("People and accounts")
    registers = ("permissions",)
