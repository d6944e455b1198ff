"""The API: 401 with WWW-Authenticate for missing or bad credentials, rate limits switched on,
and scoped API tokens (hashed, expiring, revocable, every use logged)."""

from __future__ import annotations

import base64
import datetime as dt
import os
import subprocess
import sys

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.throttling import SimpleRateThrottle

from brug.access import services
from brug.access.authentication import TokenAuthentication
from brug.access.models import ApiToken, ApiTokenUse
from brug.access.tests.factories import make_token
from brug.accounts.tests.factories import MembershipFactory, UserFactory, user_with_role
from brug.core import policy
from brug.core.errors import NotAllowed, ServiceError
from brug.core.models import AuditEntry
from brug.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

PUBLIC_URL = "/api/registry/provinces/"
PRIVATE_URL = "/api/monitoring/snapshots/"


def _bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


# ------------------------------------------------------------------ 401, not 403
def test_anonymous_on_a_closed_endpoint_gets_401_with_a_challenge() -> None:
    response = APIClient().get(PRIVATE_URL)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize(
    "header",
    [
        "Basic " + base64.b64encode(b"nobody:wrong").decode(),
        "Bearer brug_000000000000_not-a-real-secret",
        "Bearer not-even-the-shape",
        "Bearer two parts",
    ],
)
def test_bad_credentials_get_401_with_a_challenge(header: str) -> None:
    response = APIClient().get(PUBLIC_URL, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_signed_in_person_without_the_right_still_gets_403() -> None:
    api = APIClient()
    api.force_authenticate(user_with_role("learner"))
    assert api.get(PRIVATE_URL).status_code == 403


# ------------------------------------------------------------------ rate limits
def test_anonymous_and_per_user_rate_limits_are_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": "5/min"})
    anon = APIClient()
    codes = [anon.get(PUBLIC_URL).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert int(anon.get(PUBLIC_URL)["Retry-After"]) > 0
    _, secret = make_token(UserFactory(), scopes=["registry:read"])
    user_codes = [APIClient().get(PUBLIC_URL, **_bearer(secret)).status_code for _ in range(6)]
    assert user_codes == [200] * 5 + [429]  # counted per user, whatever the client


def test_the_rate_limit_cache_is_redis_when_configured() -> None:
    code = (
        "from brug.config import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.CACHES['default'].get('LOCATION', ''))"
    )
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    plain = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert plain.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache"
    env["REDIS_URL"] = "redis://10.0.0.1:6379/4"
    shared = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert shared.stdout.split() == [
        "brug.core.cache_backends.RedisCache",
        "redis://10.0.0.1:6379/4",
    ]


def test_production_has_no_http_basic_with_a_password() -> None:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.REST_FRAMEWORK['DEFAULT_AUTHENTICATION_CLASSES'])"
    )
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="brug.config.settings_production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="brug.example.org",
    )
    env.pop("DEBUG", None)
    env.pop("BRUG_API_BASIC_AUTH", None)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert "TokenAuthentication" in out.stdout, out.stderr
    assert "BasicAuthentication" not in out.stdout


# ------------------------------------------------------------------ tokens
def test_token_create_shows_the_secret_once_and_stores_a_hash() -> None:
    user = user_with_role("guide")
    token, secret = services.token_create(
        actor=user,
        name="  nightly export ",
        scopes=["registry:read", "workplace:write"],
        expires_on=timezone.localdate() + dt.timedelta(days=30),
    )
    token.refresh_from_db()
    assert token.name == "nightly export"
    assert secret.startswith(f"brug_{token.prefix}_")
    stored = " ".join(str(v) for v in ApiToken.objects.filter(pk=token.pk).values().get().values())
    assert secret.split("_", 2)[2] not in stored
    assert len(token.secret_hash) == 64
    assert AuditEntry.objects.filter(verb="api_token_created", object_id=str(token.pk)).exists()
    assert services.token_check(secret) == token


