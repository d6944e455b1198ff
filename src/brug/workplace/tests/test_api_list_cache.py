"""A signed-in caller's API list is kept per caller and data version (brug.core.api_cache): a
write, a revoked role and a revoked token show at the next request, every read of learner data
is still logged, and nothing is shared between callers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from brug.access import services as access_services
from brug.access.models import ApiTokenUse
from brug.access.tests.factories import make_token
from brug.accounts.models import Membership
from brug.core import api_cache
from brug.core.models import AccessLog
from brug.workplace import models as m
from brug.workplace.tests import factories as f
from brug.workplace.tests.world import World

pytestmark = pytest.mark.django_db
LEARNERS = "/api/workplace/learners/"


@pytest.fixture(autouse=True)
def _kept() -> Iterator[None]:
    cache.clear()
    with override_settings(BRUG_API_CACHE_SECONDS=30, BRUG_API_CACHE_LOCAL=True):
        yield
    cache.clear()


def _client(world: World) -> tuple[APIClient, str]:
    _, secret = make_token(world.guide, scopes=["workplace:read"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client, secret


def _get(client: APIClient, path: str = LEARNERS) -> tuple[int, list[str], CaptureQueriesContext]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    rows = (
        [r["pseudonym"] for r in response.json()["results"]] if response.status_code == 200 else []
    )
    return response.status_code, rows, ctx


def _reads(ctx: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")
    ]


def _inserts(ctx: CaptureQueriesContext, table: str) -> int:
    return sum(
        1
        for q in ctx.captured_queries
        if q["sql"].lstrip().upper().startswith("INSERT") and f'"{table}"' in q["sql"]
    )


def test_the_hook_is_on_every_connection_while_the_cache_is_on() -> None:
    assert api_cache.enabled()
    assert api_cache.write_hook in connection.execute_wrappers
    assert connection.execute_wrappers.index(api_cache.write_hook) == 0


def test_without_the_cache_no_connection_runs_the_hook() -> None:
    """Off (the default without Redis) a statement passes no hook at all; a connection opened
    then has none either; and it comes back, first, when the cache is turned on again."""
    before = api_cache.data_version()
    with override_settings(BRUG_API_CACHE_LOCAL=False):
        assert not api_cache.enabled()
        assert api_cache.write_hook not in connection.execute_wrappers
        api_cache.install(connection)  # what a new connection gets
        assert api_cache.write_hook not in connection.execute_wrappers
        m.Learner.objects.filter(pk=-1).update(pseudonym="x")
    with override_settings(BRUG_API_CACHE_SECONDS=0):
        assert api_cache.write_hook not in connection.execute_wrappers
    assert api_cache.data_version() == before
    assert connection.execute_wrappers.index(api_cache.write_hook) == 0
    m.Learner.objects.filter(pk=-1).update(pseudonym="x")
    assert api_cache.data_version() > before


def test_a_connection_opened_while_the_cache_is_on_runs_the_hook() -> None:
    connection.execute_wrappers.remove(api_cache.write_hook)
    api_cache.install(connection)
    assert connection.execute_wrappers.index(api_cache.write_hook) == 0


def test_a_kept_list_is_served_without_reading_and_still_logs_every_read(world: World) -> None:
    learners = [f.LearnerFactory(school=world.school) for _ in range(3)]
    client, _ = _client(world)
    status, first, ctx1 = _get(client)
    assert status == 200 and len(first) == 3
    assert _inserts(ctx1, "core_accesslog") == 1
    status, again, ctx2 = _get(client)
    assert status == 200 and again == first
    # The token check and the page come from the cache: no SELECT at all ...
    assert _reads(ctx2) == []
    # ... but the read of the support-need flags is logged again (one statement), and the use
    # of the token too (the use row is one INSERT on both databases; the read log is a COPY on
    # PostgreSQL, which the query capture does not see).
    assert _inserts(ctx2, "access_apitokenuse") == 1
    if connection.vendor == "sqlite":
        assert _inserts(ctx2, "core_accesslog") == 1
    logged = AccessLog.objects.filter(fields="has_support_need", reader=world.guide)
    assert logged.count() == 2 * len(learners)
    assert {r.subject_id for r in logged} == {str(x.pk) for x in learners}
    assert ApiTokenUse.objects.count() == 2


def test_a_write_shows_at_the_next_request(world: World) -> None:
    learner = f.LearnerFactory(school=world.school)
    client, _ = _client(world)
    assert _get(client)[1] == [learner.pseudonym]
    added = f.LearnerFactory(school=world.school)  # a save
    assert sorted(_get(client)[1]) == sorted([learner.pseudonym, added.pseudonym])
    # An update() sends no signal: the write itself bumps the version.
    m.Learner.objects.filter(pk=learner.pk).update(pseudonym="renamed-x")
    assert "renamed-x" in _get(client)[1]
    m.Learner.objects.filter(pk=added.pk).delete()
    assert _get(client)[1] == ["renamed-x"]


def test_without_the_bump_the_kept_page_would_be_stale(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tests above are not vacuous: the page really is kept, and only the bump frees it."""
    f.LearnerFactory(school=world.school)
    client, _ = _client(world)
    before = _get(client)[1]
    monkeypatch.setattr(api_cache, "bump", lambda: None)
    f.LearnerFactory(school=world.school)
    assert _get(client)[1] == before


