"""Who may see and change what in the reference registry. Rules: brug/permission_matrix.py."""

from __future__ import annotations

from django.db.models import Q

from brug.core.policy import Relation, ResourcePolicy, organisation_relation, register
from brug.registry import models as m
from brug.registry.scopes import sector_ids

for model in (
    m.ReferenceList,
    m.Province,
    m.Municipality,
    m.PostalCode,
    m.RTCRegion,
    m.EducationNetwork,
    m.StudyDomain,
    m.Programme,
    m.Qualification,
    m.Competence,
    m.Sector,
    m.JointCommittee,
):
    register(ResourcePolicy(resource=model._meta.label_lower, model=model))

register(
    ResourcePolicy(
        resource="registry.organisation",
        model=m.Organisation,
        relations={
            "organisation": organisation_relation("pk"),
            "sector": Relation(
                holds=lambda actor, obj: (
                    obj.pk is not None and obj.sectors.filter(pk__in=sector_ids(actor)).exists()
                ),
                q=lambda actor: Q(sectors__in=sector_ids(actor)),
                to_many=True,
            ),
        },
    )
)

register(
    ResourcePolicy(
        resource="registry.site",
        model=m.Site,
        relations={
            "organisation": organisation_relation("organisation_id"),
            "sector": Relation(
                holds=lambda actor, obj: m.Organisation.sectors.through.objects.filter(
                    organisation_id=obj.organisation_id, sector_id__in=sector_ids(actor)
                ).exists(),
                q=lambda actor: Q(organisation__sectors__in=sector_ids(actor)),
                to_many=True,
            ),
        },
    )
)
