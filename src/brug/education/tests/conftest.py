from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from brug.accounts.tests.factories import user_with_role
from brug.covenants.models import ActionCategory
from brug.covenants.tests import factories as cf
from brug.registry import models as rm
from brug.registry.tests.factories import OrganisationFactory


@dataclass
class Table:
    """A submitted covenant with two education actions and one other, and the people around it."""

    covenant: Any
    actions: list[Any]
    other_action: Any
    department: Any
    consultant: Any
    network: Any
    network_user: Any
    council: Any
    council_user: Any
    outsider: Any


@pytest.fixture
def table(db: Any) -> Table:
    return make_table()


def make_table() -> Table:
    covenant = cf.CovenantFactory(status="submitted")
    actions = [
        cf.ActionFactory(covenant=covenant, category=ActionCategory.TEACHERS, title="Leraren"),
        cf.ActionFactory(
            covenant=covenant, category=ActionCategory.WORKPLACE_LEARNING, title="Stages"
        ),
    ]
    other = cf.ActionFactory(covenant=covenant, category=ActionCategory.WORKABLE_WORK)
    network = OrganisationFactory(kind=rm.OrganisationKind.EDUCATION_NETWORK, sectors=[])
    council = OrganisationFactory(kind=rm.OrganisationKind.EDUCATION_COUNCIL, sectors=[])
    return Table(
        covenant=covenant,
        actions=actions,
        other_action=other,
        department=user_with_role("department_work"),
        consultant=user_with_role("consultant", organisation=covenant.sector_fund),
        network=network,
        network_user=user_with_role("network_staff", organisation=network),
        council=council,
        council_user=user_with_role("education_council", organisation=council),
        outsider=user_with_role("company_contact"),
    )
