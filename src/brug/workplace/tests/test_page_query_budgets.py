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


def test_a_company_reads_the_identities_of_its_candidates_and_placed_learners_only(
    world: World,
) -> None:
    """The counterpart rule on learners and identities: applied to or placed at one of the
    company's openings; never a learner who only applied elsewhere. Its SQL is two semi-joins
    from the company's openings, not outer joins from every learner (which scanned all 500,000
    learners for one candidate list at the `netherlands` scale)."""
    from brug.core import policy
    from brug.workplace import models as m

    _candidates(world, 2)
    placed = f.PlacementFactory(
        opening=f.OpeningFactory(
            workplace=f.RecognisedFactory(company=world.company, site=world.site), capacity=3
        ),
        learner=f.LearnerFactory(school=world.school),
    ).learner
    f.LearnerIdentityFactory(learner=placed)
    elsewhere = f.ApplicationFactory(opening=f.OpeningFactory()).learner
    f.LearnerIdentityFactory(learner=elsewhere)
    candidates = set(
        m.Application.objects.filter(opening__company=world.company).values_list(
            "learner_id", flat=True
        )
    )
    assert len(candidates) == 2

    identities = policy.visible(
        world.company_user, m.LearnerIdentity.objects.all(), "view_first_name"
    )
    assert set(identities.values_list("learner_id", flat=True)) == candidates | {placed.pk}
    learners = policy.visible(world.company_user, m.Learner.objects.all())
    assert set(learners.values_list("pk", flat=True)) == candidates | {placed.pk}
    for qs in (identities, learners):
        sql = str(qs.query).upper()
        assert "LEFT OUTER JOIN" not in sql, sql
        assert sql.count("COMPANY_ID") == 2, sql  # one semi-join per table, from the openings
