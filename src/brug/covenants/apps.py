from brug.core import registration


class CovenantsConfig(registration.BrugAppConfig):
    name = "brug.covenants"
    label = "covenants"
    registers = (
        "demo",
        "permissions",
        "reports",
    )
    panels_module = "home"
