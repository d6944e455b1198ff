"""Bilingual labels of the codes stored for professional development as it runs (issue 15).

The database keeps codes (checked by constraints); people read these pairs. The eligible years
of the VDAB 10-day scheme are those seed 004 quotes from the RTC websites.
"""

from __future__ import annotations

from brug.core.i18n import Message, as_message, gettext_lazy, pgettext_lazy
from brug.innovet.models import (
    TEN_DAY_ELIGIBLE_YEARS,
    CandidateStage,
    HybridSide,
    HybridStatus,
    PlacementStatus,
    TenDayStatus,
    TenDayYear,
)

TEN_DAY_YEARS: dict[str, Message] = {
    TenDayYear.BSO_TSO_3G_2: gettext_lazy("Second year of the third grade (vocational/technical)"),
    TenDayYear.BSO_3G_3: gettext_lazy("Third year of the third grade (vocational)"),
    TenDayYear.TSO_SE_N_SE: gettext_lazy("Post-secondary year (technical, Se-n-Se)"),
    TenDayYear.OV3_ABO: gettext_lazy("Training form 3: work-based phase or integration phase"),
    TenDayYear.OV3_BSO: gettext_lazy("Training form 3: one of the five years (vocational)"),
    TenDayYear.DBSO: gettext_lazy("Part-time vocational education or apprenticeship"),
    TenDayYear.THIRD_GRADE_1: gettext_lazy("First year of the third grade"),
    TenDayYear.GRADE_2: gettext_lazy("Second grade"),
    TenDayYear.GRADE_1: gettext_lazy("First grade"),
    TenDayYear.ASO: gettext_lazy("General secondary education"),
}

TEN_DAY_STATUS: dict[str, Message] = {
    TenDayStatus.REQUESTED: gettext_lazy("Awaiting VDAB"),
    TenDayStatus.APPROVED: gettext_lazy("Approved, introduction planned"),
    TenDayStatus.REFUSED: gettext_lazy("Refused by VDAB"),
    TenDayStatus.INTRO_DONE: gettext_lazy("Introduction session done"),
    TenDayStatus.RUNNING: gettext_lazy("Lesson days under way"),
    TenDayStatus.COMPLETED: gettext_lazy("Completed"),
    TenDayStatus.CANCELLED: gettext_lazy("Withdrawn"),
}

PLACEMENT_STATUS: dict[str, Message] = {
    PlacementStatus.PROPOSED: gettext_lazy("Proposed to the company"),
    PlacementStatus.AGREED: gettext_lazy("Agreed"),
    PlacementStatus.DECLINED: gettext_lazy("Declined"),
    PlacementStatus.COMPLETED: gettext_lazy("Completed, certificate issued"),
    PlacementStatus.CANCELLED: gettext_lazy("Withdrawn"),
}

HYBRID_SIDE: dict[str, Message] = {
    HybridSide.OFFER: gettext_lazy("Offered by a company"),
    HybridSide.REQUEST: gettext_lazy("Asked for by a school"),
}

HYBRID_STATUS: dict[str, Message] = {
    HybridStatus.OPEN: gettext_lazy("Open"),
    HybridStatus.FILLED: gettext_lazy("Filled"),
    HybridStatus.WITHDRAWN: gettext_lazy("Withdrawn"),
}

CANDIDATE_STAGE: dict[str, Message] = {
    CandidateStage.INTERESTED: gettext_lazy("Interested"),
    CandidateStage.SCREENED: gettext_lazy("Screened"),
    CandidateStage.AVAILABLE: gettext_lazy("Available to schools"),
    CandidateStage.MATCHED: gettext_lazy("Matched with a school"),
    CandidateStage.WITHDRAWN: pgettext_lazy("Afgehaakt", "Withdrawn"),
}


def label(labels: dict[str, Message], code: str) -> Message:
    return labels.get(code) or as_message(code)


def year_choices(eligible_only: bool = False) -> list[tuple[str, Message]]:
    return [
        (code, text)
        for code, text in TEN_DAY_YEARS.items()
        if not eligible_only or code in TEN_DAY_ELIGIBLE_YEARS
    ]
