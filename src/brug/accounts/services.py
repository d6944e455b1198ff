"""Writes on accounts: invitations, memberships of an organisation, a person's own profile.

Every function is keyword-only, runs in one transaction, checks the permission matrix and
writes the audit trail. Bad input raises `ServiceError` and changes nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from brug.accounts.models import Invitation, Membership, SignIn, User
from brug.accounts.roles import ROLE_ORGANISATION_KIND, Role
from brug.core import policy
from brug.core.audit import audit_record
from brug.core.errors import NotAllowed, ServiceError
from brug.core.i18n import Text, t
from brug.core.mail import mail_queue
from brug.registry.models import Organisation
from brug.registry.validators import normalise_enterprise_number

NAME_MAX = 150
SIGN_IN_RETENTION_DAYS = 90
USERNAME_MAX = 150
SIGN_IN_RETENTION_DAYS = 90


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _clean_email(email: str) -> str:
    value = (email or "").strip().lower()
    try:
        if len(value) > 254:
            raise ValidationError("too long")
        validate_email(value)
    except ValidationError as exc:
        raise ServiceError(
            t("Geef een geldig e-mailadres.", "Enter a valid e-mail address."),
            code="email_invalid",
            field="email",
        ) from exc
    return value


def _check_role(role: str, organisation: Organisation) -> None:
    if role not in Role.values:
        raise ServiceError(t("Kies een rol.", "Choose a role."), code="role_unknown", field="role")
    if ROLE_ORGANISATION_KIND[role] != organisation.kind:
        raise ServiceError(
            t(
                "Deze rol hoort niet bij dit soort organisatie.",
                "This role does not belong to this kind of organisation.",
            ),
            code="role_kind",
            field="role",
        )


def _send_invitation(invitation: Invitation, token: str) -> None:
    org = invitation.organisation.name
    role_nl, _, role_en = invitation.get_role_display().partition(" / ")
    mail_queue(
        to=invitation.email,
        language=invitation.language,
        subject=t("Uitnodiging voor Brug: {org}", "Invitation to Brug: {org}", org=org),
        paragraphs=[
            Text(
                nl=f"U bent uitgenodigd om in Brug te werken voor {org} als {role_nl}.",
                en=f"You have been invited to work in Brug for {org} as {role_en or role_nl}.",
            ),
            t(
                "Deze uitnodiging is geldig tot {d}. Via de knop kiest u een wachtwoord of "
                "meldt u aan met de aanmeldingsdienst van de Vlaamse overheid.",
                "This invitation is valid until {d}. Through the button you choose a password "
                "or sign in with the Flemish government's login service.",
                d=timezone.localtime(invitation.expires_at).strftime("%d/%m/%Y %H:%M"),
            ),
        ],
        action_url=reverse("accounts:accept", args=[token]),
        action_label=t("Uitnodiging aanvaarden", "Accept the invitation"),
    )


@dataclass(frozen=True)
class InvitationData:
    organisation: Organisation
    email: str
    role: str
    as_org_admin: bool = False
    language: str = "nl"


@transaction.atomic
def invitation_create(*, actor: Any, data: InvitationData) -> tuple[Invitation, str]:
    """Invite a person by e-mail to hold `role` for the organisation. Returns the invitation
    and the token (only in the e-mail; the database keeps its hash)."""
    email = _clean_email(data.email)
    _check_role(data.role, data.organisation)
    if data.language not in ("nl", "en"):
        raise ServiceError(t("Kies een taal.", "Choose a language."), field="language")
    now = timezone.now()
    policy.require(
        actor,
        "create",
        Invitation(organisation=data.organisation, role=data.role, email=email),
        t(
            "Alleen een beheerder van deze organisatie kan collega's uitnodigen.",
            "Only an administrator of this organisation can invite colleagues.",
        ),
    )
    if Membership.objects.filter(
        organisation=data.organisation, role=data.role, is_active=True, user__email__iexact=email
    ).exists():
        raise ServiceError(
            t(
                "Deze persoon heeft deze rol al in deze organisatie.",
                "This person already holds this role in this organisation.",
            ),
            code="already_member",
            field="email",
        )
    if Invitation.objects.filter(
        organisation=data.organisation,
        email=email,
        role=data.role,
        accepted_at__isnull=True,
        withdrawn_at__isnull=True,
        expires_at__gt=now,
    ).exists():
        raise ServiceError(
            t(
                "Er loopt al een uitnodiging voor dit adres en deze rol; stuur ze opnieuw.",
                "An invitation for this address and role is already open; resend it.",
            ),
            code="already_invited",
            field="email",
        )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=data.organisation,
        email=email,
        role=data.role,
        as_org_admin=data.as_org_admin,
        language=data.language,
        token_hash=token_hash(token),
        invited_by=actor if getattr(actor, "is_authenticated", False) else None,
        expires_at=now + timedelta(days=settings.BRUG_INVITATION_DAYS),
    )
    audit_record(
        actor=actor,
        verb="accounts.invitation.create",
        obj=invitation,
        changes={"email": email, "role": data.role, "as_org_admin": data.as_org_admin},
    )
    _send_invitation(invitation, token)
    return invitation, token


def _open(invitation: Invitation) -> None:
    if invitation.accepted_at or invitation.withdrawn_at:
        raise ServiceError(
            t(
                "Deze uitnodiging is al gebruikt of ingetrokken.",
                "This invitation has already been used or withdrawn.",
            ),
            code="invitation_closed",
        )


@transaction.atomic
def invitation_resend(*, actor: Any, invitation: Invitation) -> str:
    """A new link (the old one stops working) and a new expiry date."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    policy.require(actor, "change", invitation)
    _open(invitation)
    if invitation.sent_count >= 10:
        raise ServiceError(
            t(
                "Deze uitnodiging werd al tien keer verstuurd.",
                "This invitation has already been sent ten times.",
            ),
            code="resend_limit",
        )
    token = secrets.token_urlsafe(32)
    invitation.token_hash = token_hash(token)
    invitation.sent_count += 1
    invitation.expires_at = timezone.now() + timedelta(days=settings.BRUG_INVITATION_DAYS)
    invitation.save(update_fields=["token_hash", "sent_count", "expires_at"])
    audit_record(actor=actor, verb="accounts.invitation.resend", obj=invitation)
    _send_invitation(invitation, token)
    return token


