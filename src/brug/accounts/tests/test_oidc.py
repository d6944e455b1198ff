"""Government login end to end against a real OpenID Connect provider process on 127.0.0.1.

No HTTP is mocked: Brug redirects to the provider, the provider's own login and consent
pages are submitted, Brug exchanges the code for tokens over HTTP, checks the ID token's
signature against the provider's published keys, links the identity to the invited account,
and signing out ends the session at the provider too.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
import requests
from django.test import Client
from django.urls import reverse

from brug.accounts import services
from brug.accounts.models import Membership, SignIn, User
from brug.accounts.tests.factories import MembershipFactory
from brug.accounts.tests.oidc_provider import Provider, running_provider
from brug.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

CALLBACK = "http://testserver/oidc/callback/"
FORM_ACTION = re.compile(r'<form[^>]*action="([^"]+)"')
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


@pytest.fixture
def provider(settings) -> Iterator[Provider]:  # type: ignore[no-untyped-def]
    with running_provider(
        redirect_uris=[CALLBACK],
        post_logout_uris=["http://testserver/"],
        accounts={"burger-1": {"given_name": "Griet", "family_name": "Goossens"}},
    ) as running:
        for name, value in running.settings().items():
            setattr(settings, name, value)
        yield running


def _through_provider(provider: Provider, url: str, login: str) -> str:
    """Follow the provider's pages like a browser (login, consent) until it sends the
    person back to Brug; returns that address."""
    browser = requests.Session()
    for _ in range(12):
        if not url.startswith(provider.issuer):
            return url
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.is_redirect:
            url = urljoin(url, response.headers["Location"])
            continue
        action = FORM_ACTION.search(response.text)
        assert action, response.text[:500]
        data = dict(HIDDEN.findall(response.text))
        if 'name="login"' in response.text:
            data.update(login=login, password="any")
        elif "op.logoutForm" in response.text:
            data["logout"] = "yes"
        response = browser.post(
            urljoin(url, action.group(1)), data=data, allow_redirects=False, timeout=10
        )
        assert response.is_redirect, response.text[:500]
        url = urljoin(url, response.headers["Location"])
    raise AssertionError("the provider never sent the person back")


def _sign_in(client: Client, provider: Provider, login: str) -> str:
    start = client.get(reverse("oidc_authentication_init"), {"next": "/account/"})
    assert start.status_code == 302 and start["Location"].startswith(f"{provider.issuer}/auth?")
    assert "code_challenge=" in start["Location"]  # PKCE
    back = _through_provider(provider, start["Location"], login)
    assert back.startswith(CALLBACK), back
    parts = urlsplit(back)
    response = client.get(parts.path, dict(parse_qsl(parts.query)))
    return response["Location"]


def test_first_login_links_the_identity_to_the_invitation_then_signs_in_and_out(
    provider: Provider,
) -> None:
    school = OrganisationFactory(kind="school", name="Oidc-school")
    admin = MembershipFactory(organisation=school, role="guide", is_org_admin=True).user
    _, token = services.invitation_create(
        actor=admin,
        data=services.InvitationData(
            organisation=school, email="griet@example.org", role="teacher"
        ),
    )
    client = Client()
    accept = client.get(reverse("accounts:accept", args=[token]))
    assert "Aanmelden via de overheid" in accept.content.decode()

    assert _sign_in(client, provider, "burger-1") == "/account/"
    user = User.objects.get(oidc_subject="burger-1")
    assert (user.first_name, user.last_name, user.email) == (
        "Griet",
        "Goossens",
        "griet@example.org",
    )
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user).organisation == school
    assert SignIn.objects.get(user=user).method == "oidc"
    assert services.invitation_for_token(token) is None
    assert client.get("/account/").status_code == 200

    # Signing out of Brug ends the session at the provider as well (RP-initiated logout).
    out = client.post(reverse("logout"))
    assert out.status_code == 302 and out["Location"].startswith(f"{provider.issuer}/session/end?")
    assert "id_token_hint=" in out["Location"]
    assert _through_provider(provider, out["Location"], "") == "http://testserver/"
    assert client.get("/account/").status_code == 302  # signed out of Brug

    # The next login finds the linked account without any invitation.
    again = Client()
    assert _sign_in(again, provider, "burger-1") == "/account/"
    assert User.objects.filter(oidc_subject="burger-1").count() == 1
    assert SignIn.objects.filter(user=user, method="oidc").count() == 2


def test_an_identity_without_invitation_gets_no_account(provider: Provider) -> None:
    client = Client()
    assert _sign_in(client, provider, "onbekende-2") == "/aanmelden/?oidc=failed"
    assert not User.objects.filter(oidc_subject="onbekende-2").exists()
    assert client.get("/account/").status_code == 302


def test_an_id_token_signed_by_another_key_is_refused(provider: Provider, settings, caplog) -> None:  # type: ignore[no-untyped-def]
    school = OrganisationFactory(kind="school")
    admin = MembershipFactory(organisation=school, role="guide", is_org_admin=True).user
    _, token = services.invitation_create(
        actor=admin,
        data=services.InvitationData(organisation=school, email="x@example.org", role="teacher"),
    )
    with running_provider(redirect_uris=[CALLBACK], post_logout_uris=[], accounts={}) as other:
        settings.OIDC_OP_JWKS_ENDPOINT = f"{other.issuer}/jwks"  # keys of another provider
        client = Client()
        client.get(reverse("accounts:accept", args=[token]))
        with caplog.at_level(logging.WARNING, logger="brug.accounts.oidc"):
            assert _sign_in(client, provider, "burger-1") == "/aanmelden/?oidc=failed"
        assert "verification failed" in caplog.text
    assert not User.objects.filter(oidc_subject="burger-1").exists()


def test_government_login_is_absent_where_it_is_off(settings) -> None:  # type: ignore[no-untyped-def]
    settings.BRUG_OIDC_ENABLED = False
    assert Client().get(reverse("oidc_authentication_init")).status_code == 404
    assert "oidc-login" not in Client().get(reverse("login")).content.decode()


def test_password_login_can_be_switched_off(settings) -> None:  # type: ignore[no-untyped-def]
    user = MembershipFactory(role="teacher").user
    settings.BRUG_PASSWORD_LOGIN = False
    client = Client()
    page = client.get(reverse("login")).content.decode()
    assert 'name="password"' not in page
    response = client.post(
        reverse("login"), {"username": user.username, "password": "brug-test-pass"}
    )
    assert response.status_code == 403
    assert client.get("/account/").status_code == 302
    settings.BRUG_PASSWORD_LOGIN = True
    assert (
        client.post(
            reverse("login"), {"username": user.username, "password": "brug-test-pass"}
        ).status_code
        == 302
    )
    assert SignIn.objects.get(user=user).method == "password"
