"""Every API endpoint goes through the one policy permission and knows its resource."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIRequestFactory

from brug.core import policy
from brug.core.api.permissions import PolicyPermission, policy_actions_of, policy_resource_of


def _api_views(patterns: list[Any] | None = None) -> list[type]:
    found: list[type] = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            found += _api_views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            view = getattr(pattern.callback, "cls", None)
            if view is not None:
                found.append(view)
    return found


def _brug_api_views() -> list[type]:
    views = {
        v for v in _api_views() if v.__module__.startswith("brug.") and ".api." in v.__module__
    }
    return sorted(views, key=lambda v: (v.__module__, v.__name__))


def test_there_are_api_views_to_check() -> None:
    assert len(_brug_api_views()) > 20


@pytest.mark.parametrize("view_class", _brug_api_views(), ids=lambda v: v.__name__)
def test_each_endpoint_uses_the_policy_permission_and_derives_its_resource(
    view_class: type,
) -> None:
    assert PolicyPermission in view_class.permission_classes
    resource = policy_resource_of(view_class())
    assert resource in policy.policies()
    assert resource in policy.matrix()
    for custom, actions in getattr(view_class, "service_actions", {}).items():
        assert hasattr(view_class, custom), f"{view_class.__name__}.{custom} is not an action"
        for action in actions.split("|"):
            assert action in policy.matrix_actions(resource), (view_class.__name__, action)


class _View:
    service_actions = {"transition": "submit|review"}

    def __init__(self, action: str) -> None:
        self.action = action


def test_service_actions_and_http_methods_map_to_matrix_actions() -> None:
    factory = APIRequestFactory()
    post = factory.post("/x/")
    assert policy_actions_of(post, _View("transition")) == ["submit", "review"]
    assert policy_actions_of(post, _View("create")) == ["create"]
    assert policy_actions_of(factory.get("/x/"), _View("list")) == ["view"]
    assert policy_actions_of(factory.delete("/x/"), _View("destroy")) == ["delete"]
