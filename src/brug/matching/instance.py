"""Builds the engine's `Instance` for a round straight from the database.

Only `values_list` queries (no model objects per row), so a round of tens of thousands of
learners is read in a few queries. Ids in the instance are the database pks as strings.

Priorities (documented in docs/matching-rounds.md): an opening with intake outcomes lists,
among the learners who ranked it, first those accepted at intake, then those without an
outcome; declined learners are not acceptable; ties follow the round's seeded lottery (the
engine's own lottery, so positions and lottery numbers agree). An opening without any
outcome gets no list: the lottery orders everyone. An opening without a free place or
without an eligible active mentor (the workplace mentor rules) gets capacity 0.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F
from django.utils import timezone

from brug.matching.models import MatchingRound, RoundLearner, RoundOpening, RoundPreference
from brug.matching_engine import Instance, LearnerSpec, OpeningSpec, lottery_numbers
from brug.workplace import rules
from brug.workplace.models import Application, ApplicationStatus, Mentor, Recognition


@dataclass
class LearnerFacts:
    """What the preview groups by, aligned with `RoundData.learner_pks`."""

    support_need: list[bool] = field(default_factory=list)
    programme: list[int] = field(default_factory=list)
    province: list[int | None] = field(default_factory=list)
    network: list[int | None] = field(default_factory=list)


@dataclass
class RoundData:
    instance: Instance
    learner_pks: list[int]
    opening_pks: list[int]
    facts: LearnerFacts
    free_places: dict[int, int]  # opening pk -> capacity - filled (at build time)
    mentors: dict[int, int]  # opening pk -> mentor pk used at publication
    lottery: dict[int, int]  # learner pk -> lottery number


def _eligible_mentors(rnd: MatchingRound) -> dict[int, int]:
    """Active mentors of the round's companies who meet the mentor rules today: pk -> company.

    The same rules the workplace app checks again when it creates the placements."""
    today = timezone.localdate()
    eligible: dict[int, int] = {}
    for pk, company_pk, born, years, diploma, checked, derogation in (
        Mentor.objects.filter(is_active=True, company__openings__round_links__round=rnd)
        .order_by("pk")
        .values_list(
            "pk",
            "company_id",
            "birth_date",
            "experience_years",
            "has_relevant_diploma",
            "criminal_record_checked_on",
            "age_derogation",
        )
        .distinct()
    ):
        facts = rules.MentorFacts(born, years, diploma, checked, derogation)
        if pk not in eligible and not rules.mentor_failures(facts, today):
            eligible[pk] = company_pk
    return eligible


def opening_mentors(rnd: MatchingRound) -> dict[int, int]:
    """Per opening: its workplace's first eligible mentor, else its company's first one."""
    eligible = _eligible_mentors(rnd)
    company_of = dict(
        RoundOpening.objects.filter(round=rnd).values_list("opening_id", "opening__company_id")
    )
    chosen: dict[int, int] = {}
    workplace_mentors = (
        Recognition.mentors.through.objects.filter(
            recognition__openings__round_links__round=rnd, mentor__is_active=True
        )
        .order_by("mentor_id")
        .values_list("recognition__openings__id", "mentor_id")
    )
    for opening_pk, mentor_pk in workplace_mentors:
        if eligible.get(mentor_pk) == company_of.get(opening_pk):
            chosen.setdefault(opening_pk, mentor_pk)
    by_company: dict[int, int] = {}
    for mentor_pk, company_pk in eligible.items():
        by_company.setdefault(company_pk, mentor_pk)
    for opening_pk, company_pk in company_of.items():
        if opening_pk not in chosen and company_pk in by_company:
            chosen[opening_pk] = by_company[company_pk]
    return chosen


def build_round_data(rnd: MatchingRound) -> RoundData:
    facts = LearnerFacts()
    learner_pks: list[int] = []
    rows = (
        RoundLearner.objects.filter(round=rnd)
        .order_by("learner_id")
        .values_list(
            "learner_id",
            "learner__has_support_need",
            "learner__programme_id",
            "learner__home_municipality__province_id",
            "learner__school__network_id",
        )
    )
    for pk, support, programme, province, network in rows:
        learner_pks.append(pk)
        facts.support_need.append(bool(support))
        facts.programme.append(programme)
        facts.province.append(province)
        facts.network.append(network)

    mentors = opening_mentors(rnd)
    free_places: dict[int, int] = {}
    for pk, free in (
        RoundOpening.objects.filter(round=rnd)
        .order_by("opening_id")
        .values_list("opening_id", F("opening__capacity") - F("opening__filled"))
    ):
        free_places[pk] = max(int(free), 0)
    opening_pks = list(free_places)

    learner_ids = [str(pk) for pk in learner_pks]
    numbers = lottery_numbers(learner_ids, rnd.seed)
    lottery = dict(zip(learner_pks, numbers, strict=True))

    preferences: dict[int, list[int]] = defaultdict(list)
    listed_by: dict[int, list[int]] = defaultdict(list)
    for learner_pk, opening_pk in (
        RoundPreference.objects.filter(round=rnd)
        .order_by("learner_id", "rank")
        .values_list("learner_id", "opening_id")
    ):
        preferences[learner_pk].append(opening_pk)
        listed_by[opening_pk].append(learner_pk)

    accepted: dict[int, set[int]] = defaultdict(set)
    declined: dict[int, set[int]] = defaultdict(set)
    for learner_pk, opening_pk, status in Application.objects.filter(
        learner__round_links__round=rnd,
        opening__round_links__round=rnd,
        status__in=[ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED],
    ).values_list("learner_id", "opening_id", "status"):
        target = accepted if status == ApplicationStatus.ACCEPTED else declined
        target[opening_pk].add(learner_pk)

    openings = []
    for pk in opening_pks:
        capacity = free_places[pk] if pk in mentors else 0
        priority: tuple[str, ...] | None = None
        if pk in accepted or pk in declined:
            ok = accepted[pk]
            candidates = [lp for lp in listed_by[pk] if lp not in declined[pk]]
            candidates.sort(key=lambda lp: (lp not in ok, lottery[lp]))
            priority = tuple(str(lp) for lp in candidates)
        openings.append(OpeningSpec(id=str(pk), capacity=capacity, priority=priority))

    learners = [
        LearnerSpec(
            id=str(pk),
            preferences=tuple(str(o) for o in preferences.get(pk, ())),
            support_need=support,
        )
        for pk, support in zip(learner_pks, facts.support_need, strict=True)
    ]
    instance = Instance.build(
        learners, openings, seed=rnd.seed, reserve_share=float(rnd.reserve_share)
    )
    return RoundData(
        instance=instance,
        learner_pks=learner_pks,
        opening_pks=opening_pks,
        facts=facts,
        free_places=free_places,
        mentors=mentors,
        lottery=lottery,
    )
