"""The one placement rule (issue 11 §1): both placement paths accept and refuse the same,
the attacks from the issue are refused, refusals reveal nothing about a learner, and the class
council's screening stays at the school."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from brug.accounts.tests.factories import user_with_role
from brug.core.errors import NotAllowed, ServiceError
from brug.registry.tests import factories as rf
from brug.workplace import models as m
from brug.workplace import services
from brug.workplace.services import Basis, PlacementSpec
from brug.workplace.tests import factories as f
from brug.workplace.tests.world import World, accept_intake

pytestmark = pytest.mark.django_db
API = "/api/workplace/"


def _api(user: object) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _opening(w: World, company_user: Any, rec: m.Recognition, capacity: int = 2) -> m.Opening:
    return services.opening_create(
        actor=company_user,
        workplace=rec,
        kind=m.PlacementKind.DUAL,
        start=f.TODAY + timedelta(days=10),
        end=f.TODAY + timedelta(days=200),
        capacity=capacity,
        publish=True,
    )


def _learner(guide: Any, school: Any, programme: Any, w: World, name: str = "Noor") -> m.Learner:
    return services.learner_register(
        actor=guide,
        school=school,
        programme=programme,
        grade=3,
        home_municipality=w.site.municipality,
        first_name=name,
        last_name="Janssens",
        ready=False,
        willing=True,
        start_up_phase=True,
    )


@dataclass
class Scene:
    w: World
    opening: m.Opening
    learner: m.Learner
    other_company_user: Any
    other_opening: m.Opening
    other_mentor: m.Mentor
    other_school_learner: m.Learner


@pytest.fixture
def scene(world: World) -> Scene:
    rec = f.RecognisedFactory(
        company=world.company,
        site=world.site,
        programme=world.programme,
        partnership=world.partnership,
    )
    rec.mentors.add(world.mentor)
    # Another company with a recognised workplace for the same programme, and its mentor.
    other = f.CompanyFactory(sectors=[world.sector])
    other_site = rf.SiteFactory(organisation=other)
    other_rec = f.RecognisedFactory(
        company=other, site=other_site, programme=world.programme, partnership=world.partnership
    )
    other_mentor = f.MentorFactory(company=other, site=other_site)
    other_rec.mentors.add(other_mentor)
    other_user = user_with_role("company_contact", other)
    # Another school with a learner of another programme who never applied anywhere.
    other_school = f.SchoolFactory()
    other_guide = user_with_role("guide", other_school)
    stranger = _learner(other_guide, other_school, rf.ProgrammeFactory(), world, "Zoë")
    return Scene(
        w=world,
        opening=_opening(world, world.company_user, rec),
        learner=_learner(world.guide, world.school, world.programme, world),
        other_company_user=other_user,
        other_opening=_opening(world, other_user, other_rec),
        other_mentor=other_mentor,
        other_school_learner=stranger,
    )


# ---------------------------------------------------------------- the attacks in the issue


def test_company_cannot_place_another_schools_learner_who_never_applied(scene: Scene) -> None:
    w = scene.w
    response = _api(w.company_user).post(
        API + "placements/",
        {
            "learner": scene.other_school_learner.pk,
            "opening": scene.opening.pk,
            "mentor": w.mentor.pk,
        },
        format="json",
    )
    assert response.status_code in (400, 403, 404), response.content
    assert not m.Placement.objects.exists()
    body = response.content.decode()
    # Nothing about the learner: not the programme it follows, not that it is in another one.
    assert str(scene.other_school_learner.programme) not in body
    assert "programme" not in body.lower() and "opleiding" not in body.lower()
    scene.opening.refresh_from_db()
    assert scene.opening.filled == 0


def test_guide_cannot_place_into_another_companys_opening_choosing_its_mentor(
    scene: Scene,
) -> None:
    w = scene.w
    response = _api(w.guide).post(
        API + "placements/",
        {
            "learner": scene.learner.pk,
            "opening": scene.other_opening.pk,
            "mentor": scene.other_mentor.pk,
        },
        format="json",
    )
    assert response.status_code in (400, 403, 404), response.content
    assert not m.Placement.objects.exists()
    # Once the company accepted the intake, both sides have confirmed: then it may.
    accept_intake_at(scene, scene.learner, scene.other_opening)
    response = _api(w.guide).post(
        API + "placements/",
        {
            "learner": scene.learner.pk,
            "opening": scene.other_opening.pk,
            "mentor": scene.other_mentor.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.content


def accept_intake_at(scene: Scene, learner: m.Learner, opening: m.Opening) -> None:
    application = services.application_submit(actor=scene.w.guide, learner=learner, opening=opening)
    company_user = (
        scene.w.company_user
        if opening.company_id == scene.w.company.pk
        else scene.other_company_user
    )
    services.application_record_intake(actor=company_user, application=application, accepted=True)


def test_the_page_flow_checks_the_accepted_intake(scene: Scene) -> None:
    w = scene.w
    application = services.application_submit(
        actor=w.guide, learner=scene.learner, opening=scene.opening
    )
    client = Client()
    client.force_login(w.company_user)
    url = reverse("workplace:placement-new", args=[application.pk])
    response = client.post(url, {"mentor": w.mentor.pk}, follow=True)
    assert response.status_code == 200
    assert not m.Placement.objects.exists()
    assert "intake" in response.content.decode()
    services.application_record_intake(actor=w.company_user, application=application, accepted=True)
    client.post(url, {"mentor": w.mentor.pk})
    assert m.Placement.objects.filter(learner=scene.learner, opening=scene.opening).count() == 1


# ---------------------------------------------------------------- one rule, two paths


Case = Callable[[Scene], tuple[Any, m.Learner, m.Opening, m.Mentor, dict[str, Any]]]


def _accepted(s: Scene) -> tuple[Any, m.Learner, m.Opening, m.Mentor, dict[str, Any]]:
    accept_intake(s.w, s.learner, s.opening)
    return s.w.company_user, s.learner, s.opening, s.w.mentor, {}


def _accepted_by_guide(s: Scene) -> tuple[Any, m.Learner, m.Opening, m.Mentor, dict[str, Any]]:
    accept_intake(s.w, s.learner, s.opening)
    return s.w.guide, s.learner, s.opening, s.w.mentor, {}


def _only_applied(s: Scene) -> tuple[Any, m.Learner, m.Opening, m.Mentor, dict[str, Any]]:
    services.application_submit(actor=s.w.guide, learner=s.learner, opening=s.opening)
    return s.w.company_user, s.learner, s.opening, s.w.mentor, {}


def _declined(s: Scene) -> tuple[Any, m.Learner, m.Opening, m.Mentor, dict[str, Any]]:
    application = services.application_submit(actor=s.w.guide, learner=s.learner, opening=s.opening)
    services.application_record_intake(
        actor=s.w.company_user,
        application=application,
        accepted=False,
        reason=m.DeclineReason.PRACTICAL,
    )
    return s.w.company_user, s.learner, s.opening, s.w.mentor, {}


def _never_applied(s: Scene) -> tuple[Any, m.Learner, m.Opening, m.Mentor, dict[str, Any]]:
    return s.w.company_user, s.learner, s.opening, s.w.mentor, {}


def _stranger(s: Scene) -> tuple[Any, m.Learner, m.Opening, m.Mentor, dict[str, Any]]:
    return s.w.company_user, s.other_school_learner, s.opening, s.w.mentor, {}


def _guide_elsewhere(s: Scene) -> tuple[Any, m.Learner, m.Opening, m.Mentor, dict[str, Any]]:
    return s.w.guide, s.learner, s.other_opening, s.other_mentor, {}


def _accepted_elsewhere(s: Scene) -> tuple[Any, m.Learner, m.Opening, m.Mentor, dict[str, Any]]:
    accept_intake(s.w, s.learner, s.opening)  # accepted at our opening, placed at another
    return s.w.guide, s.learner, s.other_opening, s.other_mentor, {}


def _outsider(s: Scene) -> tuple[Any, m.Learner, m.Opening, m.Mentor, dict[str, Any]]:
    accept_intake(s.w, s.learner, s.opening)
    return s.other_company_user, s.learner, s.opening, s.w.mentor, {}


def _foreign_mentor(s: Scene) -> tuple[Any, m.Learner, m.Opening, m.Mentor, dict[str, Any]]:
    accept_intake(s.w, s.learner, s.opening)
    return s.w.company_user, s.learner, s.opening, s.other_mentor, {}


def _inactive_mentor(s: Scene) -> tuple[Any, m.Learner, m.Opening, m.Mentor, dict[str, Any]]:
    accept_intake(s.w, s.learner, s.opening)
    m.Mentor.objects.filter(pk=s.w.mentor.pk).update(is_active=False)
    s.w.mentor.refresh_from_db()
    return s.w.company_user, s.learner, s.opening, s.w.mentor, {}


def _already_placed(s: Scene) -> tuple[Any, m.Learner, m.Opening, m.Mentor, dict[str, Any]]:
    accept_intake(s.w, s.learner, s.opening)
    second = _opening(s.w, s.w.company_user, s.opening.workplace)
    accept_intake(s.w, s.learner, second)
    services.placement_create(
        actor=s.w.company_user, opening=second, learner=s.learner, mentor=s.w.mentor
    )
    return s.w.company_user, s.learner, s.opening, s.w.mentor, {}


def _closed(s: Scene) -> tuple[Any, m.Learner, m.Opening, m.Mentor, dict[str, Any]]:
    accept_intake(s.w, s.learner, s.opening)
    services.opening_close(actor=s.w.company_user, opening=s.opening)
    return s.w.company_user, s.learner, s.opening, s.w.mentor, {}


def _outside_period(s: Scene) -> tuple[Any, m.Learner, m.Opening, m.Mentor, dict[str, Any]]:
    accept_intake(s.w, s.learner, s.opening)
    late = {"start": s.opening.start, "end": s.opening.end + timedelta(days=1)}
    return s.w.company_user, s.learner, s.opening, s.w.mentor, late


def _programme_changed(s: Scene) -> tuple[Any, m.Learner, m.Opening, m.Mentor, dict[str, Any]]:
    accept_intake(s.w, s.learner, s.opening)
    m.Learner.objects.filter(pk=s.learner.pk).update(programme=rf.ProgrammeFactory())
    s.learner.refresh_from_db()
    return s.w.company_user, s.learner, s.opening, s.w.mentor, {}


def _full(s: Scene) -> tuple[Any, m.Learner, m.Opening, m.Mentor, dict[str, Any]]:
    accept_intake(s.w, s.learner, s.opening)
    m.Opening.objects.filter(pk=s.opening.pk).update(filled=2)
    return s.w.company_user, s.learner, s.opening, s.w.mentor, {}


CASES: dict[str, tuple[Case, str]] = {
    "accepted intake, company places": (_accepted, "placed"),
    "accepted intake, school places": (_accepted_by_guide, "placed"),
    "applied, no intake yet": (_only_applied, "intake_not_accepted"),
    "intake declined": (_declined, "intake_not_accepted"),
    "never applied": (_never_applied, "intake_not_accepted"),
    "another school's learner": (_stranger, "intake_not_accepted"),
    "guide into another company's opening": (_guide_elsewhere, "intake_not_accepted"),
    "accepted at another opening": (_accepted_elsewhere, "intake_not_accepted"),
    "not a party": (_outsider, "not_allowed"),
    "mentor of another company": (_foreign_mentor, "mentor_not_company"),
    "inactive mentor": (_inactive_mentor, "mentor_not_company"),
    "learner already placed": (_already_placed, "learner_already_placed"),
    "opening closed": (_closed, "not_recognised"),
    "period outside the opening": (_outside_period, "period_outside_opening"),
    "programme changed since": (_programme_changed, "programme_mismatch"),
    "opening full": (_full, "opening_full"),
}


def _outcome(call: Callable[[], object]) -> str:
    """Run one attempt and undo it, so the other path meets the same state."""
    try:
        with transaction.atomic():
            call()
            transaction.set_rollback(True)
    except NotAllowed:
        return "not_allowed"
    except ServiceError as exc:
        return exc.code
    return "placed"


@pytest.mark.parametrize("name", list(CASES))
def test_both_paths_accept_and_refuse_the_same(scene: Scene, name: str) -> None:
    build, expected = CASES[name]
    actor, learner, opening, mentor, period = build(scene)
    before = m.Placement.objects.count()

    def one() -> object:
        return services.placement_create(
            actor=actor, opening=opening, learner=learner, mentor=mentor, **period
        )

    def bulk() -> object:
        spec = PlacementSpec(learner.pk, opening.pk, mentor.pk, **period)
        return services.placements_create_bulk(
            actor=actor, items=[spec], source="test", basis=Basis.APPLICATION
        )

    assert (_outcome(one), _outcome(bulk)) == (expected, expected)
    assert m.Placement.objects.count() == before  # both attempts were undone


def test_refusal_to_a_company_does_not_reveal_the_learners_programme(scene: Scene) -> None:
    with pytest.raises(ServiceError) as exc:
        services.placement_create(
            actor=scene.w.company_user,
            opening=scene.opening,
            learner=scene.other_school_learner,
            mentor=scene.w.mentor,
        )
    assert exc.value.code == "intake_not_accepted"
    text = " ".join((exc.value.text.resolve("nl"), exc.value.text.resolve("en")))
    assert str(scene.other_school_learner.programme) not in text
    assert "opleiding" not in text and "programme" not in text


def test_a_learner_unknown_to_the_caller_answers_like_one_that_never_applied(scene: Scene) -> None:
    spec = PlacementSpec(10**9, scene.opening.pk, scene.w.mentor.pk)
    with pytest.raises(ServiceError) as exc:
        services.placements_create_bulk(
            actor=scene.w.company_user, items=[spec], source="t", basis=Basis.APPLICATION
        )
    assert exc.value.code == "intake_not_accepted"


def test_training_plan_create_checks_its_own_permission(scene: Scene) -> None:
    accept_intake(scene.w, scene.learner, scene.opening)
    placement = services.placement_create(
        actor=scene.w.company_user,
        opening=scene.opening,
        learner=scene.learner,
        mentor=scene.w.mentor,
    )
    with pytest.raises(NotAllowed):
        services.training_plan_create(actor=scene.other_company_user, placement=placement)
    with pytest.raises(ServiceError) as exc:  # once per placement
        services.training_plan_create(actor=scene.w.company_user, placement=placement)
    assert exc.value.code == "duplicate"


# ---------------------------------------------------------------- the screening stays at school


SCREENING = ("ready", "willing", "start_up_phase")


def test_company_sees_no_screening_in_the_api(scene: Scene) -> None:
    w = scene.w
    services.application_submit(actor=w.guide, learner=scene.learner, opening=scene.opening)
    detail = _api(w.company_user).get(API + f"learners/{scene.learner.pk}/").json()
    assert detail["pseudonym"] == scene.learner.pseudonym
    assert {"programme", "school", "grade"} <= set(detail)
    assert not set(SCREENING) & set(detail)
    rows = _api(w.company_user).get(API + "learners/").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert rows and all(not set(SCREENING) & set(r) for r in rows)
    school = _api(w.guide).get(API + f"learners/{scene.learner.pk}/").json()
    assert (school["ready"], school["willing"], school["start_up_phase"]) == (False, True, True)
    teacher = user_with_role("teacher", w.school)
    seen = _api(teacher).get(API + f"learners/{scene.learner.pk}/").json()
    assert seen["start_up_phase"] is True and "has_support_need" not in seen


def test_company_pages_show_the_intake_facts_but_no_screening(scene: Scene) -> None:
    w = scene.w
    services.application_submit(actor=w.guide, learner=scene.learner, opening=scene.opening)
    client = Client()
    client.force_login(w.company_user)
    for url in (
        reverse("workplace:opening-detail", args=[scene.opening.pk]),
        reverse("workplace:learner-detail", args=[scene.learner.pk]),
    ):
        page = client.get(url).content.decode()
        assert scene.learner.pseudonym in page
        assert "arbeidsrijp" not in page and "aanloopfase" not in page, url
    opening_page = client.get(reverse("workplace:opening-detail", args=[scene.opening.pk]))
    text = opening_page.content.decode()
    assert str(w.school) in text and str(w.programme) in text
    guide = Client()
    guide.force_login(w.guide)
    school_page = guide.get(reverse("workplace:learner-detail", args=[scene.learner.pk]))
    assert "arbeidsrijp" in school_page.content.decode()
