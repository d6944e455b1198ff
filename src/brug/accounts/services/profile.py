"""A person's own profile and sign-ins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from brug.accounts.models import SignIn, User
from brug.accounts.services._common import (
    NAME_MAX,
    SIGN_IN_RETENTION_DAYS,
    _clean_email,
)
from brug.core.audit import audit_record
from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy


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
        raise ServiceError(gettext_lazy("Please sign in first."), code="anonymous")
    user = User.objects.select_for_update().get(pk=actor.pk)
    first, last = data.first_name.strip(), data.last_name.strip()
    if not first or not last or len(first) > NAME_MAX or len(last) > NAME_MAX:
        raise ServiceError(
            gettext_lazy("Enter your first and last name (at most 150 characters)."),
            field="first_name",
        )
    if data.preferred_language not in ("nl", "en"):
        raise ServiceError(gettext_lazy("Choose a language."), field="preferred_language")
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
