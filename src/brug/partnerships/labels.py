"""The words a person reads for the register's codes (Dutch first, English second)."""

from __future__ import annotations

from brug.core.i18n import Message, gettext_lazy

KIND_LABELS: dict[str, Message] = {
    "school_company": gettext_lazy("School-company partnership"),
    "rtc_project": gettext_lazy("RTC project"),
    "sector_project": gettext_lazy("Sector project"),
    "learning_network": gettext_lazy("Learning network of teachers and companies"),
    "dual_sectoral": gettext_lazy("Sectoral partnership for dual learning"),
}
SIDE_LABELS: dict[str, Message] = {
    "education": gettext_lazy("Education"),
    "work": gettext_lazy("Work"),
    "broker": gettext_lazy("Broker and support"),
}
