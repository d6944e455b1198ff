"""Sign-ins, failed sign-ins and lockouts go to the audit trail."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from brug.access import services


@receiver(user_logged_in, dispatch_uid="brug_access_signed_in")
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    services.signin_audit(
        verb="signed_in", username=user.get_username(), user=user, request=request
    )


@receiver(user_login_failed, dispatch_uid="brug_access_sign_in_failed")
def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    services.signin_audit(
        verb="sign_in_failed", username=str(credentials.get("username") or ""), request=request
    )


@receiver(user_locked_out, dispatch_uid="brug_access_locked_out")
def _locked_out(sender: Any, request: Any, username: str | None = None, **kwargs: Any) -> None:
    services.signin_audit(verb="locked_out", username=username, request=request)
