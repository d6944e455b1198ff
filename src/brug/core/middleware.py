from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

SUPPORTED = {"nl", "en"}


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
