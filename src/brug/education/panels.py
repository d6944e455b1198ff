"""What the education app adds to the menu."""

from __future__ import annotations

from brug.core.i18n import gettext_lazy
from brug.core.navigation import NavEntry

NAVIGATION = [
    NavEntry(
        url_name="education:rounds",
        label=gettext_lazy("Education consultation"),
        resource="education.consultationround",
        order=42,
    ),
    NavEntry(
        url_name="education:agreements",
        label=gettext_lazy("Education covenants"),
        resource="education.agreement",
        order=43,
    ),
]
