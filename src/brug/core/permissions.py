from __future__ import annotations

from brug.core.models import AuditEntry, Job
from brug.core.policy import ResourcePolicy, own_relation, register

register(
    ResourcePolicy(
        resource="core.job",
        model=Job,
        relations={"own": own_relation("created_by_id")},
    )
)
register(ResourcePolicy(resource="core.auditentry", model=AuditEntry))
