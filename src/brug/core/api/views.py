"""API building blocks shared by every app: deny by default, policy-filtered querysets."""

from __future__ import annotations

from typing import Any

from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.views import exception_handler

from brug.core import policy
from brug.core.api.permissions import PolicyPermission
from brug.core.errors import ServiceError


class PolicyReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """A read-only endpoint whose rows are exactly what the matrix lets the caller view."""

    policy_resource: str = ""
    permission_classes = [PolicyPermission]

    def get_queryset(self) -> Any:
        return policy.visible(self.request.user, super().get_queryset())


def brug_exception_handler(exc: Exception, context: dict[str, Any]) -> Any:
    if isinstance(exc, ServiceError):
        return Response(exc.as_api(), status=400)
    return exception_handler(exc, context)