@pytest.mark.parametrize(
    ("name", "scopes", "days", "field"),
    [
        ("", ["registry:read"], 30, "name"),
        ("x" * 101, ["registry:read"], 30, "name"),
        ("ok", [], 30, "scopes"),
        ("ok", ["registry:admin"], 30, "scopes"),
        ("ok", ["secret:read"], 30, "scopes"),
        ("ok", ["registry:read"], 0, "expires_on"),
        ("ok", ["registry:read"], -3, "expires_on"),
        ("ok", ["registry:read"], 367, "expires_on"),
    ],
)
def test_token_create_refuses_bad_input_and_writes_nothing(
    name: str, scopes: list[str], days: int, field: str
) -> None:
    user = user_with_role("guide")
    with pytest.raises(ServiceError) as caught:
        services.token_create(
            actor=user,
            name=name,
            scopes=scopes,
            expires_on=timezone.localdate() + dt.timedelta(days=days),
        )
    assert caught.value.field == field
    assert caught.value.text.resolve("nl") and caught.value.text.resolve("en")
    assert not ApiToken.objects.exists()


def test_a_learner_makes_no_tokens_and_nobody_makes_one_for_a_foreign_organisation() -> None:
    with pytest.raises(NotAllowed):
        services.token_create(
            actor=user_with_role("learner"),
            name="x",
            scopes=["registry:read"],
            expires_on=timezone.localdate() + dt.timedelta(days=1),
        )
    with pytest.raises(NotAllowed):
        services.token_create(
            actor=user_with_role("company_contact"),
            name="x",
            scopes=["registry:read"],
            expires_on=timezone.localdate() + dt.timedelta(days=1),
            organisation=OrganisationFactory(),
        )
    assert not ApiToken.objects.exists()


def test_each_use_is_logged() -> None:
    token, secret = make_token(scopes=["registry:read"])
    api = APIClient(REMOTE_ADDR="192.0.2.10")
    assert api.get(PUBLIC_URL + "?limit=5", **_bearer(secret)).status_code == 200
    assert api.get(PUBLIC_URL, **_bearer(secret)).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None and token.last_used_ip == "192.0.2.10"
    uses = list(ApiTokenUse.objects.filter(token=token).order_by("pk"))
    assert [(u.method, u.path) for u in uses] == [
        ("GET", PUBLIC_URL + "?limit=5"),
        ("GET", PUBLIC_URL),
    ]


def test_last_used_is_rewritten_at_most_once_a_minute_per_address() -> None:
    token, secret = make_token(scopes=["registry:read"])
    api = APIClient(REMOTE_ADDR="192.0.2.10")
    assert api.get(PUBLIC_URL, **_bearer(secret)).status_code == 200
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    # Within the minute, from the same address: logged, but the token row is not rewritten.
    assert api.get(PUBLIC_URL, **_bearer(secret)).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == first
    # Another address is recorded at once.
    other = APIClient(REMOTE_ADDR="192.0.2.99")
    assert other.get(PUBLIC_URL, **_bearer(secret)).status_code == 200
    token.refresh_from_db()
    assert token.last_used_ip == "192.0.2.99" and token.last_used_at >= first
    # A minute later the time is recorded again.
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - services.LAST_USED_EVERY)
    assert other.get(PUBLIC_URL, **_bearer(secret)).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at > first
    assert ApiTokenUse.objects.filter(token=token).count() == 4  # every use logged


def test_scopes_are_enforced_per_domain_and_level() -> None:
    _, read = make_token(scopes=["registry:read"])
    _, write = make_token(scopes=["registry:write"])
    api = APIClient()
    assert api.get(PUBLIC_URL, **_bearer(read)).status_code == 200
    # another domain: refused, although the person could read it
    refused = api.get("/api/workplace/openings/", **_bearer(read))
    assert refused.status_code == 403
    assert "scopes" in str(refused.json())
    # a write with a read scope: refused by the scope; with a write scope the request gets
    # past the scope to the permission matrix (which refuses this person for its own reason)
    by_scope = api.post("/api/registry/sites/", {}, format="json", **_bearer(read))
    assert by_scope.status_code == 403 and "scopes" in str(by_scope.json())
    by_matrix = api.post("/api/registry/sites/", {}, format="json", **_bearer(write))
    assert by_matrix.status_code == 403 and "scopes" not in str(by_matrix.json())
    assert api.get(PUBLIC_URL, **_bearer(write)).status_code == 200


