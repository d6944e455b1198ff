"""DRF permission classes. Kept apart from views so DRF's settings can import them early."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from rest_framework import permissions

from brug.core import policy

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView


class DenyByDefault(permissions.BasePermission):
    """The default for every endpoint: refuse unless a view says otherwise."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return False


def http_action(request: Request) -> str:
    if request.method in permissions.SAFE_METHODS:
        return "view"
    return {"POST": "create", "PUT": "change", "PATCH": "change", "DELETE": "delete"}.get(
        request.method or "", "change"
    )


def policy_resource_of(view: Any) -> str:
    """The matrix resource an endpoint serves: `policy_resource` when the view names one (a view
    without a model, such as an aggregate), otherwise the policy of its queryset's or
    serializer's model. Deriving it means no viewset repeats it."""
    explicit: str = getattr(view, "policy_resource", "") or ""
    if explicit:
        return explicit
    queryset = getattr(view, "queryset", None)
    model = getattr(queryset, "model", None)
    if model is None:
        serializer_class = getattr(view, "serializer_class", None)
        model = getattr(getattr(serializer_class, "Meta", None), "model", None)
    if model is None:
        raise ImproperlyConfigured(f"{type(view).__name__}: no policy_resource, queryset or model")
    return policy.policy_for(model).resource


def policy_actions_of(request: Request, view: Any) -> list[str]:
    """The matrix actions a request needs. A custom action listed in the view's
    `service_actions` (`{"transition": "submit|review"}`) needs one of those; the service then
    checks the exact one on the object. A view without objects names its `policy_action`.
    Everything else maps from the HTTP method."""
    custom = getattr(view, "service_actions", {}).get(getattr(view, "action", None) or "")
    if custom:
        return str(custom).split("|")
    fixed = getattr(view, "policy_action", "")
    return [fixed] if fixed else [http_action(request)]


class PolicyPermission(permissions.BasePermission):
    """Allow an endpoint when the permission matrix grants its action to one of the user's roles.

    List endpoints are further filtered by `policy.visible`; object endpoints check `policy.can`.
    """

    def has_permission(self, request: Request, view: APIView) -> bool:
        resource = policy_resource_of(view)
        return any(
            policy.can_any(request.user, action, resource)
            for action in policy_actions_of(request, view)
        )

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        return any(
            policy.can(request.user, action, obj) for action in policy_actions_of(request, view)
        )
