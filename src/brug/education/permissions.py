"""Who may see and do what in education consultation. Rules: brug/permission_matrix.py.

A round and its advice have the relations of the covenant they concern (`organisation`, `sector`,
`published`); advice also has `adviser`: it was given for the actor's own organisation.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from brug.core.policy import HeldRole, Relation, ResourcePolicy, register
from brug.covenants.permissions import _covenant_relations
from brug.education import models as m
from brug.registry.scopes import sector_ids


def _adviser_holds(actor: HeldRole, obj: Any) -> bool:
    return actor.organisation_id is not None and obj.organisation_id == actor.organisation_id


register(
    ResourcePolicy(
        resource="education.consultationround",
        model=m.ConsultationRound,
        relations=_covenant_relations("covenant", lambda obj: obj.covenant),
    )
)
register(
    ResourcePolicy(
        resource="education.advice",
        model=m.Advice,
        relations={
            **_covenant_relations("round__covenant", lambda obj: obj.round.covenant),
            "adviser": Relation(
                holds=_adviser_holds,
                q=lambda actor: (
                    Q(organisation_id=actor.organisation_id)
                    if actor.organisation_id is not None
                    else Q(pk__in=[])
                ),
            ),
        },
    )
)


# Agreements: `party` — the actor's organisation is a party to the agreement; engagements also
# have `owner` — the actor's organisation owns (and so evaluates) the engagement.


def _party_ids(agreement: m.Agreement) -> set[int]:
    if agreement.pk is None:
        return set()
    return set(agreement.parties.values_list("pk", flat=True))


def _org_q(field: str) -> Any:
    def q(actor: HeldRole) -> Q:
        if actor.organisation_id is None:
            return Q(pk__in=[])
        return Q(**{field: actor.organisation_id})

    return q


register(
    ResourcePolicy(
        resource="education.agreement",
        model=m.Agreement,
        relations={
            "party": Relation(
                holds=lambda actor, obj: actor.organisation_id in _party_ids(obj),
                q=_org_q("parties"),
                to_many=True,
            ),
        },
    )
)
register(
    ResourcePolicy(
        resource="education.engagement",
        model=m.Engagement,
        relations={
            "party": Relation(
                holds=lambda actor, obj: actor.organisation_id in _party_ids(obj.theme.agreement),
                q=_org_q("theme__agreement__parties"),
                to_many=True,
            ),
            "owner": Relation(
                holds=lambda actor, obj: (
                    actor.organisation_id is not None and obj.owner_id == actor.organisation_id
                ),
                q=_org_q("owner_id"),
            ),
        },
    )
)


def _shares_fund(actor: HeldRole, obj: Any) -> bool:
    if obj.pk is None or actor.organisation_id is None:
        return False
    found: bool = obj.covenants.filter(sector_fund_id=actor.organisation_id).exists()
    return found


def _shares_sector(actor: HeldRole, obj: Any) -> bool:
    if obj.pk is None:
        return False
    found: bool = obj.covenants.filter(sector_id__in=sector_ids(actor)).exists()
    return found


# An intersectoral action: `organisation` — one of its covenants is the actor's sector fund's;
# `sector` — one of its covenants is in a sector the actor serves.
register(
    ResourcePolicy(
        resource="education.intersectoralaction",
        model=m.IntersectoralAction,
        relations={
            "organisation": Relation(
                holds=_shares_fund, q=_org_q("covenants__sector_fund_id"), to_many=True
            ),
            "sector": Relation(
                holds=_shares_sector,
                q=lambda actor: Q(covenants__sector_id__in=sector_ids(actor)),
                to_many=True,
            ),
        },
    )
)
