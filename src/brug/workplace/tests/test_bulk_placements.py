"""`placements_create_bulk`: all or nothing, capacity, training plans, audit, notifications."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brug.accounts.tests.factories import user_with_role
from brug.core.bulk import foreign_keys_checked_per_set, insert_returning_ids, insert_rows
from brug.core.errors import NotAllowed, ServiceError
from brug.core.models import AuditEntry, Notification
from brug.registry.tests import factories as rf
from brug.workplace import models as m
from brug.workplace import services
from brug.workplace.services import PlacementSpec
from brug.workplace.tests import factories as f
from brug.workplace.tests.world import World, accept_intake, build_world

pytestmark = pytest.mark.django_db

SOURCE = "matchingsronde 1"
ROUND = services.Basis.ROUND


def _opening(w: World, capacity: int = 2, kind: str = m.PlacementKind.DUAL) -> m.Opening:
    rec = m.Recognition.objects.filter(site=w.site, programme=w.programme).first()
    if rec is None:
        rec = f.RecognisedFactory(
            company=w.company, site=w.site, programme=w.programme, partnership=w.partnership
        )
        rec.mentors.add(w.mentor)
    return services.opening_create(
        actor=w.company_user,
        workplace=rec,
        kind=kind,
        start=f.TODAY + timedelta(days=10),
        end=f.TODAY + timedelta(days=200),
        capacity=capacity,
        publish=True,
    )


def _publisher(w: World) -> Any:
    """The school's guide, publishing a computed round of the school that holds every opening
    made so far: the only way a guide may place in bulk (`round_to_publish`)."""
    from brug.matching.models import RoundStatus
    from brug.matching.tests.factories import RoundFactory, link

    rnd = RoundFactory(coordinator=w.school, status=RoundStatus.COMPUTED)
    link(rnd, openings=m.Opening.objects.all())
    return w.guide


def _learners(w: World, n: int) -> list[m.Learner]:
    return [
        services.learner_register(
            actor=w.guide,
            school=w.school,
            programme=w.programme,
            grade=3,
            home_municipality=w.site.municipality,
            first_name=f"Lerende{i}",
            last_name="Peeters",
        )
        for i in range(n)
    ]


def _specs(w: World, opening: m.Opening, learners: list[m.Learner]) -> list[PlacementSpec]:
    return [PlacementSpec(x.pk, opening.pk, w.mentor.pk) for x in learners]


def _nothing_written(opening: m.Opening) -> None:
    opening.refresh_from_db()
    assert opening.filled == 0
    assert not m.Placement.objects.filter(opening=opening).exists()
    assert not m.TrainingPlan.objects.filter(placement__opening=opening).exists()
    assert not m.TrainingPlanItem.objects.filter(plan__placement__opening=opening).exists()
    assert not AuditEntry.objects.filter(verb="placement.create", changes__source=SOURCE).exists()
    assert not Notification.objects.filter(body__contains=SOURCE).exists()


def test_bulk_creates_placements_plans_audit_and_notifications(world: World) -> None:
    opening = _opening(world, capacity=3)
    learners = _learners(world, 3)
    placements = services.placements_create_bulk(
        actor=_publisher(world), items=_specs(world, opening, learners), source=SOURCE, basis=ROUND
    )
    assert len(placements) == 3
    opening.refresh_from_db()
    assert opening.filled == 3
    for placement in m.Placement.objects.all():
        assert placement.status == m.PlacementStatus.ACTIVE
        assert (placement.start, placement.end) == (opening.start, opening.end)
        plan = placement.training_plan
        # no standard trajectory: the same default split as a single placement (dual > 60 %)
        assert plan.items.count() == 5
        assert services.workplace_share(plan) > 0.6
    audited = AuditEntry.objects.filter(verb="placement.create")
    assert sorted(int(a.object_id) for a in audited) == sorted(p.pk for p in placements)
    assert all(a.changes["source"] == SOURCE for a in audited)
    # one message per company and per school, not one per placement
    assert Notification.objects.filter(recipient=world.company_user).count() == 1
    assert Notification.objects.filter(recipient=world.guide).count() == 1
    assert "3" in Notification.objects.get(recipient=world.guide).body


def test_training_plans_follow_the_standard_trajectory(world: World) -> None:
    competences = list(world.programme.qualifications.get().competences.order_by("order", "pk"))
    for i, c in enumerate(competences):
        location = m.LearningLocation.SCHOOL if i % 2 else m.LearningLocation.WORKPLACE
        f.StandardTrajectoryFactory(programme=world.programme, competence=c, location=location)
    opening = _opening(world, capacity=2)
    services.placements_create_bulk(
        actor=_publisher(world),
        items=_specs(world, opening, _learners(world, 2)),
        source=SOURCE,
        basis=ROUND,
    )
    expected = {(s.competence_id, s.location) for s in m.StandardTrajectory.objects.all()}
    plans = list(m.TrainingPlan.objects.all())
    assert len(plans) == 2
    for plan in plans:
        got = set(plan.items.values_list("competence_id", "location"))
        assert got == expected
        assert set(plan.items.values_list("progress", flat=True)) == {m.ProgressLevel.NOT_STARTED}


def test_capacity_refusal_writes_nothing(world: World) -> None:
    opening = _opening(world, capacity=2)
    with pytest.raises(ServiceError) as exc:
        services.placements_create_bulk(
            actor=_publisher(world),
            items=_specs(world, opening, _learners(world, 3)),
            source=SOURCE,
            basis=ROUND,
        )
    assert exc.value.code == "opening_full"
    _nothing_written(opening)


def test_one_full_opening_refuses_the_others_too(world: World) -> None:
    roomy, tight = _opening(world, capacity=5), _opening(world, capacity=1)
    learners = _learners(world, 4)
    items = _specs(world, roomy, learners[:2]) + _specs(world, tight, learners[2:])
    with pytest.raises(ServiceError) as exc:
        services.placements_create_bulk(
            actor=_publisher(world), items=items, source=SOURCE, basis=ROUND
        )
    assert exc.value.code == "opening_full"
    _nothing_written(roomy)
    _nothing_written(tight)


def test_learner_with_an_active_placement_is_refused(world: World) -> None:
    first, second = _opening(world, capacity=1), _opening(world, capacity=2)
    learners = _learners(world, 2)
    accept_intake(world, learners[0], first)
    services.placement_create(
        actor=world.company_user, opening=first, learner=learners[0], mentor=world.mentor
    )
    with pytest.raises(ServiceError) as exc:
        services.placements_create_bulk(
            actor=_publisher(world),
            items=_specs(world, second, learners),
            source=SOURCE,
            basis=ROUND,
        )
    assert exc.value.code == "learner_already_placed"
    assert exc.value.text.as_dict()["nl"] and exc.value.text.as_dict()["en"]
    _nothing_written(second)
    assert m.Placement.objects.count() == 1


def test_same_learner_twice_is_refused(world: World) -> None:
    opening = _opening(world, capacity=2)
    learner = _learners(world, 1)[0]
    with pytest.raises(ServiceError) as exc:
        services.placements_create_bulk(
            actor=_publisher(world),
            items=_specs(world, opening, [learner, learner]),
            source=SOURCE,
            basis=ROUND,
        )
    assert exc.value.code == "duplicate_learner"
    _nothing_written(opening)


@pytest.mark.parametrize("problem", ["inactive", "other_company", "no_record_check"])
def test_ineligible_mentor_is_refused(world: World, problem: str) -> None:
    opening = _opening(world, capacity=1)
    mentor = world.mentor
    if problem == "inactive":
        m.Mentor.objects.filter(pk=mentor.pk).update(is_active=False)
    elif problem == "other_company":
        mentor = f.MentorFactory()
    else:
        m.Mentor.objects.filter(pk=mentor.pk).update(criminal_record_checked_on=None)
    items = [PlacementSpec(_learners(world, 1)[0].pk, opening.pk, mentor.pk)]
    with pytest.raises(ServiceError):
        services.placements_create_bulk(
            actor=_publisher(world), items=items, source=SOURCE, basis=ROUND
        )
    _nothing_written(opening)


def test_invalid_period_is_refused(world: World) -> None:
    opening = _opening(world, capacity=2)
    learners = _learners(world, 2)
    reversed_period = PlacementSpec(
        learners[0].pk, opening.pk, world.mentor.pk, start=opening.end, end=opening.start
    )
    outside = PlacementSpec(
        learners[1].pk, opening.pk, world.mentor.pk, end=opening.end + timedelta(days=1)
    )
    for spec, code in ((reversed_period, "period_reversed"), (outside, "period_outside_opening")):
        with pytest.raises(ServiceError) as exc:
            services.placements_create_bulk(
                actor=_publisher(world), items=[spec], source=SOURCE, basis=ROUND
            )
        assert exc.value.code == code
    _nothing_written(opening)


def test_closed_opening_is_refused(world: World) -> None:
    opening = _opening(world, capacity=2)
    m.Opening.objects.filter(pk=opening.pk).update(status=m.OpeningStatus.CLOSED)
    with pytest.raises((ServiceError, NotAllowed)):
        services.placements_create_bulk(
            actor=_publisher(world),
            items=_specs(world, opening, _learners(world, 1)),
            source=SOURCE,
            basis=ROUND,
        )
    _nothing_written(opening)


@pytest.mark.parametrize(
    "role", ["company_contact", "teacher", "learner", "reviewer", "vdab_staff", "public"]
)
def test_roles_that_do_not_coordinate_rounds_are_refused(world: World, role: str) -> None:
    opening = _opening(world, capacity=2)
    items = _specs(world, opening, _learners(world, 1))
    actor: Any = world.company_user if role == "company_contact" else user_with_role(role)
    with pytest.raises(NotAllowed):
        services.placements_create_bulk(actor=actor, items=items, source=SOURCE, basis=ROUND)
    _nothing_written(opening)


def _computed_round(opening: m.Opening, **fields: Any) -> Any:
    from brug.matching.models import RoundStatus
    from brug.matching.tests.factories import RoundFactory, link

    return link(RoundFactory(status=RoundStatus.COMPUTED, **fields), openings=[opening])


def test_consultant_only_in_computed_rounds_of_its_sectors(world: World) -> None:
    from brug.matching.models import RoundScope

    opening = _opening(world, capacity=2)
    learners = _learners(world, 1)
    own_fund = rf.OrganisationFactory(kind="sector_fund", sectors=[world.sector])
    consultant = user_with_role("consultant", own_fund)
    with pytest.raises(NotAllowed):  # its sector's company, but no round: nothing to publish
        services.placements_create_bulk(
            actor=consultant, items=_specs(world, opening, learners), source=SOURCE, basis=ROUND
        )
    _nothing_written(opening)
    _computed_round(opening, scope=RoundScope.SECTOR, sector=world.sector, coordinator=own_fund)
    other_fund = rf.OrganisationFactory(kind="sector_fund", sectors=[rf.SectorFactory()])
    with pytest.raises(NotAllowed):
        services.placements_create_bulk(
            actor=user_with_role("consultant", other_fund),
            items=_specs(world, opening, learners),
            source=SOURCE,
            basis=ROUND,
        )
    _nothing_written(opening)
    services.placements_create_bulk(
        actor=consultant, items=_specs(world, opening, learners), source=SOURCE, basis=ROUND
    )
    assert m.Placement.objects.filter(opening=opening).count() == 1


def test_guide_only_on_openings_of_its_own_computed_round(world: World) -> None:
    """A published opening is not enough: direct calls grant no more than publishing does."""
    from brug.matching.models import RoundStatus

    opening = _opening(world, capacity=2)
    items = _specs(world, opening, _learners(world, 1))

    def refused() -> None:
        with pytest.raises(NotAllowed):
            services.placements_create_bulk(
                actor=world.guide, items=items, source=SOURCE, basis=ROUND
            )
        _nothing_written(opening)

    refused()  # in no round
    _computed_round(opening)  # another school's computed round
    refused()
    own = _computed_round(opening, coordinator=world.school)
    type(own).objects.filter(pk=own.pk).update(status=RoundStatus.CLOSED)  # not computed yet
    refused()
    type(own).objects.filter(pk=own.pk).update(status=RoundStatus.COMPUTED)
    services.placements_create_bulk(actor=world.guide, items=items, source=SOURCE, basis=ROUND)
    assert m.Placement.objects.filter(opening=opening).count() == 1


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(capacities=st.lists(st.integers(1, 3), min_size=1, max_size=3), extra=st.integers(0, 2))
def test_all_or_nothing_and_never_over_capacity(capacities: list[int], extra: int) -> None:
    """Whatever the demand, either every placement is made within capacity or none is."""
    w = build_world(n_competences=2)
    openings = [_opening(w, capacity=c) for c in capacities]
    demand = [c + (extra if i == 0 else 0) for i, c in enumerate(capacities)]
    learners = iter(_learners(w, sum(demand)))
    items = [
        PlacementSpec(next(learners).pk, o.pk, w.mentor.pk)
        for o, n in zip(openings, demand, strict=True)
        for _ in range(n)
    ]
    try:
        services.placements_create_bulk(
            actor=_publisher(w), items=items, source=SOURCE, basis=ROUND
        )
    except ServiceError as exc:
        assert extra > 0 and exc.code == "opening_full"
        assert not m.Placement.objects.filter(opening__in=openings).exists()
    else:
        assert extra == 0
        assert m.Placement.objects.filter(opening__in=openings).count() == len(items)
        assert m.TrainingPlan.objects.filter(placement__opening__in=openings).count() == len(items)
    for o in openings:
        o.refresh_from_db()
        assert o.filled <= o.capacity
        assert o.filled == o.placements.filter(status=m.PlacementStatus.ACTIVE).count()


@pytest.mark.django_db(transaction=True)
def test_competing_bulk_calls_place_a_learner_at_most_once() -> None:
    """Four set-based calls race to place one learner at four openings: one wins, the others
    are refused as a whole, on SQLite and on PostgreSQL (the partial unique index)."""
    import threading

    from django.db import connection

    w = build_world(n_competences=1)
    openings = [_opening(w, capacity=1) for _ in range(4)]
    learner = _learners(w, 1)[0]
    for opening in openings:
        accept_intake(w, learner, opening)
    barrier = threading.Barrier(len(openings))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(opening: m.Opening) -> None:
        try:
            barrier.wait(timeout=10)
            services.placements_create_bulk(
                actor=w.company_user,
                items=[PlacementSpec(learner.pk, opening.pk, w.mentor.pk)],
                source=SOURCE,
                basis=services.Basis.APPLICATION,
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
    assert sorted(outcomes) == ["learner_already_placed"] * 3 + ["placed"]
    assert m.Placement.objects.filter(learner=learner, status="active").count() == 1
    assert sum(o.filled for o in m.Opening.objects.filter(pk__in=[x.pk for x in openings])) == 1


@pytest.mark.django_db(transaction=True)  # rows written at the top level, not in a savepoint
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL row locks")
def test_per_set_check_locks_referenced_rows_except_those_it_inserted_itself() -> None:
    """A plan item's plan, inserted in the same block by this transaction, is checked but not
    locked (nobody else can see it); the plan's placement, which existed before, is locked."""
    placement = f.PlacementFactory()
    competence = rf.CompetenceFactory()

    def xmax(table: str, pk: int) -> str:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT xmax::text FROM {table} WHERE id = %s", [pk])
            return str(cursor.fetchone()[0])

    with transaction.atomic():
        with foreign_keys_checked_per_set(m.TrainingPlan, m.TrainingPlanItem):
            (plan_id,) = insert_returning_ids(
                m.TrainingPlan,
                ["placement", "created_at"],
                [(placement.pk, timezone.now())],
                unique="placement",
            )
            insert_rows(
                m.TrainingPlanItem,
                ["plan", "competence", "location", "progress"],
                [(plan_id, competence.pk, m.LearningLocation.WORKPLACE, "not_started")],
            )
        assert xmax("workplace_trainingplan", plan_id) == "0"  # checked, not locked
        assert xmax("workplace_placement", placement.pk) != "0"  # locked (FOR KEY SHARE)
        assert xmax("registry_competence", competence.pk) != "0"
    assert m.TrainingPlanItem.objects.filter(plan_id=plan_id).count() == 1
