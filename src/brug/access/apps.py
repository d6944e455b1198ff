from brug.core import registration


class AccessConfig(registration.BrugAppConfig):
    name = "brug.access"
    label = "access"
    verbose_name = "Toegang / Access"
    registers = ("permissions", "receivers")
