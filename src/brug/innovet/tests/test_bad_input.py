"""Issue 11 §2/§7 for InnoVET registrations: a bad id is a problem-details 4xx, never a 500,
and the endpoints give no way to learn whether a user id or a role exists."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from brug.accounts.tests.factories import user_with_role
from brug.innovet.models import Registration
from brug.innovet.tests import factories as f

pytestmark = pytest.mark.django_db
API = "/api/innovet/registrations/"


def _api(user: Any) -> APIClient:
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user)
    return client


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["detail_nl"] and body["detail_en"]
    return body


@pytest.mark.parametrize("pk", ["abc", "99999999999999999999999", "0"])
def test_cancel_with_a_bad_id_is_a_404(pk: str) -> None:
    teacher = f.teacher_at(f.school())
    _problem(_api(teacher).post(API + f"{pk}/cancel/"), 404)


def test_cancel_of_someone_elses_registration_is_a_404() -> None:
    registration = f.RegistrationFactory()
    stranger = f.teacher_at(f.school())
    _problem(_api(stranger).post(API + f"{registration.pk}/cancel/"), 404)


def test_registering_someone_else_reveals_nothing_about_ids_or_roles() -> None:
    school = f.school()
    guide = user_with_role("guide", organisation=school)
    session = f.SessionFactory()
    not_a_teacher = user_with_role("company_contact")
    teacher_elsewhere = f.teacher_at(f.school())
    answers = []
    for teacher_id in (not_a_teacher.pk, teacher_elsewhere.pk, 2_000_000_000, 10**30):
        response = _api(guide).post(
            API, {"session": session.pk, "teacher": teacher_id}, format="json"
        )
        body = _problem(response, 400)
        answers.append((body["code"], body["detail_nl"], body.get("field")))
    # the same answer for an unknown id, a user without the role and another school's teacher
    assert len(set(answers[:3])) == 1, answers
    assert Registration.objects.count() == 0
    # the guide's own teacher can be registered
    own = f.teacher_at(school)
    ok = _api(guide).post(API, {"session": session.pk, "teacher": own.pk}, format="json")
    assert ok.status_code == 201, ok.content


def test_a_session_the_caller_may_not_see_answers_like_a_missing_one() -> None:
    teacher = f.teacher_at(f.school())
    draft = f.SessionFactory(offer=f.OfferFactory(status="draft"))
    hidden = _problem(_api(teacher).post(API, {"session": draft.pk}, format="json"), 400)
    missing = _problem(_api(teacher).post(API, {"session": 2_000_000_000}, format="json"), 400)
    assert (hidden["code"], hidden["detail_nl"]) == (missing["code"], missing["detail_nl"])


def test_a_role_without_any_right_gets_the_same_404_for_existing_and_missing_ids() -> None:
    registration = f.RegistrationFactory()
    learner = _api(user_with_role("learner"))
    existing = _problem(learner.get(API + f"{registration.pk}/"), 404)
    missing = _problem(learner.get(API + "2000000000/"), 404)
    assert existing == missing
    # the list itself stays a plain refusal for that role
    assert learner.get(API).status_code == 403


@pytest.mark.parametrize(
    "extra",
    [{"cost_eur": "NaN"}, {"cost_eur": "Infinity"}, {"description": "d" * 5001}],
    ids=["nan", "infinity", "long-description"],
)
def test_absurd_offer_is_refused_by_the_service(extra: dict[str, Any]) -> None:
    from brug.core.errors import ServiceError
    from brug.innovet import services
    from brug.innovet.models import Offer

    provider = f.OfferFactory().provider
    actor = user_with_role("platform_admin")
    before = Offer.objects.count()
    with pytest.raises(ServiceError):
        services.offer_create(actor=actor, provider=provider, kind="event", title="Cobots", **extra)
    assert Offer.objects.count() == before
