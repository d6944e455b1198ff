"""Profile, password change and reset, the organisation one acts for, error and statement
pages: in the visitor's language, and nobody sees another person's account."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import path, reverse

from brug.accounts.models import User
from brug.accounts.tests.factories import MembershipFactory, UserFactory, user_with_role
from brug.config.urls import urlpatterns as brug_urls
from brug.core.errors import NotAllowed
from brug.core.i18n import by_language
from brug.core.testing.smtp import SMTPServer
from brug.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _refuse(request):  # type: ignore[no-untyped-def]
    raise NotAllowed(
        by_language(
            {
                "nl": "Alleen sectoren zien de tekortradar.",
                "en": "Only sectors see the shortage radar.",
            }
        )
    )


def _bare_refuse(request):  # type: ignore[no-untyped-def]
    raise PermissionDenied


def _crash(request):  # type: ignore[no-untyped-def]
    raise RuntimeError("boom")


handler400 = "brug.core.views.bad_request"
urlpatterns = [
    path("test-refuse/", _refuse),
    path("test-bare-refuse/", _bare_refuse),
    path("test-crash/", _crash),
    *brug_urls,
]


def _english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_403_shows_the_reason_in_the_visitors_language() -> None:
    client = Client()
    client.force_login(user_with_role("company_contact"))
    nl = client.get("/test-refuse/")
    assert nl.status_code == 403 and "Alleen sectoren zien de tekortradar." in nl.content.decode()
    assert "U hebt hier geen toegang toe" in nl.content.decode()
    en = _english(client).get("/test-refuse/")
    assert "Only sectors see the shortage radar." in en.content.decode()
    assert "You do not have access to this" in en.content.decode()
    bare = client.get("/test-bare-refuse/")
    assert "You are not allowed to see this or do this." in bare.content.decode()


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_404_and_500_are_branded_and_bilingual() -> None:
    client = Client(raise_request_exception=False)
    missing = client.get("/bestaat-niet/")
    assert missing.status_code == 404 and "Deze pagina bestaat niet" in missing.content.decode()
    assert "Brug" in missing.content.decode()
    crash = client.get("/test-crash/")
    assert crash.status_code == 500 and "Er ging bij Brug iets mis" in crash.content.decode()
    assert "boom" not in crash.content.decode()
    en = _english(Client(raise_request_exception=False)).get("/test-crash/")
    assert "Something went wrong in Brug" in en.content.decode()


@override_settings(DEBUG=False)
def test_a_bad_request_gets_the_branded_400() -> None:
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="not allowed host")
    assert response.status_code == 400
    assert "Brug begreep deze vraag niet" in response.content.decode()


@pytest.mark.parametrize("name", ["privacy", "accessibility", "cookies"])
def test_statements_are_public_and_bilingual(name: str) -> None:
    nl = Client().get(reverse(name)).content.decode()
    en = _english(Client()).get(reverse(name)).content.decode()
    assert nl != en and "<h1>" in nl
    assert reverse(name) in Client().get("/").content.decode()  # linked in the footer


def test_profile_is_only_ones_own_and_saves_language(settings) -> None:  # type: ignore[no-untyped-def]
    assert Client().get(reverse("accounts:profile")).status_code == 302  # anonymous: sign in
    user = user_with_role("teacher")
    other = user_with_role("teacher")
    client = Client()
    client.force_login(user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert user.email in page and other.email not in page
    response = client.post(
        reverse("accounts:profile"),
        {
            "first_name": "Ann",
            "last_name": "Peeters",
            "email": "ann@example.org",
            "preferred_language": "en",
            "mail_digest": "on",
        },
    )
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"
    assert "My account" in client.get(reverse("accounts:profile")).content.decode()
    bad = client.post(
        reverse("accounts:profile"),
        {"first_name": "Ann", "last_name": "P", "email": "x", "preferred_language": "en"},
    )
    assert bad.status_code == 400 and "Enter a valid e-mail address." in bad.content.decode()
    user.refresh_from_db()
    assert (user.email, user.mail_digest) == ("ann@example.org", True)


def test_password_change() -> None:
    user = user_with_role("guide")
    client = Client()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "brug-test-pass",
            "new_password1": "nieuw-lang-77",
            "new_password2": "nieuw-lang-77",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("nieuw-lang-77")


def test_password_reset_mail_arrives_at_the_smtp_server_and_the_link_works(
    smtp_server: SMTPServer, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    settings.BRUG_BASE_URL = "http://testserver"
    user = UserFactory(email="vergeet@example.org", preferred_language="en")
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "vergeet@example.org"})
    assert response.status_code == 302
    message = smtp_server.messages[-1]
    assert message["Subject"] == "[Brug] New password for Brug"
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    link = re.search(r"http://testserver(/account/herstel/\S+/)", text)
    assert link, text
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "vers-wachtwoord-9", "new_password2": "vers-wachtwoord-9"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("vers-wachtwoord-9")
    # An unknown address gets the same answer and no mail.
    count = len(smtp_server.messages)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "niemand@example.org"})
    assert len(smtp_server.messages) == count


def test_a_person_with_roles_in_two_organisations_picks_the_one_to_act_in() -> None:
    school = OrganisationFactory(kind="school", name="School Eén")
    company = OrganisationFactory(kind="company", name="Bedrijf Twee")
    person = MembershipFactory(organisation=school, role="guide", is_org_admin=True).user
    MembershipFactory(user=person, organisation=company, role="company_contact")
    client = Client()
    client.force_login(person)
    page = client.get("/").content.decode()
    assert 'id="active-organisation"' in page and "Bedrijf Twee" in page and "School Eén" in page
    # Acting for the company, the school's colleague page is refused.
    client.post(reverse("accounts:choose_organisation"), {"organisation": company.pk, "next": "/"})
    assert client.get(reverse("accounts:members", args=[school.pk])).status_code == 403
    client.post(reverse("accounts:choose_organisation"), {"organisation": school.pk, "next": "/"})
    assert client.get(reverse("accounts:members", args=[school.pk])).status_code == 200
    # An organisation one has no role in cannot be chosen.
    stranger = OrganisationFactory(kind="school")
    response = client.post(
        reverse("accounts:choose_organisation"),
        {"organisation": stranger.pk, "next": "https://elders.example/"},
    )
    assert response["Location"] == "/"  # never off-site
    assert client.session["brug_active_organisation"] == school.pk
    assert User.objects.count() == 1


def test_the_menu_shows_colleagues_to_administrators_and_onboarding_to_the_platform() -> None:
    admin = MembershipFactory(
        role="guide", organisation=OrganisationFactory(kind="school"), is_org_admin=True
    ).user
    member = user_with_role("teacher")
    platform = user_with_role("platform_admin")
    for user, colleagues, onboard in (
        (admin, True, False),
        (member, False, False),
        (platform, False, True),
    ):
        client = Client()
        client.force_login(user)
        page = client.get("/").content.decode()
        assert (reverse("accounts:my_members") in page) is colleagues
        assert (reverse("accounts:onboard") in page) is onboard
    client = Client()
    client.force_login(admin)
    response = client.get(reverse("accounts:my_members"))
    assert response["Location"] == reverse(
        "accounts:members", args=[admin.memberships.get().organisation_id]
    )
    client.force_login(member)
    assert client.get(reverse("accounts:my_members")).status_code == 403


@override_settings(DEBUG=False)
def test_a_company_user_on_the_shortage_radar_reads_why_not() -> None:
    client = Client()
    client.force_login(user_with_role("company_contact"))
    response = client.get(reverse("monitoring:shortage"))
    assert response.status_code == 403
    assert "De tekortradar is er voor de departementen" in response.content.decode()
