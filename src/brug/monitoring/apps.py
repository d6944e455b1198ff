from brug.core import registration


class MonitoringConfig(registration.BrugAppConfig):
    name = "brug.monitoring"
    label = "monitoring"
    registers = (
        "jobs",
        "permissions",
    )