def test_expired_revoked_and_inactive_tokens_are_refused() -> None:
    expired, expired_secret = make_token(scopes=["registry:read"])
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    revoked, revoked_secret = make_token(scopes=["registry:read"])
    ApiToken.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    inactive, inactive_secret = make_token(scopes=["registry:read"])
    type(inactive.user).objects.filter(pk=inactive.user_id).update(is_active=False)
    tampered = make_token(scopes=["registry:read"])[1][:-2] + "zz"
    for secret in (expired_secret, revoked_secret, inactive_secret, tampered):
        response = APIClient().get(PUBLIC_URL, **_bearer(secret))
        assert response.status_code == 401
    assert not ApiTokenUse.objects.exists()


def test_revoke_by_owner_once_and_by_organisation_colleague() -> None:
    owner = user_with_role("company_contact")
    company = owner.memberships.get().organisation
    token, secret = services.token_create(
        actor=owner,
        name="erp",
        scopes=["registry:read"],
        expires_on=timezone.localdate() + dt.timedelta(days=10),
        organisation=company,
    )
    colleague = MembershipFactory(organisation=company, role="company_contact").user
    outsider = user_with_role("company_contact")
    with pytest.raises(NotAllowed):
        services.token_revoke(actor=outsider, token=token)
    services.token_revoke(actor=colleague, token=token)
    with pytest.raises(ServiceError):
        services.token_revoke(actor=owner, token=token)
    token.refresh_from_db()
    assert token.revoked_by == colleague
    assert APIClient().get(PUBLIC_URL, **_bearer(secret)).status_code == 401


def test_an_organisation_token_acts_only_with_the_roles_of_that_organisation() -> None:
    person = user_with_role("company_contact")
    company = person.memberships.get().organisation
    MembershipFactory(user=person, role="guide", organisation=OrganisationFactory(kind="school"))
    _, org_secret = make_token(person, organisation=company, scopes=["registry:read"])
    _, own_secret = make_token(person, scopes=["registry:read"])

    def roles(secret: str) -> set[str]:
        from brug.registry.api.views import ProvinceViewSet

        request = Request(
            APIRequestFactory().get(PUBLIC_URL, HTTP_AUTHORIZATION=f"Bearer {secret}"),
            parser_context={"view": ProvinceViewSet()},
        )
        authenticated = TokenAuthentication().authenticate(request)
        assert authenticated is not None
        return policy.roles_of(authenticated[0])

    assert roles(org_secret) == {"company_contact", "public"}
    assert roles(own_secret) == {"company_contact", "guide", "public"}
    # When the maker leaves the organisation, its token stops working.
    person.memberships.filter(organisation=company).update(is_active=False)
    assert APIClient().get(PUBLIC_URL, **_bearer(org_secret)).status_code == 401


def test_the_openapi_file_documents_the_token_scheme() -> None:
    from pathlib import Path

    import yaml

    schema = yaml.safe_load(
        (Path(__file__).resolve().parents[4] / "docs" / "openapi.yaml").read_text()
    )
    scheme = schema["components"]["securitySchemes"]["apiToken"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    operations = [op for item in schema["paths"].values() for op in item.values()]
    assert operations and all({"apiToken": []} in op["security"] for op in operations)


@settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(guess=st.text(max_size=120))
def test_no_string_but_the_secret_opens_a_token(guess: str) -> None:
    token, secret = make_token(name="fixed")
    prefix_guess = f"brug_{token.prefix}_{guess}"
    assert services.token_check(guess) is None
    assert (services.token_check(prefix_guess) is None) is (prefix_guess != secret)
    assert services.token_check(secret) == token
    ApiToken.objects.all().delete()
