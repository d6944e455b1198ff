from brug.core import registration
from brug.core.i18n import gettext_lazy


class MatchingConfig(registration.BrugAppConfig):
    name = "brug.matching"
    label = "matching"
    verbose_name = gettext_lazy("Matching")
    registers = (
        "demo",
        "jobs",
        "permissions",
    )
