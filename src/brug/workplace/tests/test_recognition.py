"""Recognition of learning workplaces: routing, the state machine, mentors, mandates, refusals."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brug.accounts.tests.factories import user_with_role
from brug.core.audit import history_of
from brug.core.errors import NotAllowed, ServiceError
from brug.core.models import Notification
from brug.registry.tests import factories as rf
from brug.workplace import models as m
from brug.workplace import rules, services
from brug.workplace.tests import factories as f
from brug.workplace.tests.world import World, build_world

pytestmark = pytest.mark.django_db


def _apply(w: World, **kwargs: object) -> m.Recognition:
    params: dict[str, object] = {
        "actor": w.company_user,
        "company": w.company,
        "site": w.site,
        "programme": w.programme,
        "activities": "Metselen, bekisting",
        "mentors": [w.mentor],
    }
    params.update(kwargs)
    return services.recognition_apply(**params)  # type: ignore[arg-type]


def test_full_path_routes_to_sector_partnership_and_approves_for_five_years(world: World) -> None:
    rec = _apply(world)
    services.recognition_submit(actor=world.company_user, recognition=rec)
    assert rec.partnership == world.partnership
    contact = services.recognition_plan_visit(
        actor=world.reviewer, recognition=rec, on=date.today(), notes="bezoek"
    )
    assert contact.kind == m.ContactKind.VISIT and contact.purpose == m.ContactPurpose.RECOGNITION
    services.recognition_decide(actor=world.reviewer, recognition=rec, approve=True)
    rec.refresh_from_db()
    assert rec.status == m.RecognitionStatus.APPROVED
    assert rec.valid_until == rec.valid_from.replace(year=rec.valid_from.year + 5)
    assert rec.is_recognised()
    transitions = list(rec.events.values_list("transition", flat=True))
    assert transitions == ["apply", "submit", "plan_visit", "approve"]
    verbs = set(history_of(rec).values_list("verb", flat=True))
    assert {"recognition.apply", "recognition.submit", "recognition.approve"} <= verbs
    # company contact and reviewer are told of every transition
    assert Notification.objects.filter(recipient=world.reviewer).count() == 3
    assert Notification.objects.filter(recipient=world.company_user).count() == 3


def test_routes_to_flemish_partnership_without_sectoral_one(world: World) -> None:
    world.company.sectors.set([rf.SectorFactory()])
    rec = _apply(world)
    services.recognition_submit(actor=world.company_user, recognition=rec)
    assert rec.partnership == world.flemish


def test_refusal_needs_reason_then_appeal_then_approval(world: World) -> None:
    rec = _apply(world)
    services.recognition_submit(actor=world.company_user, recognition=rec)
    with pytest.raises(ServiceError) as exc:
        services.recognition_decide(actor=world.reviewer, recognition=rec, approve=False)
    assert exc.value.code == "reason_required"
    rec.refresh_from_db()
    assert rec.status == m.RecognitionStatus.SUBMITTED
    services.recognition_decide(
        actor=world.reviewer, recognition=rec, approve=False, reason="Geen mentor ter plaatse"
    )
    with pytest.raises(NotAllowed):  # the company cannot decide itself
        services.recognition_decide(actor=world.company_user, recognition=rec, approve=True)
    services.recognition_appeal(actor=world.company_user, recognition=rec, reason="Nu wel")
    services.recognition_decide(actor=world.reviewer, recognition=rec, approve=True)
    assert rec.status == m.RecognitionStatus.APPROVED


def test_suspend_reinstate_withdraw_and_renew(world: World) -> None:
    rec = f.RecognisedFactory(company=world.company, site=world.site, partnership=world.partnership)
    services.recognition_suspend(actor=world.reviewer, recognition=rec, reason="klacht")
    assert not m.Recognition.objects.filter(m.recognised_q(), pk=rec.pk).exists()
    services.recognition_reinstate(actor=world.reviewer, recognition=rec)
    before = rec.valid_until
    services.recognition_renew(actor=world.reviewer, recognition=rec)
    assert rec.valid_until.year == before.year + 5
    services.recognition_withdraw(actor=world.reviewer, recognition=rec, reason="stopgezet")
    with pytest.raises(ServiceError) as exc:
        services.recognition_reinstate(actor=world.reviewer, recognition=rec)
    assert exc.value.code == "invalid_transition"


def test_site_of_another_company_is_refused_and_nothing_changes(world: World) -> None:
    other_site = rf.SiteFactory()
    with pytest.raises(ServiceError) as exc:
        _apply(world, site=other_site)
    assert exc.value.code == "site_not_company"
    assert "vestiging" in exc.value.text.resolve("nl") and "site" in exc.value.text.resolve("en")
    assert m.Recognition.objects.count() == 0


def test_other_company_contact_may_not_apply(world: World) -> None:
    outsider = user_with_role("company_contact")
    with pytest.raises(NotAllowed):
        _apply(world, actor=outsider)


def test_school_applies_on_behalf_only_with_mandate(world: World) -> None:
    with pytest.raises(NotAllowed):
        _apply(world, actor=world.guide)
    services.mandate_grant(actor=world.company_user, company=world.company, mandatee=world.school)
    rec = _apply(world, actor=world.guide)
    assert rec.applicant_organisation == world.school
    services.recognition_submit(actor=world.guide, recognition=rec)
    assert rec.status == m.RecognitionStatus.SUBMITTED


def test_submit_checks_mentor_requirements_with_reason(world: World) -> None:
    world.mentor.criminal_record_checked_on = None
    world.mentor.save()
    rec = _apply(world)
    with pytest.raises(ServiceError) as exc:
        services.recognition_submit(actor=world.company_user, recognition=rec)
    assert exc.value.code == "mentor_no_criminal_record_extract"
    rec.refresh_from_db()
    assert rec.status == m.RecognitionStatus.DRAFT and rec.partnership is None


def _mentor_kwargs(w: World, birth: date, **extra: object) -> dict[str, object]:
    return {
        "actor": w.company_user,
        "company": w.company,
        "first_name": "An",
        "last_name": "Peeters",
        "birth_date": birth,
        "experience_years": 6,
        "has_relevant_diploma": False,
        **extra,
    }


def _years_ago(years: int, days: int = 0) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - timedelta(days=days)


def test_underage_mentor_refused_and_derogation_allows_23(world: World) -> None:
    count = m.Mentor.objects.count()
    with pytest.raises(ServiceError) as exc:
        services.mentor_create(**_mentor_kwargs(world, _years_ago(24)))  # type: ignore[arg-type]
    assert exc.value.code == "mentor_too_young"
    assert "25" in exc.value.text.resolve("nl")
    assert m.Mentor.objects.count() == count
    with pytest.raises(ServiceError):
        services.mentor_create(**_mentor_kwargs(world, _years_ago(22), age_derogation=True))  # type: ignore[arg-type]
    mentor = services.mentor_create(**_mentor_kwargs(world, _years_ago(23), age_derogation=True))  # type: ignore[arg-type]
    assert mentor.pk


def test_mentor_needs_experience_or_diploma(world: World) -> None:
    with pytest.raises(ServiceError) as exc:
        services.mentor_create(**_mentor_kwargs(world, _years_ago(40), experience_years=2))  # type: ignore[arg-type]
    assert exc.value.code == "mentor_no_experience"
    mentor = services.mentor_create(
        **_mentor_kwargs(world, _years_ago(40), experience_years=2, has_relevant_diploma=True)  # type: ignore[arg-type]
    )
    assert mentor.is_active


def test_mentor_deactivate_and_reactivate(world: World) -> None:
    with pytest.raises(ServiceError):
        services.mentor_deactivate(actor=world.company_user, mentor=world.mentor, reason=" ")
    services.mentor_deactivate(actor=world.company_user, mentor=world.mentor, reason="vertrokken")
    assert not world.mentor.is_active
    services.mentor_reactivate(actor=world.company_user, mentor=world.mentor)
    assert world.mentor.is_active


def test_mentor_training_reminder_once_within_a_year(world: World) -> None:
    rec = f.RecognisedFactory(company=world.company, site=world.site)
    rec.valid_from = timezone.localdate() - timedelta(days=330)
    rec.save()
    rec.mentors.add(world.mentor)
    mail.outbox.clear()
    assert services.mentor_training_reminders_send() == 1
    assert services.mentor_training_reminders_send() == 0  # only once
    assert Notification.objects.filter(recipient=world.company_user).exists()


@given(age=st.integers(min_value=15, max_value=70), derogation=st.booleans())
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_mentor_age_rule_matches_the_law(age: int, derogation: bool) -> None:
    facts = rules.MentorFacts(
        birth_date=date(2000, 6, 15).replace(year=2025 - age),
        experience_years=10,
        has_relevant_diploma=False,
        criminal_record_checked_on=date(2025, 1, 1),
        age_derogation=derogation,
    )
    failed = {code for code, _ in rules.mentor_failures(facts, date(2025, 6, 15))}
    allowed = age >= 25 or (derogation and age >= 23)
    assert ("mentor_too_young" not in failed) is allowed


TRANSITION_NAMES = sorted(rules.TRANSITIONS)


@given(steps=st.lists(st.sampled_from(TRANSITION_NAMES), max_size=12))
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_state_machine_only_takes_allowed_steps(steps: list[str]) -> None:
    """Whatever is tried, the status only changes along the table, and an approved
    recognition always has a validity period."""
    w = build_world(n_competences=1)
    rec = _apply(w)
    calls = {
        "submit": lambda: services.recognition_submit(actor=w.company_user, recognition=rec),
        "plan_visit": lambda: services.recognition_plan_visit(
            actor=w.reviewer, recognition=rec, on=date.today()
        ),
        "approve": lambda: services.recognition_decide(
            actor=w.reviewer, recognition=rec, approve=True
        ),
        "refuse": lambda: services.recognition_decide(
            actor=w.reviewer, recognition=rec, approve=False, reason="x"
        ),
        "appeal": lambda: services.recognition_appeal(
            actor=w.company_user, recognition=rec, reason="x"
        ),
        "renew": lambda: services.recognition_renew(actor=w.reviewer, recognition=rec),
        "suspend": lambda: services.recognition_suspend(
            actor=w.reviewer, recognition=rec, reason="x"
        ),
        "reinstate": lambda: services.recognition_reinstate(actor=w.reviewer, recognition=rec),
        "withdraw": lambda: services.recognition_withdraw(
            actor=w.reviewer, recognition=rec, reason="x"
        ),
    }
    for name in steps:
        before = m.Recognition.objects.get(pk=rec.pk).status
        sources, target, _ = rules.TRANSITIONS[name]
        try:
            calls[name]()
        except ServiceError:
            assert before not in sources
            rec.refresh_from_db()
            assert rec.status == before
        except NotAllowed:
            # a draft is not routed yet: no reviewer may act on it
            assert before == m.RecognitionStatus.DRAFT and name != "submit"
            rec.refresh_from_db()
            assert rec.status == before
        else:
            assert before in sources
            rec.refresh_from_db()
            assert rec.status == target
        if rec.status == m.RecognitionStatus.APPROVED:
            assert rec.valid_from is not None and rec.valid_until is not None


def test_mentor_reminders_command(world: World) -> None:
    from io import StringIO

    from django.core.management import call_command

    rec = f.RecognisedFactory(company=world.company, site=world.site)
    rec.valid_from = timezone.localdate() - timedelta(days=340)
    rec.save()
    rec.mentors.add(world.mentor)
    out = StringIO()
    call_command("mentor_reminders", stdout=out)
    assert out.getvalue().startswith("1 ")
