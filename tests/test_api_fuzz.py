"""Schemathesis against the committed OpenAPI file, per role, on a live server (issue 11 §2).

For every operation in `docs/openapi.yaml`, Hypothesis generates requests from the schema (a
bounded, derandomised number per operation: `BRUG_FUZZ_EXAMPLES`, default 3) and sends them as
each role to a live server on the suite's database (SQLite or PostgreSQL). The goal is 0 server
errors and 0 responses that break the schema; every failure is listed with a curl line.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from brug.accounts.tests.factories import user_with_role
from brug.covenants.tests import factories as cf
from brug.innovet.tests import factories as inf
from brug.workplace.tests import factories as wf
from brug.workplace.tests.world import build_world

SCHEMA = Path(__file__).resolve().parents[1] / "docs" / "openapi.yaml"
EXAMPLES = int(os.environ.get("BRUG_FUZZ_EXAMPLES", "3"))
PASSWORD = "fuzz-password-1"  # a test account on the test database only
ROLES = ["anonymous", "company", "guide", "department"]

pytestmark = pytest.mark.django_db(transaction=True)


def _world() -> dict[str, Any]:
    """A little of everything, so list and detail answers carry real rows to check."""
    world = build_world()
    opening = wf.OpeningFactory(
        workplace__company=world.company,
        workplace__site=world.site,
        workplace__programme=world.programme,
        company=world.company,
        site=world.site,
        programme=world.programme,
    )
    learner = wf.LearnerFactory(school=world.school, programme=world.programme)
    wf.LearnerIdentityFactory(learner=learner)
    wf.ApplicationFactory(learner=learner, opening=opening)
    covenant = cf.CovenantFactory(status="running")
    cf.ActionFactory(covenant=covenant)
    inf.SessionFactory()
    users = {
        "company": world.company_user,
        "guide": world.guide,
        "department": user_with_role("department_work"),
    }
    for user in users.values():
        user.set_password(PASSWORD)
        user.save()
    return users


def _failures(base_url: str, auth: tuple[str, str] | None) -> list[str]:
    schema = schemathesis.openapi.from_path(str(SCHEMA))
    schema.config.update(base_url=base_url, request_timeout=30)
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any) -> None:
            response = case.call(auth=auth) if auth else case.call()
            case.validate_response(
                response, checks=[not_a_server_error, response_schema_conformance]
            )

        try:
            check()
        except (Exception, BaseExceptionGroup) as exc:  # a summary per operation; carry on
            lines = [line.strip()[:160] for line in str(exc).splitlines() if line.strip()]
            failures.append(f"{operation.label}: {' | '.join(lines[:5])}")
    return failures


@pytest.mark.parametrize("role", ROLES)
def test_no_server_error_and_no_schema_violation(role: str, live_server: Any) -> None:
    users = _world()
    auth = None if role == "anonymous" else (users[role].username, PASSWORD)
    failures = _failures(live_server.url, auth)
    assert not failures, f"{len(failures)} failing operations as {role}:\n" + "\n".join(failures)
