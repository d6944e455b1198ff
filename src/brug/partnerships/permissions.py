"""Who may see and keep partnerships current. The rules: brug/permission_matrix.py
(`partnerships.partnership`).

Relations: `organisation` (the actor's organisation keeps the entry), `member` (the actor's
organisation is one of its partners), `published` (visible in the public register).
"""

from __future__ import annotations

from django.db.models import Q

from brug.core.policy import NOTHING, Relation, ResourcePolicy, organisation_relation, register
from brug.partnerships.models import Partnership, PartnershipMember

register(
    ResourcePolicy(
        resource="partnerships.partnership",
        model=Partnership,
        relations={
            "organisation": organisation_relation("owner_id"),
            "member": Relation(
                holds=lambda actor, obj: (
                    obj.pk is not None
                    and actor.organisation_id is not None
                    and PartnershipMember.objects.filter(
                        partnership_id=obj.pk, organisation_id=actor.organisation_id
                    ).exists()
                ),
                q=lambda actor: (
                    NOTHING
                    if actor.organisation_id is None
                    else Q(
                        pk__in=PartnershipMember.objects.filter(
                            organisation_id=actor.organisation_id
                        ).values("partnership_id")
                    )
                ),
            ),
            "published": Relation(
                holds=lambda actor, obj: obj.pk is not None and obj.is_published,
                q=lambda actor: Q(is_published=True),
            ),
        },
    )
)