def test_a_revoked_role_shows_at_the_next_request(world: World) -> None:
    f.LearnerFactory(school=world.school)
    client, _ = _client(world)
    assert _get(client)[0] == 200 and len(_get(client)[1]) == 1
    membership = Membership.objects.get(user=world.guide, organisation=world.school)
    membership.is_active = False
    membership.save()
    status, rows, _ = _get(client)
    assert status == 403 or rows == []


def test_a_revoked_token_is_refused_at_the_next_request(world: World) -> None:
    f.LearnerFactory(school=world.school)
    token, secret = make_token(world.guide, scopes=["workplace:read"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert _get(client)[0] == 200
    assert _get(client)[0] == 200  # kept: token and page
    access_services.token_revoke(actor=world.guide, token=token)
    assert _get(client)[0] == 401
    assert access_services.token_check(secret) is None


def test_callers_do_not_share_a_kept_page(world: World) -> None:
    f.LearnerFactory(school=world.school)
    guide_client, _ = _client(world)
    assert len(_get(guide_client)[1]) == 1
    _, secret = make_token(world.company_user, scopes=["workplace:read"])
    company = APIClient()
    company.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    status, rows, _ = _get(company)
    assert status == 403 or rows == []
    # A session caller (no token) gets a page of their own as well.
    session = APIClient()
    session.force_authenticate(world.company_user)
    status, rows, _ = _get(session)
    assert status == 403 or rows == []


def test_other_query_strings_are_other_pages(world: World) -> None:
    for _ in range(3):
        f.LearnerFactory(school=world.school)
    client, _ = _client(world)
    assert len(_get(client)[1]) == 3
    assert len(_get(client, LEARNERS + "?limit=1")[1]) == 1
    assert len(_get(client, LEARNERS + "?limit=2")[1]) == 2


def test_logs_that_change_no_answer_do_not_bump() -> None:
    assert not api_cache.is_write('SELECT "x" FROM "workplace_learner"')
    assert not api_cache.is_write('UPDATE "django_session" SET "session_data" = %s')
    assert api_cache.is_write('UPDATE "workplace_learner" SET "pseudonym" = %s')
    assert api_cache.is_write('DELETE FROM "accounts_membership" WHERE "id" = %s')
    assert api_cache.is_write("TRUNCATE workplace_learner")


def test_a_request_reads_the_data_version_once(world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The token check and the kept page share one read of the data version (one cache round
    trip with Redis); a write between two requests is still seen by the second."""
    from brug.core import caching

    reads: list[str] = []
    real = caching.version

    def counted(name: str) -> int:
        reads.append(name)
        return real(name)

    monkeypatch.setattr(caching, "version", counted)
    f.LearnerFactory(school=world.school)
    client, _ = _client(world)
    assert _get(client)[0] == 200
    reads.clear()
    status, rows, _ = _get(client)
    assert status == 200 and len(rows) == 1
    assert reads == [api_cache.VERSION_NAME]
    f.LearnerFactory(school=world.school)  # a write between requests (outside any request)
    assert len(_get(client)[1]) == 2


def test_outside_a_request_and_after_its_own_write_the_version_is_read_again() -> None:
    first = api_cache.data_version()
    api_cache.bump()
    assert api_cache.data_version() == first + 1  # a job or a command: never kept
    api_cache.request_started()
    try:
        during = api_cache.data_version()
        assert during == first + 1
        api_cache.bump()  # the request's own write (the hook bumps)
        assert api_cache.data_version() == during + 1
    finally:
        api_cache.request_finished()
    api_cache.bump()
    assert api_cache.data_version() == first + 3
