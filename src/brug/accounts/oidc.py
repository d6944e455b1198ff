"""Government login (OpenID Connect) with mozilla-django-oidc, as Open Zaak and Open Forms do.

A person is found by the identity (`sub`) the provider gives. The first login of an unknown
identity is accepted only with an open invitation (the accept page remembers it in the
session): the identity is then linked to a new account for that invitation. Nobody gets an
account by merely having a government login.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
    OIDCLogoutView,
)

from brug.accounts import services
from brug.accounts.models import User
from brug.core.errors import ServiceError

INVITATION_SESSION_KEY = "brug_oidc_invitation"
logger = logging.getLogger(__name__)


class BrugOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if not settings.BRUG_OIDC_ENABLED:
            return None
        return super().authenticate(request, **kwargs)  # type: ignore[no-any-return]

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        subject = claims.get("sub")
        return isinstance(subject, str) and 0 < len(subject) <= 255

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        return User.objects.filter(oidc_subject=claims["sub"], is_active=True)

    def create_user(self, claims: dict[str, Any]) -> User | None:
        token = self.request.session.get(INVITATION_SESSION_KEY, "")
        if not token:
            # An identity without an invited account: refused (no account is created).
            return None
        try:
            user = services.invitation_accept_oidc(
                token=token,
                subject=claims["sub"],
                first_name=str(claims.get("given_name", ""))[:150],
                last_name=str(claims.get("family_name", ""))[:150],
            )
        except ServiceError as exc:
            raise SuspiciousOperation(str(exc.text)) from exc
        self.request.session.pop(INVITATION_SESSION_KEY, None)
        return user

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        return user


class AuthenticateView(OIDCAuthenticationRequestView):  # type: ignore[misc]
    """The redirect to the provider; absent (404) where the government login is off."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.BRUG_OIDC_ENABLED:
            raise Http404
        return super().get(request)  # type: ignore[no-any-return]


class CallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    """The provider's redirect back; records the sign-in for "recent sign-ins"."""

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            return super().get(request)  # type: ignore[no-any-return]
        except SuspiciousOperation as exc:
            # A token that fails verification (signature, nonce, audience): no sign-in.
            logger.warning("Government login refused: %s", exc)
            return self.login_failure()  # type: ignore[no-any-return]

    def login_success(self) -> HttpResponse:
        response: HttpResponse = super().login_success()
        services.sign_in_record(
            user=self.user,
            method="oidc",
            ip_address=self.request.META.get("REMOTE_ADDR"),
            user_agent=self.request.META.get("HTTP_USER_AGENT", ""),
        )
        return response

    @property
    def failure_url(self) -> str:
        return reverse("login") + "?oidc=failed"


def provider_logout_url(request: HttpRequest) -> str:
    """The provider's end-session address, so signing out of Brug also ends the government
    session (RP-initiated logout)."""
    endpoint = settings.OIDC_OP_LOGOUT_ENDPOINT
    if not endpoint:
        return reverse("home")
    params = {
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("home")),
    }
    id_token = request.session.get("oidc_id_token")
    if id_token:
        params["id_token_hint"] = id_token
    return f"{endpoint}?{urlencode(params)}"


def logout(request: HttpRequest) -> HttpResponseBase:
    """Sign out; a government-login session also ends at the provider."""
    if request.method == "POST" and request.session.get("oidc_id_token"):
        return OIDCLogoutView.as_view()(request)  # type: ignore[no-any-return]
    return auth_views.LogoutView.as_view()(request)
