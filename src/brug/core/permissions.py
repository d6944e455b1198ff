from __future__ import annotations

from django.db.models import Q

from brug.core.models import AccessLog, AuditEntry, Job
from brug.core.policy import Relation, ResourcePolicy, register

register(
    ResourcePolicy(
        resource="core.job",
        model=Job,
        relations={
            "own": Relation(
                holds=lambda actor, obj: (
                    actor.user_id is not None and obj.created_by_id == actor.user_id
                ),
                q=lambda actor: Q(created_by_id=actor.user_id),
            )
        },
    )
)
register(ResourcePolicy(resource="core.auditentry", model=AuditEntry))
# The read log. Only `any` here: the app that owns a kind of subject adds the relation that
# ties a read to an organisation (workplace: "a read about a learner of the actor's school").
register(ResourcePolicy(resource="core.accesslog", model=AccessLog))
