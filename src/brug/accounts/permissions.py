from __future__ import annotations

from django.db.models import Q

from brug.accounts.models import Membership
from brug.core.policy import Relation, ResourcePolicy, register

register(
    ResourcePolicy(
        resource="accounts.membership",
        model=Membership,
        relations={
            "own": Relation(
                holds=lambda actor, obj: obj.user_id == actor.user_id,
                q=lambda actor: Q(user_id=actor.user_id),
            ),
            "organisation": Relation(
                holds=lambda actor, obj: obj.organisation_id == actor.organisation_id,
                q=lambda actor: Q(organisation_id=actor.organisation_id),
            ),
        },
    )
)
