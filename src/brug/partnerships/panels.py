"""What the partnership register adds to the menu."""

from __future__ import annotations

from brug.core.i18n import gettext_lazy
from brug.core.navigation import NavEntry

NAVIGATION = [
    NavEntry(
        url_name="partnerships:register",
        label=gettext_lazy("Partnerships"),
        resource="partnerships.partnership",
        order=72,
        group="teachers",
    ),
]
