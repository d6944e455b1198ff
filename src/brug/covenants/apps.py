from brug.core import registration
from brug.core.i18n import gettext_lazy


class CovenantsConfig(registration.BrugAppConfig):
    name = "brug.covenants"
    label = "covenants"
    verbose_name = gettext_lazy("Sector covenants")
    registers = (
        "demo",
        "permissions",
        "reports",
    )
    panels_module = "home"
