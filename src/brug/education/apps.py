from brug.core import registration


class EducationConfig(registration.BrugAppConfig):
    name = "brug.education"
    label = "education"
    registers = ("demo", "permissions")