@transaction.atomic
def invitation_withdraw(*, actor: Any, invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    policy.require(actor, "delete", invitation)
    _open(invitation)
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["withdrawn_at"])
    audit_record(actor=actor, verb="accounts.invitation.withdraw", obj=invitation)
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    """The open, unexpired invitation with this token, or None."""
    if not token or len(token) > 100:
        return None
    invitation = (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invitation is None or invitation.accepted_at or invitation.withdrawn_at:
        return None
    if invitation.expires_at <= timezone.now():
        return None
    return invitation


def _invalid_token() -> ServiceError:
    return ServiceError(
        t(
            "Deze uitnodiging is niet (meer) geldig. Vraag de beheerder van uw organisatie om "
            "een nieuwe.",
            "This invitation is not valid (any more). Ask your organisation's administrator "
            "for a new one.",
        ),
        code="invitation_invalid",
    )


def _join(invitation: Invitation, user: User) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user,
        organisation=invitation.organisation,
        role=invitation.role,
        defaults={"is_org_admin": invitation.as_org_admin},
    )
    changed = []
    if not membership.is_active:
        membership.is_active = True
        changed.append("is_active")
    if invitation.as_org_admin and not membership.is_org_admin:
        membership.is_org_admin = True
        changed.append("is_org_admin")
    if changed:
        membership.save(update_fields=changed)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        actor=user,
        verb="accounts.invitation.accept",
        obj=invitation,
        changes={"membership": membership.pk, "new": created},
    )
    return membership


@dataclass(frozen=True)
class NewAccount:
    username: str
    first_name: str
    last_name: str
    password: str


