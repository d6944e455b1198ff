"""What the registry adds to the main menu (registered by `BrugAppConfig.ready`)."""

from __future__ import annotations

from brug.core.i18n import gettext_lazy
from brug.core.navigation import NavEntry

NAVIGATION = [
    NavEntry(
        url_name="registry:index",
        label=gettext_lazy("Registry"),
        resource="registry.municipality",
        order=90,
    )
]
