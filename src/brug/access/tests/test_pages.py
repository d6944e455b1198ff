"""The token pages: make (secret shown once), list (paged, bounded queries), detail with the
use log, revoke; outsiders see nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from brug.access.models import ApiToken, ApiTokenUse
from brug.access.tests.factories import make_token
from brug.accounts.tests.factories import MembershipFactory, user_with_role

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_make_a_token_the_secret_is_shown_once() -> None:
    guide = user_with_role("guide")
    school = guide.memberships.get().organisation
    client = _client(guide)
    form = client.get(reverse("access:token_create"))
    assert form.status_code == 200 and school.name in form.content.decode()
    default_expiry = (timezone.localdate() + dt.timedelta(days=90)).isoformat()
    assert f'value="{default_expiry}"' in form.content.decode()  # what <input type=date> reads
    response = client.post(
        reverse("access:token_create"),
        {
            "name": "Leerlingvolgsysteem",
            "organisation": str(school.pk),
            "scopes": ["workplace:read", "registry:read"],
            "expires_on": (timezone.localdate() + dt.timedelta(days=60)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get()
    assert token.organisation == school and token.user == guide
    secret = response.context["secret"]
    assert secret.startswith(f"brug_{token.prefix}_") and secret in response.content.decode()
    # Never again: not on the list, not on the detail page.
    for url in (reverse("access:token_list"), reverse("access:token_detail", args=[token.pk])):
        page = client.get(url)
        assert page.status_code == 200 and secret not in page.content.decode()
        assert token.prefix in page.content.decode()


def test_bad_input_on_the_page_is_a_clear_error_and_writes_nothing() -> None:
    client = _client(user_with_role("guide"))
    response = client.post(
        reverse("access:token_create"),
        {
            "name": "x",
            "organisation": "",
            "scopes": ["registry:read"],
            "expires_on": (timezone.localdate() + dt.timedelta(days=900)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "De vervaldatum ligt na vandaag" in response.content.decode()
    foreign = client.post(
        reverse("access:token_create"),
        {
            "name": "x",
            "organisation": "999999",
            "scopes": ["registry:read"],
            "expires_on": (timezone.localdate() + dt.timedelta(days=9)).isoformat(),
        },
    )
    assert foreign.status_code == 200 and foreign.context["form"].errors
    assert not ApiToken.objects.exists()


def test_revoke_from_the_page() -> None:
    contact = user_with_role("company_contact")
    token, _ = make_token(contact)
    client = _client(contact)
    response = client.post(reverse("access:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == contact
    again = client.get(reverse("access:token_detail", args=[token.pk]))
    assert "ingetrokken op" in again.content.decode()


@pytest.mark.parametrize("role", ["guide", "company_contact", "department_work", "teacher"])
def test_outsiders_see_and_revoke_nothing(role: str) -> None:
    owner = user_with_role("company_contact")
    token, _ = make_token(
        owner, organisation=owner.memberships.get().organisation, name="Koppeling ACME-ERP"
    )
    ApiTokenUse.objects.create(token=token, method="GET", path="/api/secret-path/")
    client = _client(user_with_role(role))
    listing = client.get(reverse("access:token_list"))
    assert listing.status_code == 200 and token.name not in listing.content.decode()
    assert token.prefix not in listing.content.decode()
    assert client.get(reverse("access:token_detail", args=[token.pk])).status_code == 404
    assert client.post(reverse("access:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_anonymous_is_sent_to_the_login_and_a_learner_is_refused() -> None:
    token, _ = make_token()
    for url in (
        reverse("access:token_list"),
        reverse("access:token_create"),
        reverse("access:token_detail", args=[token.pk]),
    ):
        assert Client().get(url).status_code == 302
    learner = _client(user_with_role("learner"))
    assert learner.get(reverse("access:token_list")).status_code == 403
    assert learner.get(reverse("access:token_create")).status_code == 403


def test_a_colleague_sees_the_organisation_token_and_its_use_log() -> None:
    owner = user_with_role("company_contact")
    company = owner.memberships.get().organisation
    token, _ = make_token(owner, organisation=company)
    ApiTokenUse.objects.create(token=token, method="GET", path="/api/registry/provinces/")
    colleague = MembershipFactory(organisation=company, role="company_contact").user
    page = _client(colleague).get(reverse("access:token_detail", args=[token.pk]))
    assert page.status_code == 200 and "/api/registry/provinces/" in page.content.decode()


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_and_use_log_have_a_query_budget_and_pages() -> None:
    guide = user_with_role("guide")
    school = guide.memberships.get().organisation
    client = _client(guide)
    token, _ = make_token(guide, organisation=school)
    ApiTokenUse.objects.create(token=token, method="GET", path="/api/x/")
    list_url = reverse("access:token_list")
    detail_url = reverse("access:token_detail", args=[token.pk])
    small = (_queries(client, list_url), _queries(client, detail_url))
    for _ in range(60):
        make_token(guide)
        make_token(MembershipFactory(organisation=school, role="guide").user, organisation=school)
    ApiTokenUse.objects.bulk_create(
        [ApiTokenUse(token=token, method="GET", path=f"/api/x/{i}/") for i in range(120)]
    )
    large = (_queries(client, list_url), _queries(client, detail_url))
    assert large == small
    assert small[0] <= 12 and small[1] <= 12
    page = client.get(list_url)
    assert len(page.context["tokens"]) == 50 and page.context["tokens"].paginator.count == 121
    assert len(client.get(detail_url).context["uses"]) == 50


def test_the_lockout_list_has_a_query_budget() -> None:
    from brug.access.tests.factories import make_attempt

    client = _client(user_with_role("platform_admin"))
    make_attempt(username="a")
    url = reverse("access:lockout_list")
    small = _queries(client, url)
    for i in range(70):
        make_attempt(username=f"u{i}")
    assert _queries(client, url) == small
