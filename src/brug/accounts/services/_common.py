"""What the account services share: limits, e-mail and role checks, the invitation mail."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.urls import reverse
from django.utils import timezone

from brug.accounts.models import Invitation
from brug.accounts.roles import ROLE_ORGANISATION_KIND, Role
from brug.core.errors import ServiceError
from brug.core.i18n import Message, gettext_lazy
from brug.core.mail import mail_queue
from brug.registry.models import Organisation

NAME_MAX = 150
SIGN_IN_RETENTION_DAYS = 90
USERNAME_MAX = 150


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
            gettext_lazy("Enter a valid e-mail address."),
            code="email_invalid",
            field="email",
        ) from exc
    return value


def _check_role(role: str, organisation: Organisation) -> None:
    if role not in Role.values:
        raise ServiceError(gettext_lazy("Choose a role."), code="role_unknown", field="role")
    if ROLE_ORGANISATION_KIND[role] != organisation.kind:
        raise ServiceError(
            gettext_lazy("This role does not belong to this kind of organisation."),
            code="role_kind",
            field="role",
        )


def _send_invitation(invitation: Invitation, token: str) -> None:
    org = invitation.organisation.name
    role_nl, _, role_en = invitation.get_role_display().partition(" / ")
    mail_queue(
        to=invitation.email,
        language=invitation.language,
        subject=gettext_lazy("Invitation to Brug: {org}", org=org),
        paragraphs=[
            Message(
                nl=f"U bent uitgenodigd om in Brug te werken voor {org} als {role_nl}.",
                en=f"You have been invited to work in Brug for {org} as {role_en or role_nl}.",
            ),
            gettext_lazy(
                "This invitation is valid until {d}. Through the button you choose a password "
                "or sign in with the Flemish government's login service.",
                d=timezone.localtime(invitation.expires_at).strftime("%d/%m/%Y %H:%M"),
            ),
        ],
        action_url=reverse("accounts:accept", args=[token]),
        action_label=gettext_lazy("Accept the invitation"),
    )
