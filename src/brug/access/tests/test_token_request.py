"""An API token request without a session cookie passes the browser middleware over (session,
sign-in from the session, messages, htmx: `brug.core.middleware.is_token_api`) and keeps every
guarantee: authenticated and logged, security headers on, language chosen per request, no
session made. With a session cookie, and for pages, the full chain runs."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import override_settings
from rest_framework.test import APIClient

from brug.access.models import ApiTokenUse
from brug.access.tests.factories import make_token
from brug.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/registry/provinces/"


def _client(scopes: list[str] | None = None) -> APIClient:
    _, secret = make_token(UserFactory(), scopes=scopes or ["registry:read"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


@override_settings(
    SECURE_HSTS_SECONDS=3600, SECURE_CONTENT_TYPE_NOSNIFF=True, X_FRAME_OPTIONS="DENY"
)
def test_a_token_request_skips_the_session_and_keeps_headers_and_use_log() -> None:
    client = _client()
    uses, sessions = ApiTokenUse.objects.count(), Session.objects.count()
    response = client.get(URL, secure=True)
    assert response.status_code == 200
    request = response.wsgi_request
    assert not hasattr(request, "session")  # the session middleware passed it over
    assert not hasattr(request, "_messages")
    # DRF's token authentication set the person on the request, as before.
    assert request.user.is_authenticated
    assert ApiTokenUse.objects.count() == uses + 1
    assert Session.objects.count() == sessions
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert "Content-Security-Policy" in response
    assert response["Strict-Transport-Security"].startswith("max-age=3600")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Request-ID"]
    assert response["Content-Language"] == "nl"


def test_a_token_request_still_chooses_its_language() -> None:
    client = _client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Language"] == "en"


def test_a_bad_token_is_still_refused_without_a_session() -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer brug_000000000000_not-a-real-secret")
    response = client.get(URL)
    assert response.status_code == 401
    assert not hasattr(response.wsgi_request, "session")


def test_scopes_are_still_checked() -> None:
    response = _client(["workplace:read"]).get(URL)
    assert response.status_code == 403
    assert not hasattr(response.wsgi_request, "session")


def test_with_a_session_cookie_the_full_chain_runs() -> None:
    client = _client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"
    response = client.get(URL)
    assert response.status_code == 200
    assert hasattr(response.wsgi_request, "session")


def test_pages_and_anonymous_api_requests_keep_the_session() -> None:
    assert hasattr(APIClient().get(URL).wsgi_request, "session")
    assert hasattr(APIClient().get("/aanmelden/").wsgi_request, "session")


def test_the_browsable_page_of_a_token_request_renders_without_a_session() -> None:
    response = _client().get(URL, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert not hasattr(response.wsgi_request, "session")


def test_the_public_schema_and_docs_are_served_to_a_request_with_a_token() -> None:
    """Everyone may read the API's schema and documentation; a script that sends its token
    along gets them too (before: 403, the token has no scope for them), the same as anyone."""
    client = _client()
    anonymous = APIClient()
    for path in ("/api/schema/", "/api/docs/", "/api/docs/?script="):
        assert client.get(path).status_code == 200, path
    assert client.get("/api/schema/").content == anonymous.get("/api/schema/").content
    assert "Content-Security-Policy" in client.get("/api/docs/")
