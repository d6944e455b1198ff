"""API building blocks shared by every app: deny by default, policy-filtered querysets."""

from __future__ import annotations

import hashlib
from typing import Any, ClassVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation
from rest_framework import mixins, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request

from brug.core import policy
from brug.core.api.permissions import PolicyPermission

# No docstrings on the bases: drf-spectacular would show them as every endpoint's description.


class PolicyViewSet(viewsets.GenericViewSet):  # type: ignore[type-arg]
    # The base of every viewset: the matrix decides (`PolicyPermission`).
    # The policy resource comes from the model (`policy_resource` only where there is none).
    # `service_actions` maps a custom action to the matrix action(s) the caller needs, e.g.
    # `{"transition": "submit|appeal|review"}`: the caller must hold one of them; the service
    # checks the exact one and refuses with 403 otherwise.

    permission_classes = [PolicyPermission]
    service_actions: ClassVar[dict[str, str]] = {}


class PolicyReadOnlyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PolicyViewSet):
    # A read-only endpoint whose rows are exactly what the matrix lets the caller view
    # (a viewset that reads through a selector overrides `get_queryset`).

    def get_queryset(self) -> Any:
        return policy.visible(self.request.user, super().get_queryset())

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        # An anonymous visitor's list is the same for every anonymous visitor: its JSON is
        # kept for `BRUG_PUBLIC_LIST_CACHE_SECONDS` (see `public_list_key`). Permission and
        # throttling have run already (`initial`); signed-in callers are never served from it.
        key = public_list_key(request)
        if key is None:
            return super().list(request, *args, **kwargs)
        hit = cache.get(key)
        if hit is not None:
            return HttpResponse(hit, content_type=request.accepted_renderer.media_type)
        response = super().list(request, *args, **kwargs)
        if response.status_code == 200:
            body = request.accepted_renderer.render(
                response.data, request.accepted_media_type, self.get_renderer_context()
            )
            cache.set(key, body, public_list_lifetime())
            return HttpResponse(body, content_type=request.accepted_renderer.media_type)
        return response


PUBLIC_LIST_PREFIX = "brug:publiclist:v1:"


def public_list_lifetime() -> int:
    return int(getattr(settings, "BRUG_PUBLIC_LIST_CACHE_SECONDS", 60))


def public_list_key(request: Request) -> str | None:
    """The cache key of an anonymous JSON list request, or None when it may not be cached.

    The key names everything the answer depends on for an anonymous visitor: the path with
    its query string, the language and the media type. Lifetime 0 switches the cache off.
    """
    if (
        public_list_lifetime() <= 0
        or request.method != "GET"
        or request.user.is_authenticated
        or request.auth is not None
        or not isinstance(request.accepted_renderer, JSONRenderer)
    ):
        return None
    raw = "|".join(
        (request.get_full_path(), translation.get_language() or "", request.accepted_media_type)
    )
    return PUBLIC_LIST_PREFIX + hashlib.sha256(raw.encode()).hexdigest()
