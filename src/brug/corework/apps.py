from brug.core import registration
from brug.core.i18n import gettext_lazy


class CoreworkConfig(registration.BrugAppConfig):
    name = "brug.corework"
    label = "corework"
    verbose_name = gettext_lazy("Core work of sector funds")
    registers = ("demo", "permissions")
