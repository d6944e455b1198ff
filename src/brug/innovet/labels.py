"""Bilingual labels of the codes stored for professional development as it runs (issue 15).

The database keeps codes (checked by constraints); people read these pairs. The eligible years
of the VDAB 10-day scheme are those seed 004 quotes from the RTC websites.
"""

from __future__ import annotations

from brug.core.i18n import Text, t
from brug.innovet.models import (
    TEN_DAY_ELIGIBLE_YEARS,
    CandidateStage,
    HybridSide,
    HybridStatus,
    PlacementStatus,
    TenDayStatus,
    TenDayYear,
)

TEN_DAY_YEARS: dict[str, Text] = {
    TenDayYear.BSO_TSO_3G_2: t(
        "Tweede leerjaar van de derde graad (bso/tso)",
        "Second year of the third grade (vocational/technical)",
    ),
    TenDayYear.BSO_3G_3: t(
        "Derde leerjaar van de derde graad (bso)", "Third year of the third grade (vocational)"
    ),
    TenDayYear.TSO_SE_N_SE: t(
        "Secundair-na-secundair (tso)", "Post-secondary year (technical, Se-n-Se)"
    ),
    TenDayYear.OV3_ABO: t(
        "Opleidingsvorm 3: ABO of integratiefase",
        "Training form 3: work-based phase or integration phase",
    ),
    TenDayYear.OV3_BSO: t(
        "Opleidingsvorm 3: een van de vijf leerjaren (bso)",
        "Training form 3: one of the five years (vocational)",
    ),
    TenDayYear.DBSO: t(
        "Deeltijds beroepssecundair onderwijs of leertijd",
        "Part-time vocational education or apprenticeship",
    ),
    TenDayYear.THIRD_GRADE_1: t(
        "Eerste leerjaar van de derde graad", "First year of the third grade"
    ),
    TenDayYear.GRADE_2: t("Tweede graad", "Second grade"),
    TenDayYear.GRADE_1: t("Eerste graad", "First grade"),
    TenDayYear.ASO: t("Algemeen secundair onderwijs", "General secondary education"),
}

TEN_DAY_STATUS: dict[str, Text] = {
    TenDayStatus.REQUESTED: t("Wacht op VDAB", "Awaiting VDAB"),
    TenDayStatus.APPROVED: t(
        "Goedgekeurd, wegwijssessie gepland", "Approved, introduction planned"
    ),
    TenDayStatus.REFUSED: t("Geweigerd door VDAB", "Refused by VDAB"),
    TenDayStatus.INTRO_DONE: t("Wegwijssessie gevolgd", "Introduction session done"),
    TenDayStatus.RUNNING: t("Lesdagen bezig", "Lesson days under way"),
    TenDayStatus.COMPLETED: t("Afgerond", "Completed"),
    TenDayStatus.CANCELLED: t("Ingetrokken", "Withdrawn"),
}

PLACEMENT_STATUS: dict[str, Text] = {
    PlacementStatus.PROPOSED: t("Voorgesteld aan de onderneming", "Proposed to the company"),
    PlacementStatus.AGREED: t("Afgesproken", "Agreed"),
    PlacementStatus.DECLINED: t("Afgewezen", "Declined"),
    PlacementStatus.COMPLETED: t("Afgerond, attest uitgereikt", "Completed, certificate issued"),
    PlacementStatus.CANCELLED: t("Ingetrokken", "Withdrawn"),
}

HYBRID_SIDE: dict[str, Text] = {
    HybridSide.OFFER: t("Aanbod van een onderneming", "Offered by a company"),
    HybridSide.REQUEST: t("Vraag van een school", "Asked for by a school"),
}

HYBRID_STATUS: dict[str, Text] = {
    HybridStatus.OPEN: t("Open", "Open"),
    HybridStatus.FILLED: t("Ingevuld", "Filled"),
    HybridStatus.WITHDRAWN: t("Ingetrokken", "Withdrawn"),
}

CANDIDATE_STAGE: dict[str, Text] = {
    CandidateStage.INTERESTED: t("Geïnteresseerd", "Interested"),
    CandidateStage.SCREENED: t("Gesprek gehad", "Screened"),
    CandidateStage.AVAILABLE: t("Beschikbaar voor scholen", "Available to schools"),
    CandidateStage.MATCHED: t("Gematcht met een school", "Matched with a school"),
    CandidateStage.WITHDRAWN: t("Afgehaakt", "Withdrawn"),
}


def label(labels: dict[str, Text], code: str) -> Text:
    return labels.get(code) or Text(nl=code, en=code)


def year_choices(eligible_only: bool = False) -> list[tuple[str, Text]]:
    return [
        (code, text)
        for code, text in TEN_DAY_YEARS.items()
        if not eligible_only or code in TEN_DAY_ELIGIBLE_YEARS
    ]
