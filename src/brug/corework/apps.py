from brug.core import registration


class CoreworkConfig(registration.BrugAppConfig):
    name = "brug.corework"
    label = "corework"
    registers = ("demo", "permissions")
