from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from brug.accounts.tests.factories import user_with_role
from brug.core.errors import NotAllowed, ServiceError
from brug.core.models import AuditEntry, Notification
from brug.matching import services
from brug.matching.models import (
    MatchingRound,
    RoundMode,
    RoundPreference,
    RoundResult,
    RoundRun,
    RoundScope,
    RoundStatus,
)
from brug.matching.tests import factories as f
from brug.registry.tests import factories as rf
from brug.workplace.models import (
    ApplicationStatus,
    Opening,
    Placement,
    TrainingPlan,
    TrainingPlanItem,
)
from brug.workplace.tests import factories as wf

pytestmark = pytest.mark.django_db


def create(world: Any, **kwargs: Any) -> MatchingRound:
    now = timezone.now()
    return services.round_create(
        actor=world.guide,
        name="Najaarsronde",
        scope=RoundScope.SCHOOL,
        preference_deadline=now + timedelta(days=3),
        intake_deadline=now + timedelta(days=5),
        seed=7,
        **kwargs,
    )


def opened(world: Any) -> MatchingRound:
    rnd = create(world)
    return services.round_open(actor=world.guide, rnd=rnd)


def rank_everyone(world: Any, rnd: MatchingRound) -> None:
    o = world.openings
    for i, learner in enumerate(world.learners):
        order = [o[i % 3], o[(i + 1) % 3], o[(i + 2) % 3]]
        services.preferences_set(actor=world.guide, rnd=rnd, learner=learner, openings=order)


def computed(world: Any) -> MatchingRound:
    rnd = opened(world)
    rank_everyone(world, rnd)
    rnd = f.past_deadlines(rnd)
    services.round_close(actor=world.guide, rnd=rnd)
    rnd.refresh_from_db()
    services.round_compute(actor=world.guide, rnd=rnd)
    rnd.refresh_from_db()
    return rnd


def test_create_freezes_openings_and_learners_of_the_school(world: Any) -> None:
    other_school_learner = wf.LearnerFactory(programme=world.programme)
    placed = wf.PlacementFactory(learner=wf.LearnerFactory(school=world.school)).learner
    rnd = create(world)
    assert rnd.status == RoundStatus.DRAFT
    assert rnd.coordinator == world.school
    assert set(rnd.openings.all()) == set(world.openings)
    learners = set(rnd.learners.all())
    assert learners == set(world.learners)
    assert other_school_learner not in learners and placed not in learners
    assert AuditEntry.objects.filter(verb="matching.round_created", object_id=str(rnd.pk)).exists()


def test_create_refuses_bad_input_and_changes_nothing(world: Any) -> None:
    now = timezone.now()
    with pytest.raises(ServiceError) as exc:
        services.round_create(
            actor=world.guide,
            name="x",
            scope=RoundScope.SCHOOL,
            preference_deadline=now + timedelta(days=3),
            intake_deadline=now + timedelta(days=1),
        )
    assert exc.value.field == "intake_deadline"
    with pytest.raises(ServiceError):
        create(world, reserve_share=0.9)
    assert not MatchingRound.objects.exists()


def test_outsiders_cannot_create_or_run(world: Any) -> None:
    company = user_with_role("company_contact")
    with pytest.raises(NotAllowed):
        services.round_create(
            actor=company,
            name="x",
            scope=RoundScope.SCHOOL,
            preference_deadline=timezone.now() + timedelta(days=1),
            intake_deadline=timezone.now() + timedelta(days=2),
        )
    rnd = create(world)
    other_guide = user_with_role("guide")
    with pytest.raises(NotAllowed):
        services.round_open(actor=other_guide, rnd=rnd)
    with pytest.raises(NotAllowed):
        services.round_run_start(actor=world.learner_user, rnd=rnd)


def test_consultant_only_for_its_own_sector(world: Any) -> None:
    consultant = user_with_role("consultant")
    own = consultant.memberships.get().organisation.sectors.first()
    world.openings[0].company.sectors.set([own])
    now = timezone.now()
    rnd = services.round_create(
        actor=consultant,
        name="Sector",
        scope=RoundScope.SECTOR,
        sector=own,
        preference_deadline=now + timedelta(days=1),
        intake_deadline=now + timedelta(days=2),
    )
    assert list(rnd.openings.all()) == [world.openings[0]]
    foreign = wf.CompanyFactory().sectors.first()
    with pytest.raises(NotAllowed):
        services.round_create(
            actor=consultant,
            name="Sector",
            scope=RoundScope.SECTOR,
            sector=foreign,
            preference_deadline=now + timedelta(days=1),
            intake_deadline=now + timedelta(days=2),
        )


