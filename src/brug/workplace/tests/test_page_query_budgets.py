"""Issue 18: the company home and the guide's learner list cost the same number of queries for a
few rows as for many (names are read and logged in one statement, lists are paged)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from brug.core.models import AccessLog
from brug.workplace.tests import factories as f
from brug.workplace.tests.world import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world(n_competences=1)


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries)


def _candidates(world: World, n: int) -> None:
    opening = f.OpeningFactory(
        workplace=f.RecognisedFactory(company=world.company, site=world.site), capacity=5
    )
    for _ in range(n):
        learner = f.LearnerFactory(school=world.school, programme=opening.programme)
        f.LearnerIdentityFactory(learner=learner)
        f.ApplicationFactory(learner=learner, opening=opening, status="submitted")


def _budget(client: Client, url: str, grow: Any) -> tuple[int, int]:
    _queries(client, url)  # warm-up: roles, session
    few = _queries(client, url)
    grow()
    return few, _queries(client, url)


def test_company_home_query_count_does_not_grow_with_candidates(world: World) -> None:
    _candidates(world, 2)
    client = Client()
    client.force_login(world.company_user)
    before = AccessLog.objects.count()
    few, many = _budget(client, "/werkplekleren/onderneming/", lambda: _candidates(world, 12))
    assert many == few, (few, many)
    assert many <= 40
    assert AccessLog.objects.count() > before  # the names read are logged (in one statement)


def test_learner_list_query_count_does_not_grow_with_learners(world: World) -> None:
    def more() -> None:
        for _ in range(12):
            f.LearnerFactory(school=world.school, programme=world.programme)

    f.LearnerFactory(school=world.school, programme=world.programme)
    client = Client()
    client.force_login(world.guide)
    few, many = _budget(client, "/werkplekleren/lerenden/", more)
    assert many == few, (few, many)
