from brug.core import registration


class AccountsConfig(registration.BrugAppConfig):
    name = "brug.accounts"
    label = "accounts"
    verbose_name = "Accounts"
    registers = ("permissions",)
