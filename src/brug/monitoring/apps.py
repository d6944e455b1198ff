from brug.core import registration
from brug.core.i18n import gettext_lazy


class MonitoringConfig(registration.BrugAppConfig):
    name = "brug.monitoring"
    label = "monitoring"
    verbose_name = gettext_lazy("Monitoring")
    registers = (
        "jobs",
        "permissions",
        "warm",
    )
