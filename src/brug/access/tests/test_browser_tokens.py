"""A person makes an API token in a real browser, copies it once, a script uses it, the person
revokes it; a locked-out person sees the lockout page. axe-core on every page."""

from __future__ import annotations

from typing import Any

import pytest

from brug.access.models import ApiToken, ApiTokenUse
from brug.accounts.tests.factories import UserFactory, user_with_role
from brug.core.testing.browser import assert_accessible, csp_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_make_use_and_revoke_a_token(browser_page: Any) -> None:
    page = browser_page
    guide = user_with_role("guide")
    login(page, guide.username)
    page.goto("/toegang/tokens/")
    assert_accessible(page)
    page.click("text=Nieuwe token")
    page.fill("#id_name", "Export leerlingvolgsysteem")
    page.check("input[name=scopes][value='registry:read']")
    assert_accessible(page)
    page.click("main button.primary")
    secret = page.input_value("#secret")
    assert secret.startswith("brug_")
    assert "maar één keer getoond" in page.inner_text("main")
    assert_accessible(page)

    # A script uses it (no cookies): the use is logged on the token's page.
    api = page.context.request
    page.context.clear_cookies()
    used = api.get("/api/registry/provinces/", headers={"Authorization": f"Bearer {secret}"})
    assert used.status == 200
    token = ApiToken.objects.get()
    assert ApiTokenUse.objects.filter(token=token).count() == 1

    login(page, guide.username)
    page.goto(f"/toegang/tokens/{token.pk}/")
    assert "/api/registry/provinces/" in page.inner_text("main")
    assert secret not in page.content()
    assert_accessible(page)
    # Revoking cannot be undone: the page asks first, in its <dialog> (brug.js, CSP-safe).
    dialog = page.locator("#confirm-dialog")
    page.click("main button:has-text('Intrekken')")
    dialog.wait_for(state="visible")
    assert "Dit token intrekken?" in dialog.inner_text()
    assert page.evaluate("document.activeElement.value") == "cancel"  # focus on "Nee, terug"
    assert_accessible(page)
    page.click("#confirm-dialog button[value=cancel]")
    dialog.wait_for(state="hidden")
    assert "ingetrokken op" not in page.inner_text("main")
    page.click("main button:has-text('Intrekken')")
    # The form is sent when the dialog closes: wait for that page, not for an idle network.
    with page.expect_navigation():
        page.click("#confirm-dialog button:has-text('Ja, intrekken')")
    assert "ingetrokken op" in page.inner_text("main")
    assert csp_violations(page) == []
    page.context.clear_cookies()
    refused = api.get("/api/registry/provinces/", headers={"Authorization": f"Bearer {secret}"})
    assert refused.status == 401


def test_the_lockout_page(browser_page: Any) -> None:
    page = browser_page
    user = UserFactory()
    for _ in range(6):
        page.goto("/aanmelden/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", "wrong-password")
        page.click("main button.primary")
        page.wait_for_load_state("networkidle")
    assert "Aanmelden is tijdelijk geblokkeerd" in page.inner_text("main")
    assert_accessible(page)
