"""DRF permission classes. Kept apart from views so DRF's settings can import them early."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
    resource = getattr(view, "policy_resource", "")
    if not resource or not policy.can_any(request.user, "view", resource):
        raise exceptions.NotFound()


def http_action(request: Request) -> str:
    if request.method in permissions.SAFE_METHODS:
        return "view"
    return {"POST": "create", "PUT": "change", "PATCH": "change", "DELETE": "delete"}.get(
        request.method or "", "change"
    )


class PolicyPermission(permissions.BasePermission):
    """Allow an endpoint when the permission matrix grants its action to one of the user's roles.

    List endpoints are further filtered by `policy.visible`; object endpoints check `policy.can`.
    """

    def has_permission(self, request: Request, view: APIView) -> bool:
        resource = view.policy_resource  # type: ignore[attr-defined]
        if policy.can_any(request.user, http_action(request), resource):
            return True
        hide_object_route(request, view)
        return False

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        return policy.can(request.user, http_action(request), obj)
