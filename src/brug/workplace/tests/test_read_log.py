"""Reads of support-need flags, mentors' birth dates and criminal-record check dates are logged
like reads of learner identities: one statement per page or API list, not one per row."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from brug.core.models import AccessLog
from brug.workplace.tests import factories as f
from brug.workplace.tests.world import World

pytestmark = pytest.mark.django_db


def _inserts_into_access_log(queries: CaptureQueriesContext) -> int:
    return sum(
        1
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith("INSERT") and "core_accesslog" in q["sql"]
    )


def _logged(fields: str, subject_type: str) -> set[str]:
    return set(
        AccessLog.objects.filter(fields=fields, subject_type=subject_type).values_list(
            "subject_id", flat=True
        )
    )


@pytest.mark.parametrize("n", [2, 6])
def test_api_mentor_list_logs_birth_date_and_record_check_in_one_statement(
    world: World, n: int
) -> None:
    mentors = [world.mentor, *(f.MentorFactory(company=world.company) for _ in range(n - 1))]
    client = APIClient()
    client.force_authenticate(world.company_user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/workplace/mentors/")
    assert response.status_code == 200
    assert _inserts_into_access_log(queries) == 1
    assert _logged("birth_date,criminal_record_checked_on", "workplace.mentor") == {
        str(x.pk) for x in mentors
    }
    assert set(AccessLog.objects.values_list("reader_id", flat=True)) == {world.company_user.pk}


def test_api_mentor_detail_is_logged_and_an_outsider_reads_and_logs_nothing(world: World) -> None:
    from brug.accounts.tests.factories import user_with_role

    client = APIClient()
    client.force_authenticate(user_with_role("company_contact"))
    assert client.get(f"/api/workplace/mentors/{world.mentor.pk}/").status_code == 404
    assert client.get("/api/workplace/mentors/").json()["results"] == []
    assert not AccessLog.objects.exists()
    client.force_authenticate(world.company_user)
    assert client.get(f"/api/workplace/mentors/{world.mentor.pk}/").status_code == 200
    assert _logged("birth_date,criminal_record_checked_on", "workplace.mentor") == {
        str(world.mentor.pk)
    }


@pytest.mark.parametrize("n", [2, 6])
def test_api_learner_list_logs_support_need_for_the_school_only(world: World, n: int) -> None:
    learners = [f.LearnerFactory(school=world.school) for _ in range(n)]
    client = APIClient()
    client.force_authenticate(world.guide)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/workplace/learners/")
    assert response.status_code == 200
    assert all("has_support_need" in row for row in response.json()["results"])
    assert _inserts_into_access_log(queries) == 1
    assert _logged("has_support_need", "workplace.learner") == {str(x.pk) for x in learners}


def test_learner_page_logs_the_support_need_read_for_the_guide(world: World) -> None:
    learner = f.LearnerFactory(school=world.school, has_support_need=True)
    client = Client()
    client.force_login(world.guide)
    assert client.get(f"/werkplekleren/lerenden/{learner.pk}/").status_code == 200
    assert _logged("has_support_need", "workplace.learner") == {str(learner.pk)}


def test_company_page_logs_the_criminal_record_check_dates_it_shows(world: World) -> None:
    other = f.MentorFactory(company=world.company)
    client = Client()
    client.force_login(world.company_user)
    assert client.get("/werkplekleren/onderneming/").status_code == 200
    assert _logged("criminal_record_checked_on", "workplace.mentor") == {
        str(world.mentor.pk),
        str(other.pk),
    }
