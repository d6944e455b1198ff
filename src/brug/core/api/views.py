"""API building blocks shared by every app: deny by default, policy-filtered querysets."""

from __future__ import annotations

from typing import Any

from rest_framework import viewsets

from brug.core import policy
from brug.core.api.permissions import PolicyPermission


class PolicyReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """A read-only endpoint whose rows are exactly what the matrix lets the caller view."""

    policy_resource: str = ""
    permission_classes = [PolicyPermission]

    def get_queryset(self) -> Any:
        return policy.visible(self.request.user, super().get_queryset())
