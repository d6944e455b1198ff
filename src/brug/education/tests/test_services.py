from __future__ import annotations

import datetime as dt

import pytest
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from brug.core.errors import NotAllowed, ServiceError
from brug.core.models import AuditEntry, Notification
from brug.covenants.tests.factories import ActionFactory
from brug.education import models as m
from brug.education import services
from brug.education.tests.conftest import make_table
from brug.education.tests.factories import RoundFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 2)


def _open(table, **kwargs):  # type: ignore[no-untyped-def]
    return services.round_open(
        actor=table.department,
        covenant=table.covenant,
        closes_on=kwargs.pop("closes_on", TODAY + dt.timedelta(days=14)),
        today=TODAY,
        **kwargs,
    )


def test_department_opens_a_round_and_education_is_notified(table) -> None:
    rnd = _open(table, note="Graag advies over de stages.")
    assert rnd.is_open and rnd.covenant == table.covenant
    assert AuditEntry.objects.filter(verb="education.round_opened").count() == 1
    notified = set(Notification.objects.values_list("recipient_id", flat=True))
    assert {table.network_user.pk, table.council_user.pk, table.consultant.pk} <= notified
    assert table.outsider.pk not in notified


@pytest.mark.parametrize("status", ["approved", "running", "evaluated"])
def test_no_round_after_approval(table, status: str) -> None:
    table.covenant.status = status
    table.covenant.save()
    with pytest.raises(ServiceError) as exc:
        _open(table)
    assert exc.value.code == "already_approved"
    assert not m.ConsultationRound.objects.exists()


@pytest.mark.parametrize("days", [-1, services.ROUND_MAX_DAYS + 1, 5000])
def test_closing_date_is_bounded(table, days: int) -> None:
    with pytest.raises(ServiceError) as exc:
        _open(table, closes_on=TODAY + dt.timedelta(days=days))
    assert exc.value.field == "closes_on"
    assert not m.ConsultationRound.objects.exists()


def test_note_is_bounded_and_one_open_round_per_covenant(table) -> None:
    with pytest.raises(ServiceError) as exc:
        _open(table, note="x" * (m.NOTE_MAX + 1))
    assert exc.value.code == "too_long"
    _open(table)
    with pytest.raises(ServiceError) as exc:
        _open(table)
    assert exc.value.code == "round_already_open"
    assert m.ConsultationRound.objects.count() == 1


def test_a_covenant_without_education_actions_cannot_be_consulted(table) -> None:
    for action in table.actions:
        action.delete()
    with pytest.raises(ServiceError) as exc:
        _open(table)
    assert exc.value.code == "no_education_actions"


@pytest.mark.parametrize("who", ["consultant", "network_user", "council_user", "outsider"])
def test_only_the_department_opens_and_closes(table, who: str) -> None:
    with pytest.raises(NotAllowed):
        services.round_open(
            actor=getattr(table, who),
            covenant=table.covenant,
            closes_on=TODAY + dt.timedelta(days=3),
            today=TODAY,
        )
    rnd = _open(table)
    with pytest.raises(NotAllowed):
        services.round_close(actor=getattr(table, who), rnd=rnd)
    assert m.ConsultationRound.objects.get().is_open


def test_advice_per_action_replaced_not_duplicated(table) -> None:
    rnd = _open(table)
    action = table.actions[0]
    services.advice_give(
        actor=table.network_user,
        rnd=rnd,
        action=action,
        organisation=table.network,
        position="supports",
        today=TODAY,
    )
    advice = services.advice_give(
        actor=table.network_user,
        rnd=rnd,
        action=action,
        organisation=table.network,
        position="concerns",
        text="Te weinig plaatsen voor buso.",
        today=TODAY,
    )
    assert m.Advice.objects.count() == 1
    assert advice.position == "concerns" and advice.given_by == table.network_user
    assert AuditEntry.objects.filter(verb="education.advice_given").count() == 2


