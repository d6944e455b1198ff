"""Invitations: made, resent, withdrawn and accepted (new password, existing account, government login)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from brug.accounts.models import Invitation, Membership, User
from brug.accounts.services._common import (
    NAME_MAX,
    USERNAME_MAX,
    _check_role,
    _clean_email,
    _send_invitation,
    token_hash,
)
from brug.core import policy
from brug.core.audit import audit_record
from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy
from brug.registry.models import Organisation


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
        raise ServiceError(gettext_lazy("Choose a language."), field="language")
    now = timezone.now()
    policy.require(
        actor,
        "create",
        Invitation(organisation=data.organisation, role=data.role, email=email),
        gettext_lazy("Only an administrator of this organisation can invite colleagues."),
    )
    if Membership.objects.filter(
        organisation=data.organisation, role=data.role, is_active=True, user__email__iexact=email
    ).exists():
        raise ServiceError(
            gettext_lazy("This person already holds this role in this organisation."),
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
            gettext_lazy("An invitation for this address and role is already open; resend it."),
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
            gettext_lazy("This invitation has already been used or withdrawn."),
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
            gettext_lazy("This invitation has already been sent ten times."),
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
        gettext_lazy(
            "This invitation is not valid (any more). Ask your organisation's administrator "
            "for a new one."
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
            gettext_lazy("Choose a username of at most 150 letters, digits or @.+-_."),
            field="username",
        )
    if not first or not last or len(first) > NAME_MAX or len(last) > NAME_MAX:
        raise ServiceError(
            gettext_lazy("Enter your first and last name (at most 150 characters)."),
            field="first_name",
        )
    if User.objects.filter(username__iexact=username).exists():
        raise ServiceError(
            gettext_lazy("This username is already taken."),
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
            gettext_lazy(
                "This password is too weak: choose at least 8 characters, not only digits and "
                "not too close to your name."
            ),
            field="password",
        ) from exc
    user.set_password(account.password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise ServiceError(
            gettext_lazy("This username is already taken."),
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
def invitation_accept_oidc(*, token: str, subject: str, first_name: str, last_name: str) -> User:
    """Accept an invitation with a government login: a new account linked to `subject`."""
    invitation = invitation_for_token(token)
    if invitation is None:
        raise _invalid_token()
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not subject or len(subject) > 255:
        raise ServiceError(gettext_lazy("Invalid identity."), code="oidc_subject")
    if User.objects.filter(oidc_subject=subject).exists():
        raise ServiceError(
            gettext_lazy("This identity is already linked to an account."),
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
