from brug.core import registration
from brug.core.i18n import gettext_lazy


class RegistryConfig(registration.BrugAppConfig):
    name = "brug.registry"
    label = "registry"
    verbose_name = gettext_lazy("Reference registry")
    registers = (
        "permissions",
        "importers",
    )
