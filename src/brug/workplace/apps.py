from brug.core import registration


class WorkplaceConfig(registration.BrugAppConfig):
    name = "brug.workplace"
    label = "workplace"
    registers = (
        "demo",
        "demo_guidance",
        "permissions",
    )
