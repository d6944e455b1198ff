"""API token authentication: `Authorization: Bearer brug_<prefix>_<secret>`.

The token's scopes (read or write per domain app) are checked here, before the view's own
permission classes, so a token can never do more than its scopes, and never more than the
permission matrix lets its person do."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request

from brug.access import services
from brug.access.client import client_ip
from brug.access.scopes import grants
from brug.core import policy
from brug.core.errors import NotAllowed
from brug.core.i18n import gettext_lazy
from brug.core.middleware import TOKEN_KEYWORD

KEYWORD = TOKEN_KEYWORD


def domain_of(view: Any) -> str:
    """The domain app an API view belongs to: `brug.workplace.api.views` → `workplace`."""
    parts = type(view).__module__.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "brug" else ""


class TokenAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None
        invalid = gettext_lazy("Invalid, expired or revoked API token.")
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(str(invalid))
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(str(invalid)) from exc
        token = services.token_check(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(str(invalid))
        view = (getattr(request, "parser_context", None) or {}).get("view")
        domain = domain_of(view)
        if not grants(token.scopes, domain, write=request.method not in SAFE_METHODS):
            raise NotAllowed(
                gettext_lazy("The scopes of this API token do not allow this request.")
            )
        user = token.user
        if token.organisation_id is not None:
            policy.actors_limit_to_organisation(user, token.organisation_id)
        services.token_use_record(
            token=token,
            method=request.method or "",
            path=request.get_full_path(),
            ip=client_ip(request),
        )
        return user, token

    def authenticate_header(self, request: Request) -> str:
        return f'{KEYWORD} realm="api"'


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "brug.access.authentication.TokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "brug_<prefix>_<secret>",
            "description": (
                "A personal or organisation API token, made at /toegang/tokens/. Scoped to "
                "read or write per domain app, expiring and revocable; every use is logged."
            ),
        }
