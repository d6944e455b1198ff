from brug.core import registration
from brug.core.i18n import gettext_lazy


class WorkplaceConfig(registration.BrugAppConfig):
    name = "brug.workplace"
    label = "workplace"
    verbose_name = gettext_lazy("Learning workplaces")
    registers = (
        "demo",
        "demo_guidance",
        "permissions",
    )
