"""Guessing passwords does not work: lockout per username and address on every way in,
the platform admin can release it, and sign-ins, failures and lockouts reach the audit trail."""

from __future__ import annotations

import base64

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from brug.access import services
from brug.access.tests.factories import make_attempt
from brug.accounts.tests.factories import UserFactory, user_with_role
from brug.core.models import AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "brug-test-pass"
WRONG = "not-the-password"
API_URL = "/api/registry/provinces/"


def _basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_limit_is_well_below_the_attack() -> None:
    assert 1 <= settings.AXES_FAILURE_LIMIT < 30


def test_login_page_forty_wrong_then_right_is_still_locked() -> None:
    user = UserFactory()
    client = Client()
    for _ in range(40):
        client.post(reverse("login"), {"username": user.username, "password": WRONG})
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert not _signed_in(client)
    body = response.content.decode()
    assert "tijdelijk geblokkeerd" in body and "<html" in body  # the branded page
    assert 'id="locked-out"' in body


def test_the_lockout_page_speaks_english_too() -> None:
    user = UserFactory()
    client = Client(headers={"accept-language": "en"})
    client.cookies["django_language"] = "en"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": user.username, "password": WRONG})
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "Signing in is temporarily locked" in response.content.decode()


def test_a_few_mistakes_do_not_lock_and_success_resets() -> None:
    user = UserFactory()
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("login"), {"username": user.username, "password": WRONG})
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and _signed_in(client)


def test_lockout_is_per_username_and_address() -> None:
    user = UserFactory()
    attacker = Client(REMOTE_ADDR="198.51.100.9")
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        attacker.post(reverse("login"), {"username": user.username, "password": WRONG})
    owner = Client(REMOTE_ADDR="203.0.113.5")
    response = owner.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and _signed_in(owner)


def test_http_basic_thirty_wrong_then_right_is_refused() -> None:
    user = UserFactory()
    api = APIClient()
    assert api.get(API_URL, HTTP_AUTHORIZATION=_basic(user.username, PASSWORD)).status_code == 200
    for _ in range(30):
        wrong = api.get(API_URL, HTTP_AUTHORIZATION=_basic(user.username, WRONG))
        assert wrong.status_code in (401, 429)
    response = api.get(API_URL, HTTP_AUTHORIZATION=_basic(user.username, PASSWORD))
    assert response.status_code in (401, 429)
    assert response.status_code != 200


def test_admin_login_forty_wrong_then_right_is_still_locked() -> None:
    admin = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    url = "/beheer/login/"
    for _ in range(40):
        client.post(url, {"username": admin.username, "password": WRONG})
    response = client.post(url, {"username": admin.username, "password": PASSWORD})
    assert response.status_code == 429
    assert not _signed_in(client)


def test_platform_admin_releases_a_lockout_and_the_person_gets_in() -> None:
    user = UserFactory()
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post(reverse("login"), {"username": user.username, "password": WRONG})
    admin = user_with_role("platform_admin")
    page = Client()
    page.force_login(admin)
    listing = page.get(reverse("access:lockout_list"))
    assert listing.status_code == 200 and user.username in listing.content.decode()
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.get(username=user.username)
    released = page.post(reverse("access:lockout_release", args=[attempt.pk]))
    assert released.status_code == 302
    assert not AccessAttempt.objects.filter(username=user.username).exists()
    assert AuditEntry.objects.filter(verb="lockout_released", object_repr=user.username).exists()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and _signed_in(client)


@pytest.mark.parametrize("role", ["guide", "company_contact", "department_work", "learner"])
def test_outsiders_neither_see_nor_release_lockouts(role: str) -> None:
    attempt = make_attempt(username="victim")
    client = Client()
    client.force_login(user_with_role(role))
    assert client.get(reverse("access:lockout_list")).status_code == 403
    response = client.post(reverse("access:lockout_release", args=[attempt.pk]))
    assert response.status_code == 404
    assert Client().get(reverse("access:lockout_list")).status_code == 302  # to the login
    with pytest.raises(Exception):  # noqa: B017 - NotAllowed, a PermissionDenied
        services.lockout_release(actor=user_with_role(role), attempt=attempt)
    assert type(attempt).objects.filter(pk=attempt.pk).exists()


def test_sign_ins_failures_and_lockouts_reach_the_audit_trail() -> None:
    user = UserFactory()
    client = Client(REMOTE_ADDR="192.0.2.44")
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    signed = AuditEntry.objects.get(verb="signed_in")
    assert signed.actor == user and signed.object_id == str(user.pk)
    assert signed.changes == {"ip": "192.0.2.44", "channel": "page"}
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": user.username, "password": WRONG})
    failed = AuditEntry.objects.filter(verb="sign_in_failed", object_id=str(user.pk))
    assert failed.count() == settings.AXES_FAILURE_LIMIT
    assert all(WRONG not in str(e.changes) for e in failed)
    assert AuditEntry.objects.filter(verb="locked_out", object_repr=user.username).count() == 1
    # An unknown username is recorded as typed, with no user id.
    client.post(reverse("login"), {"username": "nobody-here", "password": WRONG})
    unknown = AuditEntry.objects.get(verb="sign_in_failed", object_repr="nobody-here")
    assert unknown.object_id == "" and unknown.actor is None


def test_failed_basic_and_admin_sign_ins_name_their_channel() -> None:
    user = UserFactory()
    APIClient().get(API_URL, HTTP_AUTHORIZATION=_basic(user.username, WRONG))
    Client().post("/beheer/login/", {"username": user.username, "password": WRONG})
    channels = set(
        AuditEntry.objects.filter(verb="sign_in_failed").values_list("changes__channel", flat=True)
    )
    assert channels == {"api", "admin"}
