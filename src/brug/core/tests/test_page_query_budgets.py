"""Every HTML page that lists rows has a query budget that does not grow with its rows (issue 18).

The HTML twin of `test_list_query_budgets.py`. `LIST_PAGES` declares each list page once: its
URL name, the resource whose rows fill the list, and where the page keeps its rows. The rows are
built with the resource's matrix scenario (`<app>/tests/scenarios.py`) for a role and relation
that may view them; the page is asked with a few rows and with more, and must show more rows in
the same number of queries. A page is paged: its rows are a `django.core.paginator.Page` of at
most `MAX_HTML_PAGE_SIZE` rows, or a search result with its own cap.

`test_every_list_page_has_a_budget` keeps the declaration complete: a page whose view pages its
rows (`Paginator(`, `page_of(`) or whose URL name says it is a list (`list`, `-list`, `_list`)
must be declared here or exempted with a reason.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.paginator import Page
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from brug.accounts.tests.factories import user_with_role
from brug.core import policy
from brug.core.paging import MAX_HTML_PAGE_SIZE
from brug.core.testing.matrix import SCENARIOS, ActorContext
from brug.core.tests.test_permission_matrix import _load_scenarios

FEW, MORE = 2, 7


@dataclass(frozen=True)
class ListPage:
    resource: str  # whose rows fill the list (its matrix scenario builds them)
    rows: str = ""  # dotted path in the context to the rows; "" = the context's Page
    query: str = ""  # query string that makes the page list (a search)
    roles: tuple[str, ...] = ()  # only these roles (the page is work for them)
    cap: int = MAX_HTML_PAGE_SIZE  # most rows one page shows (search results)
    kwargs: Callable[[Any], dict[str, Any]] | None = field(default=None)  # from the first row
    # For rows no matrix resource describes (a person's own notifications): builds one row
    # for the actor; the page is then asked as `roles[0]`.
    seed: Callable[[ActorContext], Any] | None = field(default=None)


def _notification(actor: ActorContext) -> Any:
    from brug.core.models import Notification

    # Already read: the page marks the unread ones it shows read in one UPDATE, which the
    # warm-up request would do for the first rows only.
    return Notification.objects.create(
        recipient=actor.user, subject="Nieuw aanbod", url="/", read_at=timezone.now()
    )


def _organisation_of(row: Any) -> dict[str, Any]:
    return {"pk": row.organisation_id}


LIST_PAGES: dict[str, ListPage] = {
    # core
    "notifications": ListPage("", roles=("teacher",), seed=_notification),
    "saved-searches": ListPage("core.savedsearch"),
    # accounts
    "accounts:members": ListPage("accounts.membership", kwargs=_organisation_of),
    # access
    "access:token_list": ListPage("access.apitoken"),
    "access:lockout_list": ListPage("access.lockout"),
    # registry
    "registry:list": ListPage("registry.organisation", kwargs=lambda _: {"slug": "organisaties"}),
    # workplace
    "workplace:learners": ListPage("workplace.learner"),
    "workplace:company": ListPage("workplace.application", roles=("company_contact",)),
    "workplace:read-log": ListPage("core.accesslog"),
    "workplace:review-queue": ListPage("workplace.recognition"),
    # matching
    "matching:round_list": ListPage("matching.matchinground"),
    # covenants
    "covenants:signals": ListPage("covenants.shortagesignal"),
    # education
    "education:rounds": ListPage("education.consultationround"),
    "education:agreements": ListPage("education.agreement"),
    "education:intersectoral": ListPage("education.intersectoralaction"),
    # corework
    "corework:records": ListPage("corework.trainingrecord"),
    # innovet
    "innovet:search": ListPage("innovet.offer", rows="result.offers", cap=50),
    "innovet:provider-offers": ListPage("innovet.offer"),
    "innovet:my-registrations": ListPage("innovet.registration"),
    "innovet:material-list": ListPage("innovet.material"),
    "innovet:guest-requests": ListPage("innovet.guestlessonrequest"),
    "innovet:ten-days": ListPage("innovet.tendayrequest"),
    "innovet:placements": ListPage("innovet.teacherplacement"),
    "innovet:hybrid-jobs": ListPage("innovet.hybridjob"),
    "innovet:candidates": ListPage("innovet.guestteachercandidate"),
    # partnerships
    "partnerships:register": ListPage(
        "partnerships.partnership", rows="result.partnerships", cap=100
    ),
}

# List pages whose rows no matrix scenario can put on the page, with the reason and the test
# of their own app that holds their budget.
EXEMPT: dict[str, str] = {
    "covenants:list": "one generation a page, and each scenario covenant has a generation of"
    " its own; paged (50)",
    "accounts:my_members": "redirects to accounts:members of the administered organisation",
    "workplace:quality": "approved recognitions only: workplace/tests/test_guidance.py",
    "matching:round_detail": "the rankable learners of one open round (paged, 100 a page)",
    "workplace:search": "a distance search: budget in workplace/tests/test_search_map.py",
    "monitoring:shortage": "aggregate cells, no row per record: monitoring/tests/test_shortage.py",
    "monitoring:shortage-public": "aggregate cells: monitoring/tests/test_public_radar.py",
    "monitoring:flows": "aggregate cells: monitoring/tests/test_flows.py",
}


def _join(prefix: str, pattern: Any) -> str:
    return prefix + str(pattern.pattern).lstrip("^").rstrip("$")


def _pages(patterns: Iterable[Any] | None = None, ns: str = "") -> dict[str, Any]:
    """URL name (with namespace) -> view callback of every HTML page of Brug."""
    found: dict[str, Any] = {}
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern).startswith(("api/", "^api/", "beheer/")):
                continue
            inner = f"{ns}{pattern.namespace}:" if pattern.namespace else ns
            found |= _pages(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            callback = pattern.callback
            if getattr(callback, "__module__", "").startswith("brug."):
                found[ns + pattern.name] = callback
    return found


def _is_list_page(name: str, callback: Any) -> bool:
    if re.search(r"(^|[-_:])list$", name):
        return True
    try:
        source = inspect.getsource(inspect.unwrap(callback))
    except (OSError, TypeError):
        return False
    return "Paginator(" in source or "page_of(" in source


def _lookup(context: Any, path: str) -> Any:
    first, *rest = path.split(".")
    value: Any = context[first]
    for part in rest:
        value = getattr(value, part)
    return value


def _pages_in(context: Any) -> list[Page[Any]]:
    found: list[Page[Any]] = []
    contexts = context if isinstance(context, list) else [context]
    for one in contexts:
        for value in one.flatten().values():
            if isinstance(value, Page) and all(value is not p for p in found):
                found.append(value)
    return found


def _rows(response: Any, page: ListPage) -> int:
    if page.rows:
        rows = _lookup(response.context, page.rows)
        count = len(rows.object_list if isinstance(rows, Page) else rows)
        assert count <= page.cap
        return count
    pages = _pages_in(response.context)
    assert pages, "the page lists its rows without a Paginator page"
    for found in pages:
        assert found.paginator.per_page <= MAX_HTML_PAGE_SIZE, found.paginator.per_page
    return sum(len(found.object_list) for found in pages)


def _count(client: Client, url: str, page: ListPage) -> tuple[int, int] | None:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    if response.status_code != 200:
        return None
    return len(ctx.captured_queries), _rows(response, page)


def _candidates(resource: str, roles: tuple[str, ...]) -> list[tuple[str, str]]:
    pairs = [
        (role, relation)
        for (role, relation), actions in policy.matrix()[resource].items()
        if "view" in actions and (not roles or role in roles)
    ]
    return sorted(pairs, key=lambda pair: (pair[0] == "public", pair[1] == "any", pair))


@pytest.mark.django_db
def test_there_are_list_pages_to_check() -> None:
    assert len(LIST_PAGES) > 20


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(LIST_PAGES))
def test_list_page_query_count_does_not_grow_with_rows(name: str) -> None:
    page = LIST_PAGES[name]
    _load_scenarios()
    if page.seed is not None:
        seed = page.seed

        def builder(relation: str, actor: ActorContext) -> tuple[Any, set[str]]:
            return seed(actor), set()

        candidates = [(page.roles[0], "own")]
    else:
        builder = SCENARIOS[page.resource]
        candidates = _candidates(page.resource, page.roles)
    tried = []
    for role, relation in candidates:
        user = user_with_role(role)
        organisation = None if role == "public" else user.memberships.get().organisation
        actor = ActorContext(role=role, user=user, organisation=organisation)
        client = Client()
        if role != "public":
            client.force_login(user)
        wanted = relation if relation != "any" else "unrelated"
        first = builder(wanted, actor)
        if first is None:
            tried.append((role, relation, "no scenario"))
            continue
        url = reverse(name, kwargs=page.kwargs(first[0]) if page.kwargs else None)
        url += f"?{page.query}" if page.query else ""
        for _ in range(FEW - 1):
            builder(wanted, actor)
        if _count(client, url, page) is None:  # warm-up: roles, session, caches
            tried.append((role, relation, "refused"))
            continue
        few = _count(client, url, page)
        for _ in range(MORE - FEW):
            builder(wanted, actor)
        more = _count(client, url, page)
        assert few is not None and more is not None
        if more[1] <= few[1]:
            tried.append((role, relation, f"rows {few[1]}->{more[1]}"))
            continue
        assert more[0] == few[0], (
            f"{name} as {role}: {few[0]} queries for {few[1]} rows, {more[0]} for {more[1]}"
        )
        return
    pytest.fail(f"{name}: no role and relation put rows on the page: {tried}")


def test_every_list_page_has_a_budget() -> None:
    pages = _pages()
    missing = sorted(
        name
        for name, callback in pages.items()
        if _is_list_page(name, callback) and name not in LIST_PAGES and name not in EXEMPT
    )
    assert not missing, f"list pages without a query budget (add them to LIST_PAGES): {missing}"


def test_declared_pages_exist() -> None:
    pages = _pages()
    for name in [*LIST_PAGES, *EXEMPT]:
        assert name in pages, name
