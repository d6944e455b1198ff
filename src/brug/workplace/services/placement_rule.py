"""The one placement rule, used by `placement_create` and `placements_create_bulk` alike.

A placement exists only
* for an application of that learner to that opening whose intake was accepted, made by a
  party to it: the learner's school (which applied) or the opening's company (which accepted
  the intake), so each side has confirmed its part (`Basis.APPLICATION`); or
* for a result of a matching round being published, by someone who may publish that round:
  the matrix action `place_by_round` on every opening (`Basis.ROUND`; only the matching app's
  publication uses it, with the round's own results);
and in both cases: the opening is open (published at a recognised workplace), the period lies
inside the opening's, the learner appears once and has no active placement, the programmes
match, and the mentor is an active, eligible mentor of the opening's company.

Set-based (a few queries for any number of placements). Refusals about the caller's authority
come first and say nothing (`NotAllowed`, also for unknown ids), so no refusal reveals a fact
about a learner the caller may not see; facts about the learner (programme, an active
placement) are only checked once the caller is known to be a party or the round's publisher.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from django.db import IntegrityError

from brug.accounts.people import RequestUser
from brug.core import policy
from brug.core.errors import NotAllowed, ServiceError
from brug.core.i18n import gettext_lazy, t
from brug.workplace import models as m
from brug.workplace import rules
from brug.workplace.services._common import _mentor_facts, _today

BULK_BATCH = 2000


class Basis(StrEnum):
    APPLICATION = "application"  # an accepted intake, placed by the school or the company
    ROUND = "round"  # a matching round's result, placed by who may publish the round


@dataclass(frozen=True, slots=True)
class PlacementSpec:
    """One placement to create; ids only, so 35,000 of them stay cheap."""

    learner_id: int
    opening_id: int
    mentor_id: int
    start: date | None = None  # default: the opening's period
    end: date | None = None


@dataclass(frozen=True, slots=True)
class Checked:
    """What the rule found, for the writer: the rows with their periods and the facts."""

    rows: list[tuple[PlacementSpec, date, date]]
    openings: dict[int, tuple[Any, ...]]  # id -> (company, programme, kind, start, end)
    learners: dict[int, tuple[Any, ...]]  # id -> (programme, school, user)


def chunks(values: Sequence[Any], size: int = BULK_BATCH) -> Iterator[Sequence[Any]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


class _Refuse:
    """Raise a refusal on a named field (one placement) or on `items` (many)."""

    def __init__(self, single: bool) -> None:
        self.single = single

    def __call__(self, nl: str, en: str, code: str, field: str) -> None:
        raise ServiceError(t(nl, en), code=code, field=field if self.single else "items")


def placements_check(
    *, actor: RequestUser | None, items: Sequence[PlacementSpec], basis: Basis, single: bool = False
) -> Checked:
    """Apply the rule to `items`; raise `NotAllowed` or `ServiceError`, or return the facts."""
    refuse = _Refuse(single)
    opening_ids = sorted({spec.opening_id for spec in items})
    learner_ids = [spec.learner_id for spec in items]
    openings, published_at = _openings(opening_ids)
    learners = _learners(sorted(set(learner_ids)))
    if len(openings) != len(opening_ids):
        raise NotAllowed()  # an unknown opening answers like a forbidden one
    if basis == Basis.ROUND:
        _require_round_publisher(actor, opening_ids)
    else:
        # An unknown learner has no school (so no party but the company) and no intake.
        _require_party(actor, items, openings, learners)
        _require_accepted_intake(items, refuse)
    if len(learners) != len(set(learner_ids)):
        refuse(gettext_lazy("Unknown learner."), "unknown_learner", "learner")
    _check_open(opening_ids, published_at, refuse)
    rows = _periods(items, openings, refuse)
    if len(set(learner_ids)) != len(learner_ids):
        refuse(
            gettext_lazy("A learner appears more than once."),
            "duplicate_learner",
            "learner",
        )
    if already_placed(learner_ids):
        refuse(
            gettext_lazy("The learner already has an active placement."),
            "learner_already_placed",
            "learner",
        )
    if any(learners[s.learner_id][0] != openings[s.opening_id][1] for s in items):
        refuse(
            gettext_lazy("This opening is for a different programme than the learner's."),
            "programme_mismatch",
            "opening",
        )
    _check_mentors(items, openings, refuse)
    return Checked(rows=rows, openings=openings, learners=learners)


def already_placed(learner_ids: Sequence[int]) -> bool:
    """Does any of these learners have an active placement? (At most one each.)"""
    return any(
        m.Placement.objects.filter(learner_id__in=chunk, status=m.PlacementStatus.ACTIVE).exists()
        for chunk in chunks(sorted(set(learner_ids)))
    )


def refuse_second_placement(error: IntegrityError) -> ServiceError:
    """The database's backstop (one active placement per learner) fired under a race."""
    return ServiceError(
        gettext_lazy("The learner already has an active placement."),
        code="learner_already_placed",
    )


