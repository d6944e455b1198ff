"""API building blocks shared by every app: deny by default, policy-filtered querysets."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from django.db.models import Model
from rest_framework import mixins, serializers, viewsets
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
