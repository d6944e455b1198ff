"""DRF permission classes. Kept apart from views so DRF's settings can import them early."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from rest_framework import exceptions, permissions

from brug.core import policy

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView


class DenyByDefault(permissions.BasePermission):
    """The default for every endpoint: refuse unless a view says otherwise."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return False


def hide_object_route(request: Request, view: APIView) -> None:
    """A signed-in caller with no right to view any object of the resource, refused on a route
    that names one object, gets 404, never 403: the answer is the same whether the object
    exists or not (issue 11 §7). Callers who may view some objects of the resource get 404
    from the policy-filtered lookup for the others; anonymous callers keep the
    not-authenticated answer; a method the route does not have stays 405."""
    kwargs = getattr(view, "kwargs", None) or {}
    lookup = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", "pk")
    if lookup not in kwargs or not getattr(request.user, "is_authenticated", False):
        return
    if not hasattr(view, (request.method or "get").lower()):
        return
    resource = policy_resource_of(view)
    if not policy.can_any(request.user, "view", resource):
        raise exceptions.NotFound()


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
        if any(
            policy.can_any(request.user, action, resource)
            for action in policy_actions_of(request, view)
        ):
            return True
        hide_object_route(request, view)
        return False

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        return any(
            policy.can(request.user, action, obj) for action in policy_actions_of(request, view)
        )
