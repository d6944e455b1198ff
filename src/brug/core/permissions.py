from __future__ import annotations

from brug.core.models import AccessLog, AuditEntry, Job, SavedSearch
from brug.core.policy import ResourcePolicy, own_relation, register

register(
    ResourcePolicy(
        resource="core.job",
        model=Job,
        relations={"own": own_relation("created_by_id")},
    )
)
register(ResourcePolicy(resource="core.auditentry", model=AuditEntry))
# The read log. Only `any` here: the app that owns a kind of subject adds the relation that
# ties a read to an organisation (workplace: "a read about a learner of the actor's school").
register(ResourcePolicy(resource="core.accesslog", model=AccessLog))
# Saved searches are private to their owner: no role reads another person's.
register(
    ResourcePolicy(
        resource="core.savedsearch",
        model=SavedSearch,
        relations={"own": own_relation("owner_id")},
    )
)