def test_state_machine_refuses_steps_out_of_order(world: Any) -> None:
    rnd = create(world)
    with pytest.raises(ServiceError):
        services.preferences_set(
            actor=world.guide, rnd=rnd, learner=world.learners[0], openings=[world.openings[0]]
        )
    with pytest.raises(ServiceError):
        services.round_close(actor=world.guide, rnd=rnd)
    with pytest.raises(ServiceError):
        services.round_run_start(actor=world.guide, rnd=rnd)
    with pytest.raises(ServiceError):
        services.round_publish(actor=world.guide, rnd=rnd, mode=RoundMode.STABLE)
    rnd = services.round_open(actor=world.guide, rnd=rnd)
    assert rnd.status == RoundStatus.OPEN
    with pytest.raises(ServiceError) as exc:
        services.round_close(actor=world.guide, rnd=rnd)  # deadline not yet passed
    assert exc.value.code == "deadline"


def test_preferences_until_the_deadline_by_learner_or_guide(world: Any) -> None:
    rnd = opened(world)
    me = world.learners[0]
    services.preferences_set(
        actor=world.learner_user, rnd=rnd, learner=me, openings=world.openings[::-1]
    )
    ranks = list(
        RoundPreference.objects.filter(round=rnd, learner=me).values_list("opening_id", "rank")
    )
    assert ranks == [(o.pk, i) for i, o in enumerate(world.openings[::-1], 1)]
    with pytest.raises(NotAllowed):  # a learner ranks only for itself
        services.preferences_set(
            actor=world.learner_user, rnd=rnd, learner=world.learners[1], openings=[]
        )
    with pytest.raises(ServiceError) as exc:
        services.preferences_set(
            actor=world.guide, rnd=rnd, learner=me, openings=[world.openings[0]] * 2
        )
    assert exc.value.code == "duplicate"
    with pytest.raises(ServiceError):
        services.preferences_set(
            actor=world.guide, rnd=rnd, learner=me, openings=[wf.OpeningFactory()]
        )
    assert RoundPreference.objects.filter(round=rnd, learner=me).count() == 3  # unchanged
    rnd = f.past_deadlines(rnd)
    with pytest.raises(ServiceError) as exc:
        services.preferences_set(actor=world.guide, rnd=rnd, learner=me, openings=[])
    assert exc.value.code == "deadline"


