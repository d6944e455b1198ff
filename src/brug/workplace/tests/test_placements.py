"""Openings, applications, intake, placements, capacity under concurrency, training plans."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brug.accounts.tests.factories import user_with_role
from brug.core.errors import NotAllowed, ServiceError
from brug.core.models import AccessLog, AuditEntry
from brug.workplace import models as m
from brug.workplace import selectors, services
from brug.workplace.tests import factories as f
from brug.workplace.tests.world import World, accept_intake, build_world

pytestmark = pytest.mark.django_db


def _workplace(w: World) -> m.Recognition:
    rec = f.RecognisedFactory(
        company=w.company, site=w.site, programme=w.programme, partnership=w.partnership
    )
    rec.mentors.add(w.mentor)
    return rec


def _opening(w: World, **kwargs: object) -> m.Opening:
    params: dict[str, object] = {
        "actor": w.company_user,
        "kind": m.PlacementKind.DUAL,
        "start": f.TODAY + timedelta(days=10),
        "end": f.TODAY + timedelta(days=200),
        "capacity": 1,
        "publish": True,
    }
    params.update(kwargs)
    if "workplace" not in params:
        params["workplace"] = _workplace(w)
    return services.opening_create(**params)  # type: ignore[arg-type]


def _learner(w: World, **kwargs: object) -> m.Learner:
    params: dict[str, object] = {
        "actor": w.guide,
        "school": w.school,
        "programme": w.programme,
        "grade": 3,
        "home_municipality": w.site.municipality,
        "first_name": "Noor",
        "last_name": "Janssens",
    }
    params.update(kwargs)
    return services.learner_register(**params)  # type: ignore[arg-type]


@pytest.mark.parametrize("capacity", [0, -3])
def test_opening_with_zero_or_negative_capacity_is_refused(world: World, capacity: int) -> None:
    with pytest.raises(ServiceError) as exc:
        _opening(world, capacity=capacity)
    assert exc.value.code == "capacity_not_positive" and exc.value.field == "capacity"
    assert m.Opening.objects.count() == 0


def test_period_that_ends_before_it_starts_is_refused(world: World) -> None:
    with pytest.raises(ServiceError) as exc:
        _opening(world, start=f.TODAY + timedelta(days=20), end=f.TODAY + timedelta(days=5))
    assert exc.value.code == "period_reversed"
    assert "eindigt" in exc.value.text.resolve("nl") and "ends before" in exc.value.text.resolve(
        "en"
    )
    assert m.Opening.objects.count() == 0


def test_database_refuses_zero_capacity_and_overfilling_even_without_services(world: World) -> None:
    opening = f.OpeningFactory(capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        m.Opening.objects.filter(pk=opening.pk).update(capacity=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        m.Opening.objects.filter(pk=opening.pk).update(filled=2)


def test_opening_for_unrecognised_workplace_is_refused(world: World) -> None:
    draft = f.RecognitionFactory(company=world.company, site=world.site)
    with pytest.raises(ServiceError) as exc:
        services.opening_create(
            actor=world.company_user,
            workplace=draft,
            kind=m.PlacementKind.DUAL,
            start=f.TODAY,
            end=f.TODAY + timedelta(days=10),
            capacity=1,
        )
    assert exc.value.code == "not_recognised"


def test_application_to_unrecognised_workplace_is_refused(world: World) -> None:
    opening = _opening(world)
    learner = _learner(world)
    services.recognition_suspend(
        actor=world.reviewer, recognition=opening.workplace, reason="klacht"
    )
    with pytest.raises(ServiceError) as exc:
        services.application_submit(actor=world.guide, learner=learner, opening=opening)
    assert exc.value.code == "not_recognised"
    assert m.Application.objects.count() == 0


def test_screening_advice_is_not_binding(world: World) -> None:
    opening = _opening(world)
    learner = _learner(world, ready=False, willing=False, start_up_phase=True)
    application = services.application_submit(actor=world.guide, learner=learner, opening=opening)
    assert application.status == m.ApplicationStatus.SUBMITTED


def test_intake_then_placement_then_training_plan(world: World) -> None:
    opening = _opening(world, capacity=2)
    learner = _learner(world)
    application = services.application_submit(actor=world.guide, learner=learner, opening=opening)
    with pytest.raises(NotAllowed):  # the school does not run the workplace's intake
        services.application_record_intake(
            actor=world.guide, application=application, accepted=True
        )
    with pytest.raises(ServiceError) as exc:
        services.application_record_intake(
            actor=world.company_user, application=application, accepted=False
        )
    assert exc.value.code == "reason_required"
    services.application_record_intake(
        actor=world.company_user, application=application, accepted=True
    )
    placement = services.placement_create(
        actor=world.company_user, opening=opening, learner=learner, mentor=world.mentor
    )
    opening.refresh_from_db()
    assert opening.filled == 1
    plan = placement.training_plan
    assert plan.items.count() == 5
    # dual: more than 60 % at the workplace by default
    assert services.workplace_share(plan) > 0.6
    item = plan.items.filter(location=m.LearningLocation.WORKPLACE).first()
    record = services.training_plan_record_progress(
        actor=world.company_user, item=item, progress=m.ProgressLevel.IN_PROGRESS
    )
    assert record.author_role == "mentor"
    guide_record = services.training_plan_record_progress(
        actor=world.guide, item=item, progress=m.ProgressLevel.ACQUIRED
    )
    assert guide_record.author_role == "guide"
    services.placement_end(
        actor=world.guide, placement=placement, early=True, reason=m.EndReason.LEARNER_DROPPED_OUT
    )
    opening.refresh_from_db()
    assert opening.filled == 0 and placement.ended_early


def test_training_plan_follows_standard_trajectory(world: World) -> None:
    competences = list(world.programme.qualifications.get().competences.all())
    for c in competences:
        f.StandardTrajectoryFactory(
            programme=world.programme, competence=c, location=m.LearningLocation.SCHOOL
        )
    opening = _opening(world)
    learner = _learner(world)
    accept_intake(world, learner, opening)
    placement = services.placement_create(
        actor=world.company_user, opening=opening, learner=learner, mentor=world.mentor
    )
    assert services.workplace_share(placement.training_plan) == 0
    item = placement.training_plan.items.first()
    services.training_plan_item_move(actor=world.guide, item=item, location="workplace")
    assert services.workplace_share(placement.training_plan) == pytest.approx(1 / len(competences))


def test_placement_on_full_opening_is_refused_and_changes_nothing(world: World) -> None:
    opening = _opening(world, capacity=1)
    first = _learner(world)
    accept_intake(world, first, opening)
    services.placement_create(
        actor=world.company_user, opening=opening, learner=first, mentor=world.mentor
    )
    second = _learner(world, first_name="Lars")
    accept_intake(world, second, opening)
    with pytest.raises(ServiceError) as exc:
        services.placement_create(
            actor=world.company_user, opening=opening, learner=second, mentor=world.mentor
        )
    assert exc.value.code == "opening_full"
    assert "volzet" in exc.value.text.resolve("nl") and "full" in exc.value.text.resolve("en")
    assert m.Placement.objects.filter(opening=opening).count() == 1
    assert not m.TrainingPlan.objects.filter(placement__learner=second).exists()


def test_placement_refuses_mentor_of_other_company(world: World) -> None:
    opening = _opening(world)
    other = f.MentorFactory()
    learner = _learner(world)
    accept_intake(world, learner, opening)
    with pytest.raises(ServiceError) as exc:
        services.placement_create(
            actor=world.company_user, opening=opening, learner=learner, mentor=other
        )
    assert exc.value.code == "mentor_not_company"


def test_company_sees_only_pseudonym_and_first_name_and_reads_are_logged(world: World) -> None:
    opening = _opening(world)
    learner = _learner(
        world, birth_date=f.TODAY.replace(year=f.TODAY.year - 16), has_support_need=True
    )
    assert selectors.learner_identity_for(world.company_user, learner, purpose="t") is None
    services.application_submit(actor=world.guide, learner=learner, opening=opening)
    seen = selectors.learner_identity_for(world.company_user, learner, purpose="candidates")
    assert seen == {"first_name": "Noor"}
    from brug.core import policy

    assert not policy.can(world.company_user, "view_support_need", learner)
    assert policy.can(world.guide, "view_support_need", learner)
    full = selectors.learner_identity_for(world.guide, learner, purpose="guide")
    assert full is not None and full["last_name"] == "Janssens"
    assert AccessLog.objects.filter(subject_id=str(learner.pk)).count() == 2
    outsider = user_with_role("company_contact")
    assert selectors.learner_identity_for(outsider, learner, purpose="t") is None
    assert not selectors.learners_visible_to(outsider).exists()


def test_pseudonyms_are_random_not_derived_from_identity(world: World) -> None:
    a = _learner(world)
    b = _learner(world)  # same name, same everything
    assert a.pseudonym != b.pseudonym
    assert "Noor" not in a.pseudonym


@given(ops=st.lists(st.tuples(st.booleans(), st.integers(0, 4)), max_size=15))
@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_filled_always_equals_active_placements_and_never_exceeds_capacity(
    ops: list[tuple[bool, int]],
) -> None:
    """Each step has one expected outcome: placed while a place is free and the learner has
    none, else exactly the refusal that says why; nothing else is swallowed."""
    w = build_world(n_competences=1)
    opening = _opening(w, capacity=3)
    learners = [_learner(w) for _ in range(5)]
    for learner in learners:
        accept_intake(w, learner, opening)
    for place, index in ops:
        learner = learners[index]
        active = m.Placement.objects.filter(learner=learner, status="active").first()
        opening.refresh_from_db()
        if place:
            if active is not None:
                expected = "learner_already_placed"
            elif opening.filled >= opening.capacity:
                expected = "opening_full"
            else:
                expected = "placed"
            try:
                services.placement_create(
                    actor=w.company_user, opening=opening, learner=learner, mentor=w.mentor
                )
                outcome = "placed"
            except ServiceError as exc:
                outcome = exc.code
            assert outcome == expected
        elif active is not None:
            services.placement_end(actor=w.company_user, placement=active, early=False)
        opening.refresh_from_db()
        n_active = m.Placement.objects.filter(opening=opening, status="active").count()
        assert opening.filled == n_active <= opening.capacity
    placed = sum(1 for place, _ in ops if place)
    if placed:
        assert AuditEntry.objects.filter(verb="placement.create").exists()


@pytest.mark.django_db(transaction=True)
def test_competing_threads_never_exceed_capacity() -> None:
    """Eight requests race for two places: exactly two win, on SQLite and on PostgreSQL."""
    w = build_world(n_competences=1)
    opening = _opening(w, capacity=2)
    learners = [_learner(w, first_name=f"L{i}") for i in range(8)]
    for learner in learners:
        accept_intake(w, learner, opening)
    barrier = threading.Barrier(len(learners))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(learner: m.Learner) -> None:
        try:
            barrier.wait(timeout=10)
            services.placement_create(
                actor=w.company_user, opening=opening, learner=learner, mentor=w.mentor
            )
            result = "placed"
        except ServiceError as exc:
            result = exc.code
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(x,)) for x in learners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    opening.refresh_from_db()
    assert sorted(outcomes).count("placed") == 2
    assert set(outcomes) == {"placed", "opening_full"}
    assert opening.filled == 2
    assert m.Placement.objects.filter(opening=opening, status="active").count() == 2


@pytest.mark.django_db(transaction=True)
def test_competing_threads_place_a_learner_at_most_once() -> None:
    """Six requests race to place one learner at six openings (school and company both
    confirmed each): exactly one wins, the others hear that the learner is placed, on SQLite
    and on PostgreSQL (the partial unique index is the backstop)."""
    w = build_world(n_competences=1)
    rec = _workplace(w)
    openings = [_opening(w, capacity=1, workplace=rec) for _ in range(6)]
    learner = _learner(w)
    for opening in openings:
        accept_intake(w, learner, opening)
    barrier = threading.Barrier(len(openings))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(opening: m.Opening) -> None:
        try:
            barrier.wait(timeout=10)
            services.placement_create(
                actor=w.company_user, opening=opening, learner=learner, mentor=w.mentor
            )
            result = "placed"
        except ServiceError as exc:
            result = exc.code
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(o,)) for o in openings]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["learner_already_placed"] * 5 + ["placed"]
    assert m.Placement.objects.filter(learner=learner, status="active").count() == 1
    assert (
        sum(
            m.Opening.objects.filter(pk__in=[o.pk for o in openings]).values_list(
                "filled", flat=True
            )
        )
        == 1
    )


def test_database_refuses_a_second_active_placement_even_without_services(world: World) -> None:
    rec = _workplace(world)
    first, second = _opening(world, workplace=rec), _opening(world, workplace=rec)
    learner = _learner(world)
    m.Placement.objects.create(
        learner=learner, opening=first, mentor=world.mentor, start=first.start, end=first.end
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        m.Placement.objects.create(
            learner=learner, opening=second, mentor=world.mentor, start=second.start, end=second.end
        )
    # an ended placement does not count
    m.Placement.objects.filter(learner=learner).update(status=m.PlacementStatus.ENDED)
    m.Placement.objects.create(
        learner=learner, opening=second, mentor=world.mentor, start=second.start, end=second.end
    )
