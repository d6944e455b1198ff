"""Writes of the access app: API tokens, their use log, lockout release and the sign-in audit."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from brug.access.models import NAME_MAX, TOKEN_MAX_DAYS, ApiToken, ApiTokenUse
from brug.access.scopes import ALL_SCOPES
from brug.accounts.models import SignIn
from brug.core import api_cache, bulk, policy
from brug.core.audit import audit_event, audit_record
from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy
from brug.registry.models import Organisation

TOKEN_TAG = "brug"  # noqa: S105 - the public label in front of every token, not a secret
PREFIX_BYTES = 6  # 12 hex characters: the public, unique part
SECRET_BYTES = 32


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _split(raw: str) -> tuple[str, str] | None:
    """`brug_<prefix>_<secret>` into (prefix, secret), or None when it has another shape."""
    parts = raw.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_TAG or len(raw) > 200:
        return None
    prefix, secret = parts[1], parts[2]
    if len(prefix) != 2 * PREFIX_BYTES or not secret:
        return None
    return prefix, secret


@transaction.atomic
def token_create(
    *,
    actor: Any,
    name: str,
    scopes: list[str],
    expires_on: dt.date,
    organisation: Organisation | None = None,
) -> tuple[ApiToken, str]:
    """Make a token; return it and its full secret, which is shown once and never stored."""
    name = (name or "").strip()
    if not name or len(name) > NAME_MAX:
        raise ServiceError(
            gettext_lazy("Give the token a name of 1 to {n} characters.", n=NAME_MAX),
            field="name",
        )
    chosen = sorted(set(scopes))
    if not chosen or any(s not in ALL_SCOPES for s in chosen):
        raise ServiceError(
            gettext_lazy("Choose at least one valid scope."),
            field="scopes",
        )
    today = timezone.localdate()
    if not today < expires_on <= today + dt.timedelta(days=TOKEN_MAX_DAYS):
        raise ServiceError(
            gettext_lazy(
                "The expiry date is after today and at most {n} days ahead.", n=TOKEN_MAX_DAYS
            ),
            field="expires_on",
        )
    token = ApiToken(
        name=name,
        user=actor,
        organisation=organisation,
        scopes=chosen,
        expires_at=timezone.make_aware(
            dt.datetime.combine(expires_on, dt.time(23, 59, 59)), timezone.get_current_timezone()
        ),
    )
    policy.require(actor, "create", token)
    secret = secrets.token_urlsafe(SECRET_BYTES)
    token.prefix = secrets.token_hex(PREFIX_BYTES)
    token.secret_hash = _hash(secret)
    token.save()
    audit_record(
        actor=actor,
        verb="api_token_created",
        obj=token,
        changes={"scopes": chosen, "organisation": organisation, "expires_on": str(expires_on)},
    )
    return token, f"{TOKEN_TAG}_{token.prefix}_{secret}"


@transaction.atomic
def token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    policy.require(actor, "revoke", token)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise ServiceError(gettext_lazy("This token has already been revoked."))
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    # A write: it bumps the data version (brug.core.api_cache), so the token kept under the
    # old version is unreachable and the next request with it is refused.
    token.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(actor=actor, verb="api_token_revoked", obj=token)
    return token


def token_check(raw: str) -> ApiToken | None:
    """The live token whose secret is `raw` (not revoked, not expired, active owner), or None.
    Compares hashes in constant time.

    A live token is kept (`BRUG_API_CACHE_SECONDS`, brug.core.api_cache) with its person and
    the roles they hold, under the data version: revoking it, a change of the person's
    memberships or deactivating them is a write, so the next request reads the database again.
    The secret's hash, the expiry and the owner are checked on every request."""
    split = _split(raw)
    if split is None:
        return None
    prefix, secret = split
    # The key names the data version read before the database: a write after it (a
    # revocation) makes whatever is stored under it unreachable.
    key = _token_key(prefix) if api_cache.enabled() else ""
    kept = cache.get(key) if key else None
    if not isinstance(kept, ApiToken):
        kept = None
    token = kept if kept is not None else _token_read(prefix)
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(secret)):
        return None
    if token.revoked_at is not None or token.expires_at <= timezone.now():
        return None
    if not token.user.is_active:
        return None
    # An organisation token stops working when its maker leaves. The maker's active
    # memberships are read once and kept on the user object for the rest of the request
    # (`policy.held_roles_of`), so the permission checks after this do not read them again.
    if token.organisation_id is not None and token.organisation_id not in policy.organisations_of(
        token.user
    ):
        return None
    if key:
        token._brug_cache_key = key  # type: ignore[attr-defined]  # for `token_use_record`
        if kept is None:
            policy.held_roles_of(token.user)  # kept with the token (on its user object)
            cache.set(key, token, api_cache.lifetime())
    return token


