"""An irreversible action asks first, in a real browser: ending a colleague's role.

"Nee, terug" keeps the role (nothing is posted); "Ja, rol beëindigen" ends it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from brug.accounts.models import Membership
from brug.accounts.tests.factories import MembershipFactory
from brug.core.testing.browser import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ending_a_role_can_be_cancelled_and_then_confirmed(browser_page: Any) -> None:
    page = browser_page
    admin = MembershipFactory(role="company_contact", is_org_admin=True)
    leaving = MembershipFactory(organisation=admin.organisation, role="company_contact")
    login(page, admin.user.username)
    page.goto(reverse("accounts:members", args=[admin.organisation_id]))
    row = f"#member-{leaving.pk}"

    page.click(f"{row} >> button.danger")
    dialog = page.locator("#confirm-dialog")
    assert dialog.is_visible()
    assert "verliest meteen de toegang" in page.inner_text("#confirm-dialog-message")
    assert dialog.locator("button[value=confirm]").inner_text() == "Ja, rol beëindigen"
    assert_accessible(page)
    dialog.locator("button[value=cancel]").click()
    assert not dialog.is_visible()
    assert Membership.objects.get(pk=leaving.pk).is_active  # nothing was posted
    assert page.locator(row).count() == 1

    page.click(f"{row} >> button.danger")
    with page.expect_navigation():
        dialog.locator("button[value=confirm]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(row).count() == 0
    assert not Membership.objects.get(pk=leaving.pk).is_active