def _openings(opening_ids: list[int]) -> tuple[dict[int, tuple[Any, ...]], dict[int, int]]:
    facts: dict[int, tuple[Any, ...]] = {}
    published_at: dict[int, int] = {}  # published opening -> its workplace (recognition)
    for chunk in chunks(opening_ids):
        for pk, workplace_id, status, *rest in m.Opening.objects.filter(pk__in=chunk).values_list(
            "pk", "workplace_id", "status", "company_id", "programme_id", "kind", "start", "end"
        ):
            facts[pk] = tuple(rest)
            if status == m.OpeningStatus.PUBLISHED:
                published_at[pk] = workplace_id
    return facts, published_at


def _learners(learner_ids: list[int]) -> dict[int, tuple[Any, ...]]:
    found: dict[int, tuple[Any, ...]] = {}
    for chunk in chunks(learner_ids):
        found.update(
            (pk, (programme, school, user))
            for pk, programme, school, user in m.Learner.objects.filter(pk__in=chunk).values_list(
                "pk", "programme_id", "school_id", "user_id"
            )
        )
    return found


def _require_round_publisher(actor: RequestUser | None, opening_ids: list[int]) -> None:
    """Matrix: `place_by_round` on each opening (granted through `round_to_publish`)."""
    allowed = 0
    for chunk in chunks(opening_ids):
        qs = m.Opening.objects.filter(pk__in=chunk)
        allowed += policy.visible(actor, qs, "place_by_round").count()
    if allowed != len(opening_ids):
        raise NotAllowed()


def _require_party(
    actor: RequestUser | None,
    items: Sequence[PlacementSpec],
    openings: dict[int, tuple[Any, ...]],
    learners: dict[int, tuple[Any, ...]],
) -> None:
    """Matrix: `create` on the placement: the learner's school or the opening's company."""
    for spec in items:
        programme, school, user = learners.get(spec.learner_id, (None, None, None))
        placement = m.Placement(
            learner=m.Learner(
                pk=spec.learner_id, school_id=school, programme_id=programme, user_id=user
            ),
            opening=m.Opening(pk=spec.opening_id, company_id=openings[spec.opening_id][0]),
        )
        policy.require(actor, "create", placement)


def _require_accepted_intake(items: Sequence[PlacementSpec], refuse: _Refuse) -> None:
    pairs = {(s.learner_id, s.opening_id) for s in items}
    accepted: set[tuple[int, int]] = set()
    for chunk in chunks(sorted({s.learner_id for s in items})):
        accepted.update(
            m.Application.objects.filter(
                learner_id__in=chunk, status=m.ApplicationStatus.ACCEPTED
            ).values_list("learner_id", "opening_id")
        )
    if pairs - accepted:
        refuse(
            gettext_lazy(
                "A placement needs an application of the learner to this opening, accepted at "
                "the intake."
            ),
            "intake_not_accepted",
            "learner",
        )


def _check_open(opening_ids: list[int], published_at: dict[int, int], refuse: _Refuse) -> None:
    # Two lookups by primary key: SQLite plans the opening-recognition join badly at scale.
    recognised: set[int] = set()
    for chunk in chunks(sorted(set(published_at.values()))):
        recognised.update(
            m.Recognition.objects.filter(pk__in=chunk)
            .filter(m.recognised_q())
            .values_list("pk", flat=True)
        )
    if any(published_at.get(pk) not in recognised for pk in opening_ids):
        refuse(
            gettext_lazy(
                "This opening is not open: the workplace is not recognised or the opening is "
                "not published."
            ),
            "not_recognised",
            "opening",
        )


def _periods(
    items: Sequence[PlacementSpec], openings: dict[int, tuple[Any, ...]], refuse: _Refuse
) -> list[tuple[PlacementSpec, date, date]]:
    rows: list[tuple[PlacementSpec, date, date]] = []
    for spec in items:
        o_start, o_end = openings[spec.opening_id][3:5]
        start, end = spec.start or o_start, spec.end or o_end
        if end < start:
            refuse(
                gettext_lazy("The period ends before it starts."),
                "period_reversed",
                "end",
            )
        if start < o_start or end > o_end:
            refuse(
                gettext_lazy("The period falls outside the opening's period."),
                "period_outside_opening",
                "start",
            )
        rows.append((spec, start, end))
    return rows


def _check_mentors(
    items: Sequence[PlacementSpec], openings: dict[int, tuple[Any, ...]], refuse: _Refuse
) -> None:
    today = _today()
    company_of: dict[int, set[int]] = {}
    for spec in items:
        company_of.setdefault(spec.mentor_id, set()).add(openings[spec.opening_id][0])
    mentors = {x.pk: x for x in m.Mentor.objects.filter(pk__in=list(company_of))}
    for mentor_id, companies in company_of.items():
        mentor = mentors.get(mentor_id)
        if mentor is None or not mentor.is_active or companies != {mentor.company_id}:
            refuse(
                gettext_lazy("Choose an active mentor of this company."),
                "mentor_not_company",
                "mentor",
            )
            return
        failures = rules.mentor_failures(_mentor_facts(mentor), today)
        if failures:
            code, text = failures[0]
            raise ServiceError(text, code=code, field="mentor" if refuse.single else "items")
