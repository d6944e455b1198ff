"""Who may see and do what in matching rounds. The rules: brug/permission_matrix.py.

Relations (on a round, or through `round` on its rows):
`organisation` — the actor's organisation coordinates the round (a school guide's own round);
`sector` — a sector round in one of the actor's sectors (consultant);
`region` — a region round in one of the actor's RTC provinces (RTC staff);
`school` — the round includes learners of the actor's school (guide ranking on their behalf);
`participant` — the round includes the actor's own learner record;
`counterpart` — the round includes an opening of the actor's company.
On preferences and results: `own` (the actor's learner record), `organisation` (a learner of
the actor's school), `counterpart` (the result is a place at the actor's company).
On workplace openings this app adds `round_to_publish`: the opening is in a computed round
that the actor may publish, the only relation that grants bulk placement (`place_by_round`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from brug.core.policy import (
    NOTHING,
    HeldRole,
    Relation,
    ResourcePolicy,
    eq_q,
    held_role_condition,
    organisation_relation,
    register,
    relation_add,
    value_at,
)
from brug.matching import models as m
from brug.matching.models import RoundScope
from brug.registry.scopes import province_ids, sector_ids


def _round_of(obj: Any, prefix: str) -> Any:
    return obj if not prefix else value_at(obj, prefix.removesuffix("__"))


def coordinator(prefix: str = "") -> Relation:
    return organisation_relation(f"{prefix}coordinator_id")


def round_sector(prefix: str = "") -> Relation:
    def holds(actor: HeldRole, obj: Any) -> bool:
        rnd = _round_of(obj, prefix)
        return (
            rnd is not None
            and rnd.scope == RoundScope.SECTOR
            and rnd.sector_id in set(sector_ids(actor))
        )

    return Relation(
        holds=holds,
        q=lambda a: Q(
            **{f"{prefix}scope": RoundScope.SECTOR, f"{prefix}sector_id__in": sector_ids(a)}
        ),
    )


def round_region(prefix: str = "") -> Relation:
    def holds(actor: HeldRole, obj: Any) -> bool:
        rnd = _round_of(obj, prefix)
        return (
            rnd is not None
            and rnd.scope == RoundScope.REGION
            and rnd.province_id in set(province_ids(actor))
        )

    return Relation(
        holds=holds,
        q=lambda a: Q(
            **{f"{prefix}scope": RoundScope.REGION, f"{prefix}province_id__in": province_ids(a)}
        ),
    )


def _round_has_learner(
    actor: HeldRole, rnd: m.MatchingRound | None, field: str, value: int | None
) -> bool:
    if value is None or rnd is None or rnd.pk is None:
        return False
    return m.RoundLearner.objects.filter(round_id=rnd.pk, **{f"learner__{field}": value}).exists()


def _round_has_company(actor: HeldRole, rnd: m.MatchingRound | None) -> bool:
    if actor.organisation_id is None or rnd is None or rnd.pk is None:
        return False
    return m.RoundOpening.objects.filter(
        round_id=rnd.pk, opening__company_id=actor.organisation_id
    ).exists()


register(
    ResourcePolicy(
        resource="matching.matchinground",
        model=m.MatchingRound,
        relations={
            "organisation": coordinator(),
            "sector": round_sector(),
            "region": round_region(),
            "school": Relation(
                holds=lambda a, r: _round_has_learner(a, r, "school_id", a.organisation_id),
                q=lambda a: eq_q("learner_links__learner__school_id", a.organisation_id),
                to_many=True,
            ),
            "participant": Relation(
                holds=lambda a, r: _round_has_learner(a, r, "user_id", a.user_id),
                q=lambda a: eq_q("learner_links__learner__user_id", a.user_id),
                to_many=True,
            ),
            "counterpart": Relation(
                holds=_round_has_company,
                q=lambda a: eq_q("opening_links__opening__company_id", a.organisation_id),
                to_many=True,
            ),
        },
    )
)


def _learner_field(field: str) -> Relation:
    """The row's learner has `field` (user_id or school_id) equal to the actor's."""

    def value(actor: HeldRole) -> int | None:
        return actor.user_id if field == "user_id" else actor.organisation_id

    return Relation(
        holds=lambda a, obj: (
            value(a) is not None and value_at(obj, f"learner__{field}") == value(a)
        ),
        q=lambda a: eq_q(f"learner__{field}", value(a)),
    )


def _round_rows(*, counterpart: bool) -> dict[str, Relation]:
    relations = {
        "own": _learner_field("user_id"),
        "organisation": _learner_field("school_id"),
        "coordinator": coordinator("round__"),
        "sector": round_sector("round__"),
        "region": round_region("round__"),
    }
    if counterpart:
        relations["counterpart"] = Relation(
            holds=lambda a, obj: (
                a.organisation_id is not None
                and value_at(obj, "opening__company_id") == a.organisation_id
            ),
            q=lambda a: eq_q("opening__company_id", a.organisation_id),
        )
    return relations


register(
    ResourcePolicy(
        resource="matching.roundpreference",
        model=m.RoundPreference,
        relations=_round_rows(counterpart=False),
    )
)
register(
    ResourcePolicy(
        resource="matching.roundresult",
        model=m.RoundResult,
        relations=_round_rows(counterpart=True),
    )
)
register(
    ResourcePolicy(
        resource="matching.roundrun",
        model=m.RoundRun,
        relations={
            "coordinator": coordinator("round__"),
            "sector": round_sector("round__"),
            "region": round_region("round__"),
        },
    )
)


def _openings_to_publish_q(actor: HeldRole) -> Q:
    """Openings of a computed round that this actor may publish (the round's own rule)."""
    rounds = held_role_condition(actor, "matching.matchinground", "publish")
    if rounds is None:
        return NOTHING
    publishable = m.MatchingRound.objects.filter(rounds, status=m.RoundStatus.COMPUTED)
    return Q(round_links__round__in=publishable.values("pk"))


def _opening_to_publish(actor: HeldRole, opening: Any) -> bool:
    if opening is None or opening.pk is None:
        return False
    q = _openings_to_publish_q(actor)
    if q is NOTHING:
        return False
    found: bool = type(opening).objects.filter(q, pk=opening.pk).exists()
    return found


# Bulk placement from a round (`place_by_round`) is allowed only on the openings of a round
# the actor may publish, so calling the workplace service directly grants nothing more.
relation_add(
    "workplace.opening",
    "round_to_publish",
    Relation(holds=_opening_to_publish, q=_openings_to_publish_q, to_many=True),
)
