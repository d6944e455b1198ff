"""Every list endpoint has a query budget that does not grow with its rows (issue 18).

Generated, like the permission-matrix tests: for each list endpoint of the API, the rows are
built with the resource's matrix scenario (`<app>/tests/scenarios.py`) for a role and relation
that may view them; the endpoint is asked with a few rows and with more, and must answer with
more rows in the same number of queries. The endpoint's page size is capped too.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from brug.accounts.tests.factories import user_with_role
from brug.core import policy
from brug.core.api.pagination import MAX_PAGE_SIZE as MAX_LIMIT
from brug.core.api.permissions import policy_resource_of
from brug.core.testing.matrix import SCENARIOS, ActorContext
from brug.core.tests.test_permission_matrix import _load_scenarios

pytestmark = pytest.mark.django_db
FEW, MORE = 2, 7

# List endpoints whose rows no matrix scenario can put in the list, with the reason; each is
# covered by a query-budget test of its own app (named here).
EXEMPT: dict[str, str] = {}


def _join(prefix: str, pattern: Any) -> str:
    return prefix + str(pattern.pattern).lstrip("^").rstrip("$")


def _list_endpoints(patterns: list[Any] | None = None, prefix: str = "/") -> list[tuple[str, type]]:
    found: list[tuple[str, type]] = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            found += _list_endpoints(pattern.url_patterns, _join(prefix, pattern))
        elif isinstance(pattern, URLPattern):
            view = getattr(pattern.callback, "cls", None)
            actions = getattr(pattern.callback, "actions", None) or {}
            path = _join(prefix, pattern)
            if (
                view is not None
                and actions.get("get") == "list"
                and view.__module__.startswith("brug.")
                and "(?P" not in path
                and "<" not in path
            ):
                found.append((path, view))
    return sorted(set(found), key=lambda item: item[0])


def _rows(response: Any) -> int:
    body = response.json()
    return len(body["results"]) if isinstance(body, dict) else len(body)


def _candidates(resource: str) -> list[tuple[str, str]]:
    """(role, relation) pairs that may view the resource, most specific relation first."""
    pairs: list[tuple[str, str]] = []
    for (role, relation), actions in policy.matrix()[resource].items():
        if "view" in actions:
            pairs.append((role, relation))
    # Signed-in roles first, most specific relation first; the public last.
    return sorted(pairs, key=lambda pair: (pair[0] == "public", pair[1] == "any", pair))


def _count(client: APIClient, path: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, (path, response.content[:300])
    return len(ctx.captured_queries), _rows(response)


ENDPOINTS = _list_endpoints()


def test_there_are_list_endpoints_to_check() -> None:
    assert len(ENDPOINTS) > 25


@pytest.mark.parametrize(("path", "view"), ENDPOINTS, ids=[p for p, _ in ENDPOINTS])
def test_list_endpoint_query_count_does_not_grow_with_rows(path: str, view: type) -> None:
    if path in EXEMPT:
        pytest.skip(EXEMPT[path])
    _load_scenarios()
    resource = policy_resource_of(view())
    builder = SCENARIOS[resource]
    tried = []
    for role, relation in _candidates(resource):
        user = user_with_role(role)
        organisation = None if role == "public" else user.memberships.get().organisation
        actor = ActorContext(role=role, user=user, organisation=organisation)
        client = APIClient()
        if role != "public":
            client.force_authenticate(user)
        if builder(relation if relation != "any" else "unrelated", actor) is None:
            tried.append((role, relation, "no scenario"))
            continue
        for _ in range(FEW - 1):
            builder(relation if relation != "any" else "unrelated", actor)
        _count(client, path)  # warm-up: the first request also loads the user's roles
        few_queries, few_rows = _count(client, path)
        for _ in range(MORE - FEW):
            builder(relation if relation != "any" else "unrelated", actor)
        more_queries, more_rows = _count(client, path)
        if more_rows <= few_rows:
            tried.append((role, relation, f"rows {few_rows}->{more_rows}"))
            continue
        assert more_queries == few_queries, (
            f"{path}: {few_queries} queries for {few_rows} rows, {more_queries} for {more_rows}"
        )
        # The page size is capped: asking for more than the maximum is refused or capped.
        capped = client.get(f"{path}?limit={MAX_LIMIT * 10}")
        assert capped.status_code in (200, 400)
        if capped.status_code == 200:
            assert _rows(capped) <= MAX_LIMIT
        return
    pytest.fail(f"{path}: no role and relation put rows in the list: {tried}")


def test_exemptions_name_real_endpoints() -> None:
    paths = {p for p, _ in ENDPOINTS}
    for path in EXEMPT:
        assert path in paths and re.match(r"^/api/", path)
