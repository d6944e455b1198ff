"""Invitations, colleagues and onboarding: services, pages and outsiders."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from brug.accounts import services
from brug.accounts.models import Invitation, Membership, User
from brug.accounts.tests.factories import InvitationFactory, MembershipFactory, user_with_role
from brug.core.errors import NotAllowed, ServiceError
from brug.core.models import AuditEntry, OutgoingMail
from brug.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/account/uitnodiging/[A-Za-z0-9_-]+/)")


@pytest.fixture(autouse=True)
def _base_url(settings):  # type: ignore[no-untyped-def]
    settings.BRUG_BASE_URL = "http://testserver"


@pytest.fixture
def school_admin() -> User:
    school = OrganisationFactory(kind="school", name="Testschool")
    return MembershipFactory(organisation=school, role="guide", is_org_admin=True).user


def _org(user: User):  # type: ignore[no-untyped-def]
    return user.memberships.get().organisation


def _invite(actor: User, email: str = "an@example.org", role: str = "teacher", **kw):  # type: ignore[no-untyped-def]
    return services.invitation_create(
        actor=actor,
        data=services.InvitationData(organisation=_org(actor), email=email, role=role, **kw),
    )


def _link_in_last_mail() -> str:
    body = mail.outbox[-1].body
    found = LINK.search(body)
    assert found, body
    return found.group(1)


def test_invite_sends_an_absolute_link_in_the_invitees_language_and_accepting_makes_a_member(
    school_admin: User, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = _invite(school_admin, "Nieuw@Example.org ", language="en")
    assert invitation.email == "nieuw@example.org"
    assert invitation.token_hash != token and len(token) > 30
    message = mail.outbox[-1]
    assert message.to == ["nieuw@example.org"]
    assert "Invitation to Brug: Testschool" in message.subject
    assert message.alternatives and "text/html" in message.alternatives[0][1]
    assert _link_in_last_mail() == f"/account/uitnodiging/{token}/"
    assert OutgoingMail.objects.get(to="nieuw@example.org").status == "sent"

    user = services.invitation_accept_new(
        token=token,
        account=services.NewAccount(
            username="nieuw", first_name="Nele", last_name="Nieuw", password="lang-genoeg-42"
        ),
    )
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role) == (_org(school_admin), "teacher")
    assert user.check_password("lang-genoeg-42") and user.preferred_language == "en"
    assert services.invitation_for_token(token) is None  # used once
    with pytest.raises(ServiceError):
        services.invitation_accept_new(
            token=token,
            account=services.NewAccount(
                username="tweede", first_name="A", last_name="B", password="lang-genoeg-42"
            ),
        )
    assert AuditEntry.objects.filter(verb="accounts.invitation.accept").count() == 1


def test_an_expired_or_withdrawn_invitation_cannot_be_accepted(school_admin: User) -> None:
    _, token = _invite(school_admin)
    Invitation.objects.update(
        created_at=timezone.now() - timedelta(days=30),
        expires_at=timezone.now() - timedelta(days=1),
    )
    assert services.invitation_for_token(token) is None
    response = Client().get(reverse("accounts:accept", args=[token]))
    assert response.status_code == 404
    assert "niet (meer) geldig" in response.content.decode()

    invitation, token2 = _invite(school_admin, "b@example.org")
    services.invitation_withdraw(actor=school_admin, invitation=invitation)
    assert services.invitation_for_token(token2) is None


def test_resend_replaces_the_link_and_extends_the_expiry(school_admin: User) -> None:
    invitation, old = _invite(school_admin)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() + timedelta(hours=1)
    )
    new = services.invitation_resend(actor=school_admin, invitation=invitation)
    invitation.refresh_from_db()
    assert new != old and services.invitation_for_token(old) is None
    assert services.invitation_for_token(new) == invitation
    assert invitation.sent_count == 2 and invitation.expires_at > timezone.now() + timedelta(
        days=13
    )


@pytest.mark.parametrize(
    ("email", "role", "field"),
    [
        ("geen-adres", "teacher", "email"),
        ("a" * 250 + "@x.be", "teacher", "email"),
        ("ok@example.org", "company_contact", "role"),  # a company role for a school
        ("ok@example.org", "bestaat-niet", "role"),
    ],
)
def test_bad_invitation_input_is_refused_and_changes_nothing(
    school_admin: User, email: str, role: str, field: str
) -> None:
    with pytest.raises(ServiceError) as caught:
        _invite(school_admin, email, role)
    assert caught.value.field == field
    assert not Invitation.objects.exists() and not OutgoingMail.objects.exists()


def test_a_member_without_the_admin_flag_cannot_invite(school_admin: User) -> None:
    colleague = MembershipFactory(organisation=_org(school_admin), role="teacher").user
    with pytest.raises(NotAllowed):
        _invite(colleague)
    assert not Invitation.objects.exists()


def test_the_last_administrator_stays(school_admin: User) -> None:
    own = school_admin.memberships.get()
    with pytest.raises(ServiceError):
        services.membership_end(actor=school_admin, membership=own)
    with pytest.raises(ServiceError):
        services.membership_change(actor=school_admin, membership=own, is_org_admin=False)
    colleague = MembershipFactory(organisation=own.organisation, role="teacher")
    services.membership_change(
        actor=school_admin, membership=colleague, role="guide", is_org_admin=True
    )
    colleague.refresh_from_db()
    assert (colleague.role, colleague.is_org_admin) == ("guide", True)
    services.membership_end(actor=school_admin, membership=own)
    own.refresh_from_db()
    assert not own.is_active and not own.is_org_admin


def test_onboarding_a_company_by_enterprise_number_invites_its_first_administrator() -> None:
    admin = user_with_role("platform_admin")
    company = OrganisationFactory(kind="company", name="Bouw NV", enterprise_number="0202239951")
    invitation, token = services.organisation_onboard(
        actor=admin,
        kind="company",
        identifier="BE 0202.239.951",
        email="baas@bouw.example",
        role="company_contact",
        language="nl",
    )
    assert invitation.organisation == company and invitation.as_org_admin
    user = services.invitation_accept_new(
        token=token,
        account=services.NewAccount(
            username="baas", first_name="Bea", last_name="Baas", password="lang-genoeg-42"
        ),
    )
    assert user.memberships.get().is_org_admin
    with pytest.raises(ServiceError):
        services.organisation_onboard(
            actor=admin,
            kind="company",
            identifier="0999.999.999",
            email="x@y.be",
            role="company_contact",
            language="nl",
        )
    company_admin = user
    with pytest.raises(NotAllowed):
        services.organisation_onboard(
            actor=company_admin,
            kind="company",
            identifier="0202239951",
            email="z@y.be",
            role="company_contact",
            language="nl",
        )


def test_profile_update_is_bounded() -> None:
    user = user_with_role("teacher")
    services.profile_update(
        actor=user,
        data=services.ProfileData(
            first_name="Ann",
            last_name="Peeters",
            email="ann@example.org",
            preferred_language="en",
            mail_digest=True,
        ),
    )
    user.refresh_from_db()
    assert (user.preferred_language, user.mail_digest, user.email) == (
        "en",
        True,
        "ann@example.org",
    )
    for bad in (
        {"first_name": "x" * 151},
        {"preferred_language": "fr"},
        {"email": "nope"},
        {"last_name": "  "},
    ):
        data = {
            "first_name": "A",
            "last_name": "B",
            "email": "a@b.be",
            "preferred_language": "nl",
            "mail_digest": False,
            **bad,
        }
        with pytest.raises(ServiceError):
            services.profile_update(actor=user, data=services.ProfileData(**data))
    user.refresh_from_db()
    assert user.first_name == "Ann"


class TestTokens(HypothesisTestCase):
    @settings(max_examples=30, deadline=None)
    @given(st.text(max_size=200))
    def test_no_random_token_opens_an_invitation(self, token: str) -> None:
        InvitationFactory()
        assert services.invitation_for_token(token) is None


# ---------------------------------------------------------------- pages


def test_admin_invites_and_removes_a_colleague_through_the_page(
    school_admin: User, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(school_admin)
    org = _org(school_admin)
    url = reverse("accounts:members", args=[org.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "c@example.org", "role": "teacher", "language": "nl"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    page = client.get(url).content.decode()
    assert "c@example.org" in page
    colleague = MembershipFactory(organisation=org, role="teacher")
    assert (
        client.post(reverse("accounts:membership_remove", args=[colleague.pk])).status_code == 302
    )
    colleague.refresh_from_db()
    assert not colleague.is_active
    client.post(reverse("accounts:invitation_action", args=[invitation.pk, "withdraw"]))
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None
    bad = client.post(url, {"email": "nope", "role": "teacher", "language": "nl"})
    assert bad.status_code == 400 and "geldig e-mailadres" in bad.content.decode()


def test_accept_page_creates_the_account_and_signs_in(school_admin: User) -> None:
    _, token = _invite(school_admin, "d@example.org")
    client = Client()
    url = reverse("accounts:accept", args=[token])
    assert "Testschool" in client.get(url).content.decode()
    weak = client.post(
        url, {"username": "d", "first_name": "D", "last_name": "E", "password": "123"}
    )
    assert weak.status_code == 400 and not User.objects.filter(username="d").exists()
    ok = client.post(
        url,
        {"username": "dirk", "first_name": "Dirk", "last_name": "E", "password": "lang-genoeg-42"},
    )
    assert ok.status_code == 302
    home = client.get(reverse("home"))
    assert home.wsgi_request.user.username == "dirk"
    assert "Testschool" in home.content.decode()  # the organisation one acts for


@pytest.mark.parametrize("who", ["public", "colleague", "other_admin"])
def test_outsiders_get_nothing_from_the_members_pages(school_admin: User, who: str) -> None:
    org = _org(school_admin)
    invitation, _ = _invite(school_admin)
    member = school_admin.memberships.get()
    client = Client()
    if who == "colleague":
        client.force_login(MembershipFactory(organisation=org, role="teacher").user)
    elif who == "other_admin":
        other = OrganisationFactory(kind="school")
        client.force_login(
            MembershipFactory(organisation=other, role="guide", is_org_admin=True).user
        )
    members = client.get(reverse("accounts:members", args=[org.pk]))
    if who == "public":
        assert members.status_code == 302 and "/aanmelden/" in members["Location"]
    else:
        assert members.status_code == 403
        assert "beheerder van deze organisatie" in members.content.decode()
        assert invitation.email not in members.content.decode()
    posts = [
        reverse("accounts:membership_remove", args=[member.pk]),
        reverse("accounts:membership_update", args=[member.pk]),
        reverse("accounts:invitation_action", args=[invitation.pk, "withdraw"]),
        reverse("accounts:invitation_action", args=[invitation.pk, "resend"]),
    ]
    for url in posts:
        response = client.post(url, {"role": "teacher"})
        assert (
            response.status_code in (302, 404) if who == "public" else response.status_code == 404
        )
    member.refresh_from_db()
    invitation.refresh_from_db()
    assert member.is_active and invitation.withdrawn_at is None and invitation.sent_count == 1


@pytest.mark.parametrize("role", ["public", "company_contact", "department_work"])
def test_only_the_platform_admin_onboards(role: str) -> None:
    client = Client()
    if role != "public":
        client.force_login(user_with_role(role))
    response = client.get(reverse("accounts:onboard"))
    assert response.status_code == (302 if role == "public" else 403)


def test_platform_admin_onboards_a_company_through_the_page() -> None:
    client = Client()
    client.force_login(user_with_role("platform_admin"))
    company = OrganisationFactory(kind="company", name="Bouw NV", enterprise_number="0202239951")
    response = client.post(
        reverse("accounts:onboard"),
        {
            "kind": "company",
            "identifier": "0202.239.951",
            "email": "baas@bouw.example",
            "role": "company_contact",
            "language": "nl",
        },
    )
    assert response.status_code == 302
    assert Invitation.objects.get().organisation == company
    missing = client.post(
        reverse("accounts:onboard"),
        {
            "kind": "school",
            "identifier": "Bestaat niet",
            "email": "a@b.be",
            "role": "guide",
            "language": "nl",
        },
    )
    assert missing.status_code == 400 and Invitation.objects.count() == 1


def test_members_page_query_count_is_the_same_for_3_and_30_people(school_admin: User) -> None:
    org = _org(school_admin)
    client = Client()
    client.force_login(school_admin)
    counts = []
    made = 0
    for size in (3, 30):
        for i in range(made, size):
            MembershipFactory(organisation=org, role="teacher")
            InvitationFactory(organisation=org, email=f"open{i}@example.org")
        made = size
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("accounts:members", args=[org.pk]))
        page = response.content.decode()
        assert page.count('id="member-') == size + 1 and page.count('id="invitation-') == size
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[0] <= 20, counts


def test_members_page_is_paged() -> None:
    school = OrganisationFactory(kind="school")
    admin = MembershipFactory(organisation=school, role="guide", is_org_admin=True).user
    MembershipFactory.create_batch(55, organisation=school, role="teacher")
    client = Client()
    client.force_login(admin)
    first = client.get(reverse("accounts:members", args=[school.pk])).content.decode()
    second = client.get(reverse("accounts:members", args=[school.pk]), {"page": 2}).content.decode()
    assert first.count('id="member-') == 50 and second.count('id="member-') == 6


def test_sign_ins_older_than_90_days_are_dropped_when_a_new_one_is_recorded() -> None:
    from brug.accounts.models import SignIn

    user = user_with_role("teacher")
    old = services.sign_in_record(
        user=user, method="password", ip_address="127.0.0.1", user_agent="x"
    )
    SignIn.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=91))
    recent = services.sign_in_record(
        user=user, method="oidc", ip_address=None, user_agent="y" * 400
    )
    assert list(SignIn.objects.filter(user=user)) == [recent]
    assert len(recent.user_agent) == 300