@transaction.atomic
def invitation_accept_new(*, token: str, account: NewAccount) -> User:
    """Accept an invitation by creating an account with a password."""
    invitation = invitation_for_token(token)
    if invitation is None:
        raise _invalid_token()
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    username = account.username.strip()
    first, last = account.first_name.strip(), account.last_name.strip()
    if (
        not username
        or len(username) > USERNAME_MAX
        or not all(c.isalnum() or c in "@.+-_" for c in username)
    ):
        raise ServiceError(
            t(
                "Kies een gebruikersnaam van hoogstens 150 letters, cijfers of @.+-_.",
                "Choose a username of at most 150 letters, digits or @.+-_.",
            ),
            field="username",
        )
    if not first or not last or len(first) > NAME_MAX or len(last) > NAME_MAX:
        raise ServiceError(
            t(
                "Vul uw voornaam en familienaam in (hoogstens 150 tekens).",
                "Enter your first and last name (at most 150 characters).",
            ),
            field="first_name",
        )
    if User.objects.filter(username__iexact=username).exists():
        raise ServiceError(
            t("Deze gebruikersnaam is al in gebruik.", "This username is already taken."),
            field="username",
        )
    user = User(
        username=username,
        first_name=first,
        last_name=last,
        email=invitation.email,
        preferred_language=invitation.language,
    )
    try:
        validate_password(account.password, user)
    except ValidationError as exc:
        raise ServiceError(
            t(
                "Dit wachtwoord is te zwak: kies minstens 8 tekens, niet alleen cijfers en niet "
                "te gelijkend op uw naam.",
                "This password is too weak: choose at least 8 characters, not only digits and "
                "not too close to your name.",
            ),
            field="password",
        ) from exc
    user.set_password(account.password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise ServiceError(
            t("Deze gebruikersnaam is al in gebruik.", "This username is already taken."),
            field="username",
        ) from exc
    audit_record(actor=user, verb="accounts.user.create", obj=user, changes={"via": "invitation"})
    _join(invitation, user)
    return user


@transaction.atomic
def invitation_accept_existing(*, token: str, user: User) -> Membership:
    """Accept an invitation with the account one is signed in with (or just linked)."""
    invitation = invitation_for_token(token)
    if invitation is None:
        raise _invalid_token()
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    return _join(invitation, user)


@transaction.atomic
def membership_change(
    *, actor: Any, membership: Membership, role: str | None = None, is_org_admin: bool | None = None
) -> Membership:
    membership = (
        Membership.objects.select_for_update().select_related("organisation").get(pk=membership.pk)
    )
    policy.require(actor, "change", membership)
    before = {"role": membership.role, "is_org_admin": membership.is_org_admin}
    if role is not None and role != membership.role:
        _check_role(role, membership.organisation)
        if Membership.objects.filter(
            user_id=membership.user_id, organisation_id=membership.organisation_id, role=role
        ).exists():
            raise ServiceError(
                t("Deze persoon heeft die rol al.", "This person already holds that role."),
                field="role",
            )
        membership.role = role
    if is_org_admin is not None:
        if not is_org_admin and membership.is_org_admin:
            _keep_an_admin(membership)
        membership.is_org_admin = is_org_admin
    after = {"role": membership.role, "is_org_admin": membership.is_org_admin}
    if after != before:
        membership.save(update_fields=["role", "is_org_admin"])
        audit_record(
            actor=actor,
            verb="accounts.membership.change",
            obj=membership,
            changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
        )
    return membership


def _keep_an_admin(membership: Membership) -> None:
    others = Membership.objects.filter(
        organisation_id=membership.organisation_id, is_org_admin=True, is_active=True
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise ServiceError(
            t(
                "Een organisatie houdt minstens één beheerder.",
                "An organisation keeps at least one administrator.",
            ),
            code="last_admin",
        )


@transaction.atomic
def membership_end(*, actor: Any, membership: Membership) -> Membership:
    """End a role: the person keeps the account but no longer acts for this organisation."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    policy.require(actor, "delete", membership)
    if not membership.is_active:
        raise ServiceError(t("Deze rol is al beëindigd.", "This role has already ended."))
    if membership.is_org_admin:
        _keep_an_admin(membership)
    membership.is_active = False
    membership.is_org_admin = False
    membership.save(update_fields=["is_active", "is_org_admin"])
    audit_record(actor=actor, verb="accounts.membership.end", obj=membership)
    return membership


@dataclass(frozen=True)
class ProfileData:
    first_name: str
    last_name: str
    email: str
    preferred_language: str
    mail_digest: bool


@transaction.atomic
def profile_update(*, actor: User, data: ProfileData) -> User:
    """A person changes their own name, e-mail, language and notification preference."""
    if not getattr(actor, "is_authenticated", False):
        raise ServiceError(t("Meld u eerst aan.", "Please sign in first."), code="anonymous")
    user = User.objects.select_for_update().get(pk=actor.pk)
    first, last = data.first_name.strip(), data.last_name.strip()
    if not first or not last or len(first) > NAME_MAX or len(last) > NAME_MAX:
        raise ServiceError(
            t(
                "Vul uw voornaam en familienaam in (hoogstens 150 tekens).",
                "Enter your first and last name (at most 150 characters).",
            ),
            field="first_name",
        )
    if data.preferred_language not in ("nl", "en"):
        raise ServiceError(t("Kies een taal.", "Choose a language."), field="preferred_language")
    email = _clean_email(data.email)
    fields = {
        "first_name": first,
        "last_name": last,
        "email": email,
        "preferred_language": data.preferred_language,
        "mail_digest": bool(data.mail_digest),
    }
    changes = {k: [getattr(user, k), v] for k, v in fields.items() if getattr(user, k) != v}
    if changes:
        for k, v in fields.items():
            setattr(user, k, v)
        user.save(update_fields=list(fields))
        audit_record(actor=user, verb="accounts.user.profile", obj=user, changes=changes)
    return user


def sign_in_record(*, user: User, method: str, ip_address: str | None, user_agent: str) -> SignIn:
    """Record a successful sign-in for the person's "recent sign-ins" list. Sign-ins older
    than `SIGN_IN_RETENTION_DAYS` are removed at the same time (kept no longer than useful)."""
    SignIn.objects.filter(
        user=user, at__lt=timezone.now() - timedelta(days=SIGN_IN_RETENTION_DAYS)
    ).delete()
    return SignIn.objects.create(
        user=user,
        method=method if method in ("password", "oidc") else "password",
        ip_address=ip_address or None,
        user_agent=(user_agent or "")[:300],
    )


ONBOARD_KINDS = ("company", "school", "sector_fund", "rtc")


def organisation_find(*, kind: str, identifier: str) -> Organisation:
    """The one registry organisation of `kind` with this enterprise number or exact name."""
    if kind not in ONBOARD_KINDS:
        raise ServiceError(
            t("Kies het soort organisatie.", "Choose the kind of organisation."), field="kind"
        )
    value = (identifier or "").strip()
    if not value or len(value) > 300:
        raise ServiceError(
            t(
                "Geef het ondernemingsnummer of de naam van de organisatie.",
                "Enter the enterprise number or the name of the organisation.",
            ),
            field="identifier",
        )
    candidates = Organisation.objects.none()
    try:
        number = normalise_enterprise_number(value)
    except ServiceError:
        number = ""
    if number:
        candidates = Organisation.objects.filter(kind=kind, enterprise_number=number)
    if not candidates.exists():
        candidates = Organisation.objects.filter(kind=kind, name__iexact=value)
    found = list(candidates.order_by("pk")[:2])
    if len(found) != 1:
        raise ServiceError(
            t(
                "Geen (of meer dan één) organisatie van dit soort met dit nummer of deze naam in "
                "het register.",
                "No (or more than one) organisation of this kind with this number or name in "
                "the registry.",
            ),
            code="organisation_not_found",
            field="identifier",
        )
    return found[0]


@transaction.atomic
def organisation_onboard(
    *, actor: Any, kind: str, identifier: str, email: str, role: str, language: str
) -> tuple[Invitation, str]:
    """The platform admin brings an organisation from the registry onto Brug by inviting its
    first organisation administrator."""
    organisation = organisation_find(kind=kind, identifier=identifier)
    if not policy.can(actor, "create", Invitation(organisation=organisation, role=role)) or not (
        policy.roles_of(actor) & {Role.PLATFORM_ADMIN}
    ):
        raise NotAllowed(
            t(
                "Alleen de platformbeheerder brengt een organisatie aan boord.",
                "Only the platform admin onboards an organisation.",
            )
        )
    return invitation_create(
        actor=actor,
        data=InvitationData(
            organisation=organisation,
            email=email,
            role=role,
            as_org_admin=True,
            language=language,
        ),
    )


@transaction.atomic
def invitation_accept_oidc(*, token: str, subject: str, first_name: str, last_name: str) -> User:
    """Accept an invitation with a government login: a new account linked to `subject`."""
    invitation = invitation_for_token(token)
    if invitation is None:
        raise _invalid_token()
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not subject or len(subject) > 255:
        raise ServiceError(t("Ongeldige identiteit.", "Invalid identity."), code="oidc_subject")
    if User.objects.filter(oidc_subject=subject).exists():
        raise ServiceError(
            t(
                "Deze identiteit is al aan een account gekoppeld.",
                "This identity is already linked to an account.",
            ),
            code="oidc_linked",
        )
    base = "gov-" + hashlib.sha256(subject.encode()).hexdigest()[:12]
    user = User(
        username=base,
        first_name=first_name.strip()[:NAME_MAX],
        last_name=last_name.strip()[:NAME_MAX],
        email=invitation.email,
        preferred_language=invitation.language,
        oidc_subject=subject,
    )
    user.set_unusable_password()
    user.save()
    audit_record(actor=user, verb="accounts.user.create", obj=user, changes={"via": "oidc"})
    _join(invitation, user)
    return user
