"""Permission-matrix scenarios for the partnership register (see brug/core/testing/matrix.py)."""

from __future__ import annotations

from typing import Any

from brug.core.testing.matrix import ActorContext, scenario
from brug.partnerships.tests.factories import MemberFactory, PartnershipFactory
from brug.registry.tests.factories import OrganisationFactory

Built = tuple[Any, set[str]] | None


@scenario("partnerships.partnership")
def partnership(relation: str, actor: ActorContext) -> Built:
    org = actor.organisation
    if relation == "organisation":
        if org is None:
            return None
        return PartnershipFactory(owner=org, is_published=False), {"organisation"}
    if relation == "member":
        if org is None:
            return None
        p = PartnershipFactory(owner=OrganisationFactory(kind="school"), is_published=False)
        MemberFactory(partnership=p, organisation=org)
        return p, {"member"}
    if relation == "published":
        return PartnershipFactory(owner=OrganisationFactory(kind="school")), {"published"}
    return PartnershipFactory(owner=OrganisationFactory(kind="school"), is_published=False), set()
