"""Who may see and record a sector fund's core work. Rules: brug/permission_matrix.py.

A record has the relations of its covenant: `organisation` (the fund's own), `sector`,
`published` (unused by the matrix: core-work records are never public)."""

from __future__ import annotations

from brug.core.policy import ResourcePolicy, register
from brug.corework import models as m
from brug.covenants.permissions import _covenant_relations

register(
    ResourcePolicy(
        resource="corework.trainingrecord",
        model=m.TrainingRecord,
        relations=_covenant_relations("covenant", lambda obj: obj.covenant),
    )
)
