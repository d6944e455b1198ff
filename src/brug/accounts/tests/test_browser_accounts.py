"""Real people get in, in a real browser (Playwright + axe-core), with a real SMTP server and
a real OpenID Connect provider on the loopback address."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from brug.accounts.models import Membership, SignIn, User
from brug.accounts.tests.factories import MembershipFactory, user_with_role
from brug.accounts.tests.oidc_provider import Provider, running_provider
from brug.core.testing.browser import assert_accessible, login, open_menu_item
from brug.core.testing.smtp import SMTPServer
from brug.registry.tests.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def provider(live_server: Any, settings: Any) -> Iterator[Provider]:
    with running_provider(
        redirect_uris=[f"{live_server.url}/oidc/callback/"],
        post_logout_uris=[f"{live_server.url}/"],
        accounts={"burger-7": {"given_name": "Cas", "family_name": "Collega"}},
    ) as running:
        for name, value in running.settings().items():
            setattr(settings, name, value)
        yield running


def _link(server: SMTPServer, to: str, base: str) -> str:
    for message in reversed(server.messages):
        if message["To"] == to:
            text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
            found = re.search(re.escape(base) + r"(/account/\S+/)", text)
            assert found, text
            return found.group(1)
    raise AssertionError(f"no mail to {to}: {[m['To'] for m in server.messages]}")


def test_onboard_invite_accept_sign_in_language_reset_and_government_login(
    browser_page: Any, live_server: Any, smtp_server: SMTPServer, provider: Provider, settings: Any
) -> None:
    page = browser_page
    settings.BRUG_BASE_URL = live_server.url
    company = OrganisationFactory(
        kind="company", name="Bouwbedrijf Test", enterprise_number="0202239951"
    )
    platform = user_with_role("platform_admin")
    leaving = MembershipFactory(organisation=company, role="company_contact")

    # 1. The platform admin onboards the company from the registry.
    login(page, platform.username)
    open_menu_item(page, "Organisatie aan boord")
    assert_accessible(page)
    page.select_option("#id_kind", "company")
    page.fill("#id_identifier", "0202.239.951")
    page.fill("#id_email", "baas@bouw.example")
    page.select_option("#id_role", "company_contact")
    page.click("main button.primary")
    page.wait_for_url("**/organisaties/*/leden/")
    assert "baas@bouw.example" in page.inner_text("main")
    assert_accessible(page)

    # 2. The invited administrator accepts and sets a password.
    page.context.clear_cookies()
    page.goto(_link(smtp_server, "baas@bouw.example", live_server.url))
    assert "Bouwbedrijf Test" in page.inner_text("main")
    assert_accessible(page)
    page.fill("#id_username", "baas")
    page.fill("#id_first_name", "Bea")
    page.fill("#id_last_name", "Baas")
    page.fill("#id_password", "stevig-wachtwoord-31")
    page.click("main form >> button.primary")
    page.wait_for_url(f"{live_server.url}/")
    assert "Bouwbedrijf Test" in page.inner_text("#active-organisation")
    assert_accessible(page)

    # 3. She signs in again with her password and switches to English on her profile.
    login(page, "baas", "stevig-wachtwoord-31")
    page.click("header >> text=Bea Baas")
    assert_accessible(page)
    page.select_option("#id_preferred_language", "en")
    page.click("main form >> button.primary")
    page.wait_for_load_state("networkidle")
    assert "My account" in page.inner_text("main")
    assert SignIn.objects.filter(user__username="baas", method="password").count() == 2

    # 4. As administrator she invites a colleague and ends another's role.
    open_menu_item(page, "Colleagues")
    assert_accessible(page)
    page.fill("#id_email", "cas@bouw.example")
    page.select_option("#id_role", "company_contact")
    page.click("form[aria-labelledby=invite] >> button.primary")
    page.wait_for_load_state("networkidle")
    assert "cas@bouw.example" in page.inner_text("main")
    # Ending a role asks first: "No, go back" keeps it, "Yes, end the role" ends it.
    page.click(f"#member-{leaving.pk} >> button.danger")
    dialog = page.locator("#confirm-dialog")
    assert dialog.is_visible()
    assert "loses access" in page.inner_text("#confirm-dialog-message")
    assert_accessible(page)
    dialog.locator("button[value=cancel]").click()
    assert not dialog.is_visible()
    assert Membership.objects.get(pk=leaving.pk).is_active
    assert page.locator(f"#member-{leaving.pk}").count() == 1
    page.click(f"#member-{leaving.pk} >> button.danger")
    with page.expect_navigation():
        dialog.locator("button:has-text('Yes, end the role')").click()
    page.wait_for_load_state("networkidle")
    assert f"member-{leaving.pk}" not in page.content()
    assert not Membership.objects.get(pk=leaving.pk).is_active
    assert_accessible(page)

    # 5. She forgets her password and resets it from the mail the SMTP server received.
    page.context.clear_cookies()
    page.goto("/aanmelden/")
    page.click("text=Wachtwoord vergeten?")
    assert_accessible(page)
    page.fill("#id_email", "baas@bouw.example")
    page.click("main button.primary")
    page.wait_for_url("**/verstuurd/")
    page.goto(_link(smtp_server, "baas@bouw.example", live_server.url))
    page.wait_for_load_state("networkidle")
    assert_accessible(page)
    page.fill("#id_new_password1", "nog-steviger-wachtwoord-5")
    page.fill("#id_new_password2", "nog-steviger-wachtwoord-5")
    page.click("main button.primary")
    page.wait_for_url("**/herstel/klaar/")
    login(page, "baas", "nog-steviger-wachtwoord-5")

    # 6. The colleague accepts through the government login (the local OIDC provider).
    page.context.clear_cookies()
    page.goto(_link(smtp_server, "cas@bouw.example", live_server.url))
    assert_accessible(page)
    page.click("#oidc-accept")
    page.wait_for_url(f"{provider.issuer}/interaction/**")
    page.fill("input[name=login]", "burger-7")
    page.fill("input[name=password]", "om-het-even")
    page.click("button[type=submit]")
    page.wait_for_url(f"{provider.issuer}/interaction/**")
    page.click("button[type=submit]")  # consent
    page.wait_for_url(f"{live_server.url}/**")
    page.wait_for_load_state("networkidle")
    cas = User.objects.get(oidc_subject="burger-7")
    assert (cas.first_name, cas.email) == ("Cas", "cas@bouw.example")
    assert "Bouwbedrijf Test" in page.inner_text("#active-organisation")
    assert_accessible(page)