def test_advice_only_for_own_organisation(table) -> None:
    rnd = _open(table)
    with pytest.raises(NotAllowed):
        services.advice_give(
            actor=table.network_user,
            rnd=rnd,
            action=table.actions[0],
            organisation=table.council,
            position="supports",
            today=TODAY,
        )
    with pytest.raises(NotAllowed):
        services.advice_give(
            actor=table.consultant,
            rnd=rnd,
            action=table.actions[0],
            organisation=table.covenant.sector_fund,
            position="supports",
            today=TODAY,
        )
    assert not m.Advice.objects.exists()


@pytest.mark.parametrize(
    ("position", "text", "code"),
    [
        ("maybe", "", "bad_position"),
        ("", "", "bad_position"),
        ("concerns", "   ", "text_required"),
        ("remarks", "", "text_required"),
        ("supports", "x" * (m.ADVICE_TEXT_MAX + 1), "too_long"),
        ("remarks", "a\x00b", "bad_character"),
    ],
)
def test_bad_advice_changes_nothing(table, position: str, text: str, code: str) -> None:
    rnd = _open(table)
    with pytest.raises(ServiceError) as exc:
        services.advice_give(
            actor=table.council_user,
            rnd=rnd,
            action=table.actions[0],
            organisation=table.council,
            position=position,
            text=text,
            today=TODAY,
        )
    assert exc.value.code == code
    assert not m.Advice.objects.exists()


def test_advice_only_on_the_rounds_education_actions(table) -> None:
    rnd = _open(table)
    elsewhere = RoundFactory().covenant
    for action in (table.other_action, ActionFactory(covenant=elsewhere, category="teachers")):
        with pytest.raises(ServiceError) as exc:
            services.advice_give(
                actor=table.council_user,
                rnd=rnd,
                action=action,
                organisation=table.council,
                position="supports",
                today=TODAY,
            )
        assert exc.value.code == "action_not_in_round"


def test_no_advice_after_closing_or_deadline(table) -> None:
    rnd = _open(table, closes_on=TODAY + dt.timedelta(days=2))
    kwargs = {
        "actor": table.council_user,
        "action": table.actions[0],
        "organisation": table.council,
        "position": "supports",
    }
    with pytest.raises(ServiceError):
        services.advice_give(rnd=rnd, today=TODAY + dt.timedelta(days=3), **kwargs)
    services.round_close(actor=table.department, rnd=rnd)
    with pytest.raises(ServiceError) as exc:
        services.advice_give(rnd=rnd, today=TODAY, **kwargs)
    assert exc.value.code == "round_closed"
    with pytest.raises(ServiceError):
        services.round_close(actor=table.department, rnd=rnd)
    assert not m.Advice.objects.exists()
    # A new round may be opened once the previous one is closed.
    assert _open(table).is_open


def test_database_backstops_hold_without_the_service(table) -> None:
    rnd = RoundFactory(covenant=table.covenant)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoundFactory(covenant=table.covenant)  # a second open round
    with pytest.raises(IntegrityError), transaction.atomic():
        m.Advice.objects.create(
            round=rnd,
            action=table.actions[0],
            organisation=table.council,
            position="unknown",
            given_at=timezone.now(),
        )
    # Too long: a check constraint on SQLite, the column type on PostgreSQL.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        m.Advice.objects.create(
            round=rnd,
            action=table.actions[0],
            organisation=table.council,
            position="supports",
            text="x" * (m.ADVICE_TEXT_MAX + 1),
            given_at=timezone.now(),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        m.ConsultationRound.objects.filter(pk=rnd.pk).update(status="closed")  # no closed_at


class TestTextBound(TestCase):
    """Whatever the text, the service either stores it within bounds or refuses it."""

    @settings(max_examples=25, deadline=None)
    @given(text=st.text(max_size=m.ADVICE_TEXT_MAX + 50))
    def test_text(self, text: str) -> None:
        t = make_table()
        rnd = services.round_open(
            actor=t.department,
            covenant=t.covenant,
            closes_on=TODAY + dt.timedelta(days=1),
            today=TODAY,
        )
        try:
            advice = services.advice_give(
                actor=t.council_user,
                rnd=rnd,
                action=t.actions[0],
                organisation=t.council,
                position="remarks",
                text=text,
                today=TODAY,
            )
        except ServiceError:
            assert not m.Advice.objects.filter(round=rnd).exists()
        else:
            assert 0 < len(advice.text) <= m.ADVICE_TEXT_MAX
