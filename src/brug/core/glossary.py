"""Plain-words hints for the domain terms a person may not know (leerwerkplek, mentor, duaal,
finaliteit, studiedomein, erkenning, addendum, indicator, VTE, capaciteit, ...), written once.

A form names the term of a field in `AccessibleForm.hints` (`{"capacity": "capacity"}`); the
shared field template shows the hint under the label and links it to the field with
`aria-describedby`. The wording follows the project glossary (docs/glossary in the shared
docs): English msgid, Dutch in the catalogue.
"""

from __future__ import annotations

from brug.core.i18n import Message, gettext_lazy

TERM_HINTS: dict[str, Message] = {
    "workplace": gettext_lazy(
        "A learning workplace: a company site recognised to train learners for one programme."
    ),
    "mentor": gettext_lazy("The person at the workplace who trains the learner."),
    "placement_kind": gettext_lazy(
        "Workplace learning, internship or dual learning. Dual learning is the most intensive: "
        "the learner learns mostly at the workplace, under an agreement."
    ),
    "places": gettext_lazy("How many learners this workplace takes for this period."),
    "capacity": gettext_lazy("How many people can take part at most."),
    "grade": gettext_lazy("The 1st, 2nd or 3rd grade of secondary education."),
    "finality": gettext_lazy(
        "Labour market (A), double (D/A) or transition to higher education (D)."
    ),
    "study_domain": gettext_lazy(
        "A group of related programmes, such as STEM or Food and hospitality."
    ),
    "qualification": gettext_lazy(
        "A professional qualification from the Flemish qualification structure."
    ),
    "curriculum_link": gettext_lazy(
        "The curriculum goals or competences this helps to reach, in your own words."
    ),
    "vendor_neutral": gettext_lazy("Not tied to one brand or supplier."),
    "ready": gettext_lazy(
        "The class council's advice (not binding): is the learner ready to learn at a workplace?"
    ),
    "willing": gettext_lazy(
        "The class council's advice (not binding): does the learner want to learn at a workplace?"
    ),
    "start_up_phase": gettext_lazy(
        "A preparation phase for a learner who is not yet ready to learn at a workplace."
    ),
    "intake": gettext_lazy("The interview between the learner and the workplace, and its outcome."),
    "covenant": gettext_lazy(
        "The two-year agreement between the Flemish government and one sector."
    ),
    "generation": gettext_lazy("The period a set of covenants runs, such as 2025-2026."),
    "addendum": gettext_lazy(
        "An extra agreement attached to the covenant, such as non-discrimination or dual learning."
    ),
    "commitment_kind": gettext_lazy(
        "Effort: the sector does its best. Result: the sector promises a figure; part of the "
        "funding depends on result commitments."
    ),
    "indicator": gettext_lazy(
        "How progress is measured. A computed indicator is counted from the work recorded in "
        "Brug, so no one reports it twice."
    ),
    "fte": gettext_lazy("Full-time equivalents: 1 FTE is one person working full time."),
    "baseline": gettext_lazy(
        "The baseline measurement comes first; later measurements show what changed."
    ),
    "correspondence_test": gettext_lazy(
        "A correspondence test sends comparable applications that differ in one trait only."
    ),
    "ten_day_scheme": gettext_lazy(
        "VDAB's 10-day scheme: up to 10 days of practical lessons for a class in a VDAB centre."
    ),
    "round_scope": gettext_lazy(
        "A school round matches the learners of one school; a sector round the openings of one "
        "sector; a region round those of one province."
    ),
    "preference_deadline": gettext_lazy("Until then, learners rank the openings they want."),
    "scopes": gettext_lazy("What a program using this token may read or do; choose no more."),
}


def term_hint(term: str) -> Message:
    """The hint of a glossary term (a KeyError names a term that has none yet)."""
    return TERM_HINTS[term]
