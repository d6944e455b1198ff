from brug.core import registration


class MatchingConfig(registration.BrugAppConfig):
    name = "brug.matching"
    label = "matching"
    registers = (
        "demo",
        "jobs",
        "permissions",
    )
