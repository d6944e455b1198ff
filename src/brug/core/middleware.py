from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import middleware as auth
from django.contrib.messages import middleware as messages
from django.contrib.sessions import middleware as sessions
from django.http import HttpRequest, HttpResponse
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
