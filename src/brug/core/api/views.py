"""API building blocks shared by every app: deny by default, policy-filtered querysets."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Model
from django.http import HttpResponse
from django.utils import translation
from rest_framework import mixins, serializers, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from brug.core import policy
from brug.core.api.permissions import PolicyPermission
from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy
from brug.core.users import RequestUser

# No docstrings on the bases: drf-spectacular would show them as every endpoint's description.


class PolicyViewSet(viewsets.GenericViewSet):  # type: ignore[type-arg]
    # The base of every viewset: the matrix decides (`PolicyPermission`).
    # The policy resource comes from the model (`policy_resource` only where there is none).
    # `service_actions` maps a custom action to the matrix action(s) the caller needs, e.g.
    # `{"transition": "submit|appeal|review"}`: the caller must hold one of them; the service
    # checks the exact one and refuses with 403 otherwise. A create action that validates,
    # looks up the objects it names through the policy and calls a service is one call of
    # `create_through_service` (below).

    permission_classes = [PolicyPermission]
    service_actions: ClassVar[dict[str, str]] = {}


class PolicyReadOnlyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PolicyViewSet):
    # A read-only endpoint whose rows are exactly what the matrix lets the caller view
    # (a viewset that reads through a selector overrides `get_queryset`).

    def get_queryset(self) -> Any:
        return policy.visible(self.request.user, super().get_queryset())

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        build = super().list
        return self.public_list(request, lambda: build(request, *args, **kwargs))

    def public_list(self, request: Request, build: Callable[[], Response]) -> Any:
        # An anonymous visitor's list is the same for every anonymous visitor: its JSON is
        # kept for `BRUG_PUBLIC_LIST_CACHE_SECONDS` (see `public_list_key`). Permission and
        # throttling have run already (`initial`); signed-in callers are never served from it.
        # A viewset that builds its list itself (a search) passes that as `build`.
        key = public_list_key(request)
        if key is None:
            return build()
        hit = cache.get(key)
        if hit is not None:
            return _public(HttpResponse(hit, content_type=request.accepted_renderer.media_type))
        response = build()
        if response.status_code == 200:
            body = request.accepted_renderer.render(
                response.data, request.accepted_media_type, self.get_renderer_context()
            )
            cache.set(key, body, public_list_lifetime())
            return _public(HttpResponse(body, content_type=request.accepted_renderer.media_type))
        return response


PUBLIC_LIST_PREFIX = "brug:publiclist:v1:"


def _public(response: HttpResponse) -> HttpResponse:
    """States the lifetime of a cached public list to the caller (and any HTTP cache)."""
    response["Cache-Control"] = f"public, max-age={public_list_lifetime()}"
    return response


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
        (
            request.build_absolute_uri(),
            translation.get_language() or "",
            request.accepted_media_type,
        )
    )
    return PUBLIC_LIST_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def api_object(model: type[Model], pk: Any, field: str, user: RequestUser | None = None) -> Any:
    """The object with this id named in a request body; with `user`, only if the matrix lets
    them see it. A missing and a hidden object get the same refusal (400, `not_found` on
    `field`), so an id says nothing about what exists."""
    rows = model._default_manager.filter(pk=pk)
    if user is not None:
        rows = policy.visible(user, rows)
    obj = rows.first()
    if obj is None:
        raise ServiceError(gettext_lazy("Not found."), code="not_found", field=field)
    return obj


def create_through_service(
    request: Request,
    *,
    serializer: type[serializers.Serializer],  # type: ignore[type-arg]
    service: Callable[..., Any],
    lookups: Mapping[str, tuple[str, type[Model]]] | None = None,
    prepare: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    response: type[serializers.Serializer] | None = None,  # type: ignore[type-arg]
) -> Response:
    """The one shape of a create action: validate the body with `serializer`, replace each id
    in `lookups` (`{"learner_id": ("learner", Learner)}`) by the object the caller may see
    (`api_object`), let `prepare` reshape the values, call `service(actor=..., **values)` and
    answer 201 with the created object (`response`, default `serializer`). The service decides
    the permission and refuses with ServiceError / NotAllowed (problem details)."""
    data = serializer(data=request.data)
    data.is_valid(raise_exception=True)
    values = dict(data.validated_data)
    for key, (name, model) in (lookups or {}).items():
        values[name] = api_object(model, values.pop(key), name, request.user)
    if prepare is not None:
        values = prepare(values)
    created = service(actor=request.user, **values)
    return Response((response or serializer)(created).data, status=201)
