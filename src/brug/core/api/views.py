"""API building blocks shared by every app: deny by default, policy-filtered querysets."""

from __future__ import annotations

from typing import Any, ClassVar

from rest_framework import mixins, viewsets

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
