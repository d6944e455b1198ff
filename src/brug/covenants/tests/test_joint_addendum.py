"""A joint addendum is kept with one covenant and read by the other sectors that share it."""

from __future__ import annotations

import pytest
from django.test import Client

from brug.accounts.tests.factories import user_with_role
from brug.core import policy
from brug.covenants import selectors
from brug.covenants.tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_partner_sector_reads_the_joint_addendum_and_a_stranger_does_not() -> None:
    owner = f.CovenantFactory()
    partner = f.CovenantFactory(generation=owner.generation)
    joint = f.AddendumFactory(covenant=owner, title="Samen naar werk")
    joint.shared_with.add(partner)
    partner_consultant = user_with_role("consultant", organisation=partner.sector_fund)
    stranger = user_with_role("consultant", organisation=f.CovenantFactory().sector_fund)
    assert list(selectors.addenda_visible_to(partner_consultant)) == [joint]
    assert not selectors.addenda_visible_to(stranger).exists()
    client = Client()
    client.force_login(partner_consultant)
    page = client.get(f"/convenanten/{partner.pk}/").content.decode()
    assert "Samen naar werk" in page and owner.sector.name in page
    # Reading is all: the partner cannot change what the owner keeps.
    assert not policy.can(partner_consultant, "change", joint)
