"""Pure rules of workplace learning: mentor requirements, routing, the recognition state machine,
the default split of a training plan. No writes here; the services apply them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from brug.core.i18n import Message, gettext_lazy
from brug.registry.models import Organisation, OrganisationKind, Programme
from brug.workplace.models import RecognitionStatus as S

MENTOR_MIN_AGE = 25
MENTOR_MIN_AGE_WITH_DEROGATION = 23
MENTOR_MIN_EXPERIENCE_YEARS = 5
MENTOR_TRAINING_WITHIN_DAYS = 365
DUAL_WORKPLACE_SHARE_TARGET = 0.6


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


@dataclass(frozen=True)
class MentorFacts:
    birth_date: date
    experience_years: int
    has_relevant_diploma: bool
    criminal_record_checked_on: date | None
    age_derogation: bool


def mentor_profile_failures(facts: MentorFacts, on: date) -> list[tuple[str, Message]]:
    """What a person lacks to be a mentor at all (age, experience). (code, reason) pairs."""
    failures: list[tuple[str, Message]] = []
    age = age_on(facts.birth_date, on)
    minimum = MENTOR_MIN_AGE_WITH_DEROGATION if facts.age_derogation else MENTOR_MIN_AGE
    if age < minimum:
        failures.append(
            (
                "mentor_too_young",
                gettext_lazy(
                    "A mentor must be at least {min} (23 with a derogation); this person is {age}.",
                    min=minimum,
                    age=age,
                ),
            )
        )
    if facts.experience_years < MENTOR_MIN_EXPERIENCE_YEARS and not facts.has_relevant_diploma:
        failures.append(
            (
                "mentor_no_experience",
                gettext_lazy(
                    "A mentor needs at least 5 years of relevant experience or a relevant diploma."
                ),
            )
        )
    return failures


def mentor_failures(facts: MentorFacts, on: date) -> list[tuple[str, Message]]:
    """Everything a mentor must meet before training a learner (adds the criminal-record check)."""
    failures = mentor_profile_failures(facts, on)
    if facts.criminal_record_checked_on is None:
        failures.append(
            (
                "mentor_no_criminal_record_extract",
                gettext_lazy(
                    "The criminal-record extract (model for work with minors) has not been checked."
                ),
            )
        )
    return failures


# The recognition state machine: transition -> (allowed from, to, matrix action).
TRANSITIONS: dict[str, tuple[frozenset[str], str, str]] = {
    "submit": (frozenset({S.DRAFT}), S.SUBMITTED, "submit"),
    "plan_visit": (frozenset({S.SUBMITTED, S.APPEALED}), S.VISIT_PLANNED, "review"),
    "approve": (frozenset({S.SUBMITTED, S.VISIT_PLANNED, S.APPEALED}), S.APPROVED, "review"),
    "refuse": (frozenset({S.SUBMITTED, S.VISIT_PLANNED, S.APPEALED}), S.REFUSED, "review"),
    "appeal": (frozenset({S.REFUSED}), S.APPEALED, "appeal"),
    "renew": (frozenset({S.APPROVED}), S.APPROVED, "review"),
    "suspend": (frozenset({S.APPROVED}), S.SUSPENDED, "review"),
    "reinstate": (frozenset({S.SUSPENDED}), S.APPROVED, "review"),
    "withdraw": (frozenset({S.APPROVED, S.SUSPENDED}), S.WITHDRAWN, "review"),
}
NEEDS_REASON = frozenset({"refuse", "appeal", "suspend", "withdraw"})


def partnership_for(
    company: Organisation, programme: Programme | None = None
) -> Organisation | None:
    """Who handles a recognition: the sectoral partnership of the programme's responsible
    sector(s) (reference data; one that also serves the company's sector first), else the
    partnership of one of the company's sectors, else the Flemish one."""
    partnerships = Organisation.objects.filter(
        kind=OrganisationKind.PARTNERSHIP, is_flemish_partnership=False
    )
    if programme is not None:
        of_programme = partnerships.filter(sectors__in=programme.sectors.all()).distinct()
        chosen = (
            of_programme.filter(sectors__in=company.sectors.all()).order_by("pk").first()
            or of_programme.order_by("pk").first()
        )
        if chosen is not None:
            return chosen
    sectoral = partnerships.filter(sectors__in=company.sectors.all()).order_by("pk").first()
    if sectoral is not None:
        return sectoral
    return (
        Organisation.objects.filter(kind=OrganisationKind.PARTNERSHIP, is_flemish_partnership=True)
        .order_by("pk")
        .first()
    )


def default_workplace_count(n_competences: int, dual: bool) -> int:
    """How many competences go to the workplace when a programme has no standard trajectory.

    Dual learning aims above 60 % at the workplace; other forms of workplace learning start
    with one third. The guide and the company edit the plan afterwards.
    """
    if n_competences == 0:
        return 0
    if dual:
        return min(n_competences, math.floor(n_competences * DUAL_WORKPLACE_SHARE_TARGET) + 1)
    return math.ceil(n_competences / 3)