def _token_key(prefix: str) -> str:
    return api_cache.key("token", api_cache.data_version(), prefix)


def _token_read(prefix: str) -> ApiToken | None:
    return (
        ApiToken.objects.select_related("user")
        .filter(prefix=prefix, revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )


# The token's "last used" (shown to the minute) is rewritten at most this often for the same
# address; every use is still logged in `ApiTokenUse`.
LAST_USED_EVERY = dt.timedelta(minutes=1)
USE_COLUMNS = ("token", "at", "method", "path", "ip")


def token_use_record(*, token: ApiToken, method: str, path: str, ip: str | None) -> None:
    """Log one use of `token` (one insert per request). The token row itself is written only
    when its `last_used_at` is a minute old or the address changed: a script that calls the
    API many times a minute does not rewrite the same row on every request."""
    now = timezone.now()
    # One plain INSERT (COPY on PostgreSQL), without building a model object; PostgreSQL
    # cannot store NUL, so a path with one is logged without it on both databases.
    use = (token.pk, now, method[:10], path.replace("\x00", "")[:300], ip)
    # The use log and "last used" change no API answer: they do not bump the data version.
    with api_cache.quiet():
        if (
            token.last_used_at is not None
            and now - token.last_used_at < LAST_USED_EVERY
            and token.last_used_ip == ip
        ):
            bulk.insert_rows(ApiTokenUse, USE_COLUMNS, [use])
            return
        with transaction.atomic():
            bulk.insert_rows(ApiTokenUse, USE_COLUMNS, [use])
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, last_used_ip=ip)
    token.last_used_at, token.last_used_ip = now, ip
    key = getattr(token, "_brug_cache_key", "")
    if key:
        # The kept token carries the new "last used", so the next request does not write it
        # (under the key of its check: a write since then has made that key unreachable).
        cache.set(key, token, api_cache.lifetime())


@transaction.atomic
def lockout_release(*, actor: Any, attempt: AccessAttempt) -> None:
    """Unlock one username and address now (instead of after the cool-off time)."""
    policy.require(actor, "release", attempt)
    audit_event(
        actor=actor,
        verb="lockout_released",
        object_type="accounts.user",
        object_id=_user_id(attempt.username),
        object_repr=attempt.username or "",
        changes={"ip": attempt.ip_address, "failures": attempt.failures_since_start},
    )
    attempt.delete()


def _user_id(username: str | None) -> str:
    from django.contrib.auth import get_user_model

    if not username:
        return ""
    pk = get_user_model().objects.filter(username=username).values_list("pk", flat=True).first()
    return str(pk) if pk is not None else ""


def _channel(request: Any) -> str:
    path = getattr(request, "path", "") or ""
    if path.startswith("/beheer/"):
        return "admin"
    if path.startswith("/api/"):
        return "api"
    return "page"


@transaction.atomic
def signin_audit(*, verb: str, username: str | None, user: Any = None, request: Any = None) -> None:
    """Write a sign-in, a failed sign-in or a lockout to the audit trail (never the password)."""
    from brug.access.client import client_ip

    username = (username or "")[:150]
    audit_event(
        actor=user,
        verb=verb,
        object_type="accounts.user",
        object_id=str(user.pk) if user is not None else _user_id(username),
        object_repr=username,
        changes={
            "ip": client_ip(request) if request is not None else None,
            "channel": _channel(request) if request is not None else "",
        },
    )


@transaction.atomic
def access_logs_prune(
    *, older_than: dt.timedelta, now: dt.datetime | None = None
) -> dict[str, int]:
    """Delete token uses, sign-ins and sign-in attempt records older than `older_than`.

    The API token use log and the sign-in history have their own retention
    (`BRUG_ACCESS_RECORD_RETENTION_DAYS`, run by `brug access-prune` from `brug daily`); a
    current lockout is kept whatever its age, so pruning never releases a blocked address.
    """
    cutoff = (now or timezone.now()) - older_than
    pruned = {
        "token_uses": ApiTokenUse.objects.filter(at__lt=cutoff).delete()[0],
        "sign_ins": SignIn.objects.filter(at__lt=cutoff).delete()[0],
        "sign_in_attempts": AccessLog.objects.filter(attempt_time__lt=cutoff).delete()[0]
        + AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()[0],
    }
    return pruned
