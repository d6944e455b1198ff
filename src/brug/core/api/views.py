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

from brug.core import api_cache, audit, policy
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


class KeptListMixin(mixins.ListModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    # A list whose answer is kept: an anonymous visitor's for everyone (`public_list_key`), a
    # signed-in caller's per caller and data version (`private_list`).

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        build = super().list
        return self.public_list(request, lambda: build(request, *args, **kwargs))

    def public_list(self, request: Request, build: Callable[[], Response]) -> Any:
        # An anonymous visitor's list is the same for every anonymous visitor: its JSON is
        # kept for `BRUG_PUBLIC_LIST_CACHE_SECONDS` (see `public_list_key`). Permission and
        # throttling have run already (`initial`). A signed-in caller's list is kept per
        # caller and data version (`private_list`). A viewset that builds its list itself (a
        # search) passes that as `build`.
        key = public_list_key(request)
        if key is None:
            return private_list(request, build, self.get_renderer_context)
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


class PolicyReadOnlyViewSet(KeptListMixin, mixins.RetrieveModelMixin, PolicyViewSet):
    # A read-only endpoint whose rows are exactly what the matrix lets the caller view
    # (a viewset that reads through a selector overrides `get_queryset`).

    def get_queryset(self) -> Any:
        return policy.visible(self.request.user, super().get_queryset())


PUBLIC_LIST_PREFIX = "brug:publiclist:v1:"


def private_list(
    request: Request, build: Callable[[], Response], context: Callable[[], dict[str, Any]]
) -> Any:
    """A signed-in caller's list, kept for `BRUG_API_CACHE_SECONDS` under `private_list_key`
    (caller, token, chosen organisation, path and query, language, media type, data version:
    any write makes it unreachable, `brug.core.api_cache`). The reads of personal data logged
    while it was built are logged again, in one statement, each time it is served."""
    key = private_list_key(request)
    if key is None:
        return build()
    hit = cache.get(key)
    if isinstance(hit, tuple) and len(hit) == 2:
        body, reads = hit
        audit.reads_replay(reads)
        return _private(HttpResponse(body, content_type=request.accepted_renderer.media_type))
    with audit.reads_noted() as reads:
        response = build()
    if response.status_code != 200:
        return response
    body = request.accepted_renderer.render(response.data, request.accepted_media_type, context())
    cache.set(key, (body, list(reads)), api_cache.lifetime())
    return _private(HttpResponse(body, content_type=request.accepted_renderer.media_type))


def _private(response: HttpResponse) -> HttpResponse:
    # A page about one caller: no shared HTTP cache may keep it.
    response["Cache-Control"] = "private, no-store"
    return response


def private_list_key(request: Request) -> str | None:
    """The cache key of a signed-in caller's JSON list request, or None when it may not be
    kept (cache off, not a GET, anonymous, another format). It names everything the answer
    depends on besides the data: the person, the token (an organisation token acts with the
    roles of one organisation), the organisation chosen in the session, the path with its
    query string, the language and the media type."""
    user = request.user
    if (
        request.method != "GET"
        or not user.is_authenticated
        or not isinstance(request.accepted_renderer, JSONRenderer)
        or not api_cache.enabled()
    ):
        return None
    auth = request.auth
    raw = "|".join(
        (
            str(user.pk),
            f"{type(auth).__name__}:{getattr(auth, 'pk', '')}" if auth is not None else "",
            str(getattr(user, "brug_active_organisation_id", "")),
            request.get_full_path(),
            translation.get_language() or "",
            request.accepted_media_type,
        )
    )
    return api_cache.key("list", api_cache.data_version(), hashlib.sha256(raw.encode()).hexdigest())


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
