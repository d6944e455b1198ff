"""What the core-work app adds to the menu."""

from __future__ import annotations

from brug.core.i18n import gettext_lazy
from brug.core.navigation import NavEntry

NAVIGATION = [
    NavEntry(
        url_name="corework:records",
        label=gettext_lazy("Sector fund core work"),
        resource="corework.trainingrecord",
        order=44,
    ),
]