def test_run_needs_the_intake_deadline_and_starts_one_job(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    rnd = opened(world)
    rank_everyone(world, rnd)
    MatchingRound.objects.filter(pk=rnd.pk).update(
        preference_deadline=timezone.now() - timedelta(hours=1),
        intake_deadline=timezone.now() + timedelta(days=1),
    )
    rnd.refresh_from_db()
    services.round_close(actor=world.guide, rnd=rnd)
    rnd.refresh_from_db()
    with pytest.raises(ServiceError):
        services.round_run_start(actor=world.guide, rnd=rnd)
    rnd = f.past_deadlines(rnd)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.round_run_start(actor=world.guide, rnd=rnd)
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    assert job.progress_done == job.progress_total == 100
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.COMPUTED
    assert set(RoundRun.objects.filter(round=rnd).values_list("mode", flat=True)) == {
        "stable",
        "coverage",
    }
    assert job.result["url"].endswith(f"/rondes/{rnd.pk}/")


def test_preview_stats_and_fairness(world: Any, settings: Any) -> None:
    settings.BRUG_SMALL_CELL_K = 3
    world.learners[0].has_support_need = True
    world.learners[0].save()
    rnd = computed(world)
    stable = RoundRun.objects.get(round=rnd, mode="stable")
    assert stable.stats["learners"] == 5
    assert stable.stats["placed"] == 4  # 4 places for 5 learners, everyone finds one
    assert stable.blocking_pairs == 0
    assert 0 < stable.stats["first_choice_share"] <= stable.stats["top3_share"] <= 1
    support = {row["group"]: row for row in stable.fairness["support_need"]}
    assert support["support_need"]["suppressed"] is True  # a group of 1 < k
    assert support["support_need"]["learners"] is None
    assert support["no_support_need"]["learners"] == 4
    assert sum(n for _, n in stable.unplaced["programme"]) == 1


def test_rerun_replaces_the_preview_only(world: Any) -> None:
    rnd = computed(world)
    first = set(RoundRun.objects.filter(round=rnd).values_list("pk", flat=True))
    services.round_compute(actor=world.guide, rnd=rnd)
    assert RoundRun.objects.filter(round=rnd).count() == 2
    assert not first & set(RoundRun.objects.filter(round=rnd).values_list("pk", flat=True))


def test_publish_creates_placements_once(world: Any) -> None:
    rnd = computed(world)
    for competence in rf.CompetenceFactory.create_batch(2):
        wf.StandardTrajectoryFactory(programme=world.programme, competence=competence)
    summary = services.round_publish(actor=world.guide, rnd=rnd, mode=RoundMode.STABLE)
    assert summary == {"placed": 4, "unplaced": 1}
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.PUBLISHED and rnd.mode == "stable"
    placements = Placement.objects.filter(round_result__round=rnd)
    assert placements.count() == 4
    for opening in Opening.objects.filter(pk__in=[o.pk for o in world.openings]):
        assert opening.filled == opening.capacity
        assert placements.filter(opening=opening).count() == opening.filled
    assert RoundResult.objects.filter(round=rnd).count() == 5
    # written by the workplace app's bulk service: an audit entry and a training plan each
    audited = AuditEntry.objects.filter(verb="placement.create")
    assert sorted(int(a.object_id) for a in audited) == sorted(p.pk for p in placements)
    assert all(rnd.name in a.changes["source"] for a in audited)
    assert TrainingPlan.objects.filter(placement__in=placements).count() == 4
    assert TrainingPlanItem.objects.filter(plan__placement__in=placements).count() == 4 * 2
    assert Notification.objects.filter(recipient=world.learner_user).exists()
    assert Notification.objects.filter(recipient=world.company_user).exists()
    with pytest.raises(ServiceError) as exc:
        services.round_publish(actor=world.guide, rnd=rnd, mode=RoundMode.COVERAGE)
    assert exc.value.code == "already_published"
    with pytest.raises(ServiceError):
        services.round_compute(actor=world.guide, rnd=rnd)
    assert Placement.objects.count() == 4
    unplaced = RoundResult.objects.get(round=rnd, opening__isnull=True)
    assert unplaced.reasons and all(r[2] == "filled_by_higher_priority" for r in unplaced.reasons)


def test_publish_refuses_when_places_were_taken_meanwhile(world: Any) -> None:
    rnd = computed(world)
    wf.PlacementFactory(opening=world.openings[1])  # the one place is gone
    with pytest.raises(ServiceError) as exc:
        services.round_publish(actor=world.guide, rnd=rnd, mode=RoundMode.STABLE)
    assert exc.value.code == "stale"
    assert not RoundResult.objects.exists()
    assert Placement.objects.count() == 1


def test_intake_outcomes_set_priority(world: Any) -> None:
    # Everyone wants opening 1 (one place) first; the workplace accepted learner 4 and
    # declined learner 0 at intake.
    rnd = opened(world)
    o = world.openings
    for learner in world.learners:
        services.preferences_set(
            actor=world.guide, rnd=rnd, learner=learner, openings=[o[1], o[0], o[2]]
        )
    wf.ApplicationFactory(
        learner=world.learners[4], opening=o[1], status=ApplicationStatus.ACCEPTED
    )
    wf.ApplicationFactory(
        learner=world.learners[0],
        opening=o[1],
        status=ApplicationStatus.DECLINED,
        decline_reason="profile_mismatch",
    )
    rnd = f.past_deadlines(rnd)
    services.round_close(actor=world.guide, rnd=rnd)
    rnd.refresh_from_db()
    services.round_compute(actor=world.guide, rnd=rnd)
    run = RoundRun.objects.get(round=rnd, mode="stable")
    assert run.assignment[str(world.learners[4].pk)] == o[1].pk
    codes = [r[2] for r in run.details[str(world.learners[0].pk)][2]]
    assert codes[0] == "not_acceptable"


def test_publication_runs_as_one_background_job_at_a_time(world: Any) -> None:
    rnd = computed(world)
    with pytest.raises(NotAllowed):
        services.round_publish_start(actor=world.learner_user, rnd=rnd, mode=RoundMode.STABLE)
    with pytest.raises(ServiceError) as bad_mode:
        services.round_publish_start(actor=world.guide, rnd=rnd, mode="fastest")
    assert bad_mode.value.code == "mode"
    # Not run yet (the on-commit callback is not executed): it stays queued.
    job = services.round_publish_start(actor=world.guide, rnd=rnd, mode=RoundMode.STABLE)
    assert job.kind == services.PUBLISH_JOB and job.params == {"round": rnd.pk, "mode": "stable"}
    rnd.refresh_from_db()
    assert rnd.last_job == job and rnd.status == RoundStatus.COMPUTED
    for start in (
        lambda: services.round_publish_start(actor=world.guide, rnd=rnd, mode=RoundMode.COVERAGE),
        lambda: services.round_run_start(actor=world.guide, rnd=rnd),
    ):
        with pytest.raises(ServiceError) as busy:
            start()
        assert busy.value.code == "publishing"
    assert not Placement.objects.exists()
    assert AuditEntry.objects.filter(verb="matching.publish_requested").count() == 1


def test_the_publication_job_publishes_with_progress(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    rnd = computed(world)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.round_publish_start(actor=world.guide, rnd=rnd, mode=RoundMode.STABLE)
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    assert job.progress_done == job.progress_total == 100
    assert job.result["placed"] == 4 and job.result["unplaced"] == 1
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.PUBLISHED and rnd.mode == "stable"
    assert Placement.objects.filter(round_result__round=rnd).count() == 4
    with pytest.raises(ServiceError) as again:
        services.round_publish_start(actor=world.guide, rnd=rnd, mode=RoundMode.STABLE)
    assert again.value.code == "already_published"
