from brug.core import registration
from brug.core.i18n import gettext_lazy


class EducationConfig(registration.BrugAppConfig):
    name = "brug.education"
    label = "education"
    verbose_name = gettext_lazy("Education at the covenant table")
    registers = ("demo", "permissions")
