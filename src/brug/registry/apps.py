from brug.core import registration


class RegistryConfig(registration.BrugAppConfig):
    name = "brug.registry"
    label = "registry"
    verbose_name = "Referentieregister / Reference registry"
    registers = (
        "permissions",
        "importers",
    )
