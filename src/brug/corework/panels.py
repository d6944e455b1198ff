"""What the core-work app adds to the menu."""

from __future__ import annotations

from brug.core.i18n import t
from brug.core.navigation import NavEntry

NAVIGATION = [
    NavEntry(
        url_name="corework:records",
        label=t("Kernwerking sectorfonds", "Sector fund core work"),
        resource="corework.trainingrecord",
        order=44,
        group="covenants",
    ),
]
