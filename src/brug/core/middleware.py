from __future__ import annotations

import http
from collections.abc import Callable
from typing import Any

from csp import middleware as csp
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.utils import build_policy
from django.conf import settings
from django.contrib.auth import middleware as auth
from django.contrib.messages import middleware as messages
from django.contrib.sessions import middleware as sessions
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django_htmx import middleware as django_htmx

SUPPORTED = {"nl", "en"}
# The scheme of an API token in the Authorization header (`brug.access.authentication`).
TOKEN_KEYWORD = "Bearer"  # noqa: S105 — a scheme name, not a secret


class DutchFirstLocaleMiddleware:
    """Dutch unless the visitor chose English (language switch or account setting).

    Unlike Django's LocaleMiddleware, the browser's Accept-Language is not used: Brug is a
    Flemish government service and speaks Dutch first to everyone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in SUPPORTED:
            user = getattr(request, "user", None)
            language = (
                getattr(user, "preferred_language", "nl")
                if user is not None and user.is_authenticated
                else "nl"
            )
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


_TOKEN_PREFIX = TOKEN_KEYWORD.lower() + " "


def is_token_api(request: HttpRequest) -> bool:
    """A request to the API that authenticates with an API token and carries no session cookie.

    Such a request is authenticated by DRF's token class alone (it comes first; a `Bearer`
    header either authenticates or is refused, the session is never consulted), so the
    middleware that serves browsers (session, sign-in from the session, messages, htmx) has
    nothing to do for it: without a session cookie it would load an empty session and an
    anonymous user and write nothing, so passing it over changes no answer (the chosen
    organisation and the language then see no signed-in person, as before). With a session
    cookie the request takes the full chain."""
    found = getattr(request, "_brug_token_api", None)
    if found is None:
        found = (
            request.path_info.startswith("/api/")
            and request.META.get("HTTP_AUTHORIZATION", "").lower().startswith(_TOKEN_PREFIX)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )
        request._brug_token_api = found  # type: ignore[attr-defined]
    return found


class ForBrowsers:
    """Mixed in before a middleware class: the middleware is passed over for an API token
    request (`is_token_api`). Its `process_view`, if any, still runs."""

    get_response: Any  # the wrapped middleware's own (sync) get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_token_api(request):
            response: HttpResponse = self.get_response(request)
            return response
        return super().__call__(request)  # type: ignore[misc,no-any-return]


class SessionMiddleware(ForBrowsers, sessions.SessionMiddleware):
    pass


class AuthenticationMiddleware(ForBrowsers, auth.AuthenticationMiddleware):
    pass


class MessageMiddleware(ForBrowsers, messages.MessageMiddleware):
    pass


class HtmxMiddleware(ForBrowsers, django_htmx.HtmxMiddleware):
    pass


# What a view can set on a response to change its policy (django-csp's decorators).
_PER_RESPONSE = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)
# The two policies as the settings give them, built once per process (cleared when a test
# changes a CSP setting: `csp_setting_changed`).
_BUILT: dict[bool, str] = {}


def csp_setting_changed(*, setting: str, **_: Any) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _BUILT.clear()


def _settings_policy(report_only: bool) -> str:
    built = _BUILT.get(report_only)
    if built is None:
        built = _BUILT[report_only] = build_policy(report_only=report_only)
    return built


class CSPMiddleware(csp.CSPMiddleware):
    """django-csp's middleware, with the policies of the settings built once per process.

    A response that neither changes its policy (`csp_update` and the other decorators) nor
    used a nonce gets the same two headers on every request, so they are built once, not twice
    a request (about a tenth of a kept API request's time). Any other response, and the
    debug pages django-csp leaves alone, go through django-csp unchanged."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if (
            getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in _PER_RESPONSE)
            or (settings.DEBUG and response.status_code in _DEBUG_EXEMPT)
        ):
            return super().process_response(request, response)
        for report_only, header, setting, exempt in (
            (False, HEADER, "CONTENT_SECURITY_POLICY", "_csp_exempt"),
            (True, HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", "_csp_exempt_ro"),
        ):
            policy = _settings_policy(report_only)
            if not policy or header in response or getattr(response, exempt, False):
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = policy
        # As django-csp: asking for a nonce after the header was written is an error.
        request.csp_nonce = csp.CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response


_DEBUG_EXEMPT = (http.HTTPStatus.INTERNAL_SERVER_ERROR, http.HTTPStatus.NOT_FOUND)
