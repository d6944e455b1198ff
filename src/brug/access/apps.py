from brug.core import registration
from brug.core.i18n import gettext_lazy


class AccessConfig(registration.BrugAppConfig):
    name = "brug.access"
    label = "access"
    verbose_name = gettext_lazy("Access")
    registers = ("permissions", "receivers")
