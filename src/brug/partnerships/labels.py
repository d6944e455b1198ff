"""The words a person reads for the register's codes (Dutch first, English second)."""

from __future__ import annotations

from brug.core.i18n import Text, t

KIND_LABELS: dict[str, Text] = {
    "school_company": t("Samenwerking school en bedrijf", "School-company partnership"),
    "rtc_project": t("RTC-project", "RTC project"),
    "sector_project": t("Sectorproject", "Sector project"),
    "learning_network": t(
        "Lerend netwerk van leerkrachten en bedrijven", "Learning network of teachers and companies"
    ),
    "dual_sectoral": t(
        "Sectoraal partnerschap duaal leren", "Sectoral partnership for dual learning"
    ),
}
SIDE_LABELS: dict[str, Text] = {
    "education": t("Onderwijs", "Education"),
    "work": t("Werk", "Work"),
    "broker": t("Makelaar en ondersteuning", "Broker and support"),
}
