"""Publication through the workplace app's bulk service, and the engine's explanations."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from brug.core.errors import ServiceError
from brug.core.models import Notification
from brug.matching import services
from brug.matching.explain import reason_text
from brug.matching.models import RoundMode, RoundResult, RoundRun, RoundStatus
from brug.matching.tests.test_services import computed
from brug.workplace.models import Mentor, Opening, OpeningStatus, Placement, TrainingPlan

pytestmark = pytest.mark.django_db


def _mentors_of(opening: Any) -> Any:
    return Mentor.objects.filter(company_id=opening.company_id)


def test_opening_without_an_eligible_mentor_gets_no_places(world: Any) -> None:
    # active, but the criminal-record check is missing: the workplace would refuse it
    _mentors_of(world.openings[1]).update(criminal_record_checked_on=None)
    rnd = computed(world)
    for run in RoundRun.objects.filter(round=rnd):
        assert world.openings[1].pk not in set(run.assignment.values())
        codes = {
            (r[0], r[2]) for detail in run.details.values() for r in detail[2]
        }  # the learners who ranked it above their outcome are told why
        assert (world.openings[1].pk, "filled_by_higher_priority") not in codes
    services.round_publish(actor=world.guide, rnd=rnd, mode=RoundMode.STABLE)
    assert not Placement.objects.filter(opening=world.openings[1]).exists()
    assert TrainingPlan.objects.count() == Placement.objects.count() > 0


def _assert_nothing_published(rnd: Any) -> None:
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.COMPUTED
    assert not Placement.objects.exists() and not TrainingPlan.objects.exists()
    assert not RoundResult.objects.exists()
    assert set(Opening.objects.values_list("filled", flat=True)) == {0}


def test_mentor_no_longer_eligible_at_publication_is_stale(world: Any) -> None:
    rnd = computed(world)
    for opening in world.openings:
        _mentors_of(opening).update(criminal_record_checked_on=None)
    with pytest.raises(ServiceError) as exc:
        services.round_publish(actor=world.guide, rnd=rnd, mode=RoundMode.STABLE)
    assert exc.value.code == "stale"
    _assert_nothing_published(rnd)


def test_opening_closed_before_publication_is_stale(world: Any) -> None:
    rnd = computed(world)
    Opening.objects.filter(pk=world.openings[0].pk).update(status=OpeningStatus.CLOSED)
    with pytest.raises(ServiceError) as exc:
        services.round_publish(actor=world.guide, rnd=rnd, mode=RoundMode.STABLE)
    assert exc.value.code == "stale"
    _assert_nothing_published(rnd)


def test_workplace_refusal_becomes_stale_with_its_reason(world: Any) -> None:
    rnd = computed(world)
    run = RoundRun.objects.get(round=rnd, mode=RoundMode.STABLE)
    # the learner assigned to the opening with one place is also placed there meanwhile,
    # so both the capacity and the learner are taken: the workplace service refuses
    learner_pk = next(int(lp) for lp, op in run.assignment.items() if op == world.openings[1].pk)
    Opening.objects.filter(pk=world.openings[1].pk).update(capacity=5)
    Placement.objects.create(
        learner_id=learner_pk,
        opening=world.openings[2],
        mentor=_mentors_of(world.openings[2]).first(),
        start=world.openings[2].start,
        end=world.openings[2].end,
    )
    with pytest.raises(ServiceError) as exc:
        services.round_publish(actor=world.guide, rnd=rnd, mode=RoundMode.STABLE)
    assert exc.value.code == "stale"
    assert "lopende plaatsing" in exc.value.text.resolve(
        "nl"
    ) and "active placement" in exc.value.text.resolve("en")
    assert Placement.objects.count() == 1 and not RoundResult.objects.exists()


def test_companies_and_schools_get_one_message_each(world: Any) -> None:
    rnd = computed(world)
    services.round_publish(actor=world.guide, rnd=rnd, mode=RoundMode.STABLE)
    assert (
        Notification.objects.filter(recipient=world.guide, subject="Nieuwe overeenkomsten").count()
        == 1
    )
    assert (
        Notification.objects.filter(
            recipient=world.company_user, subject="Nieuwe overeenkomsten"
        ).count()
        == 1
    )


def test_result_page_shows_the_engines_explanation_and_no_other_learner(world: Any) -> None:
    rnd = computed(world)
    services.round_publish(actor=world.guide, rnd=rnd, mode=RoundMode.STABLE)
    explained = [r for r in RoundResult.objects.filter(round=rnd) if r.reasons]
    assert explained
    client = Client()
    client.force_login(world.guide)
    for result in explained:
        page = client.get(
            reverse("matching:my_result", args=[rnd.pk]) + f"?learner={result.learner_id}"
        )
        html = page.content.decode()
        assert page.status_code == 200
        for row in result.reasons:
            assert isinstance(row[3], dict) and row[3]["lottery_number"] == result.lottery_number
            assert f"Keuze {row[1]} (" in html
            assert "lotnummer was " + str(result.lottery_number) in html
        others = RoundResult.objects.filter(round=rnd).exclude(pk=result.pk)
        assert all(o.learner.pseudonym not in html for o in others)


def test_reason_text_is_bilingual_and_numbers_only() -> None:
    row = [
        7,
        2,
        "filled_by_higher_priority",
        {"lottery_number": 12, "position": 4, "cutoff_position": 3, "priority_list": 0},
    ]
    text = reason_text("Bakkerij Peeters, Gent", row)
    assert text.nl.startswith("Keuze 2 (Bakkerij Peeters, Gent)") and "12" in text.nl
    assert text.en.startswith("Choice 2 (Bakkerij Peeters, Gent)") and "12" in text.en
    full = reason_text("X", [7, 1, "no_capacity", {"lottery_number": 1}])
    assert "mentor" in full.nl and "mentor" in full.en
    legacy = reason_text("X", [7, 1, "higher_priority", 3])
    assert "Geen verdere uitleg" in legacy.nl
