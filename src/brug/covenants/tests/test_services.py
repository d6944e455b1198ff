"""Covenant services: work flow, validation (bad input changes nothing), freezing, evaluation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from brug.accounts.tests.factories import user_with_role
from brug.core.errors import NotAllowed, ServiceError
from brug.core.models import AuditEntry, Notification
from brug.covenants import models as m
from brug.covenants import services as s
from brug.covenants.tests import factories as f
from brug.registry.tests.factories import OrganisationFactory, SiteFactory

pytestmark = pytest.mark.django_db
OPEN_DAY = dt.date(2021, 4, 10)


def test_sector_fund_drafts_and_department_approves(fund_user, dept_user) -> None:
    covenant, consultant = fund_user
    f.ActionFactory(covenant=covenant)
    s.covenant_transition(actor=consultant, covenant=covenant, transition="submit")
    covenant.refresh_from_db()
    assert covenant.status == "submitted"
    assert Notification.objects.filter(recipient=dept_user).exists()
    with pytest.raises(NotAllowed):  # the sector fund cannot approve itself
        s.covenant_transition(actor=consultant, covenant=covenant, transition="approve")
    with pytest.raises(ServiceError) as exc:
        s.covenant_transition(actor=dept_user, covenant=covenant, transition="request_changes")
    assert exc.value.code == "note_required"
    s.covenant_transition(
        actor=dept_user, covenant=covenant, transition="request_changes", note="Meer STEM"
    )
    covenant.refresh_from_db()
    assert covenant.status == "changes_requested"
    assert Notification.objects.filter(recipient=consultant).exists()
    s.covenant_transition(actor=consultant, covenant=covenant, transition="submit")
    s.covenant_transition(actor=dept_user, covenant=covenant, transition="approve")
    covenant.refresh_from_db()
    assert covenant.status == "approved"
    assert covenant.approved_at is not None
    verbs = set(
        AuditEntry.objects.filter(object_id=str(covenant.pk)).values_list("verb", flat=True)
    )
    assert {"covenants.covenant_submit", "covenants.covenant_approve"} <= verbs


def test_transition_from_wrong_status_is_refused(fund_user, dept_user) -> None:
    covenant, _ = fund_user
    with pytest.raises(ServiceError) as exc:
        s.covenant_transition(actor=dept_user, covenant=covenant, transition="approve")
    assert exc.value.code == "bad_transition"
    covenant.refresh_from_db()
    assert covenant.status == "draft"


def test_submit_without_actions_is_refused(fund_user) -> None:
    covenant, consultant = fund_user
    with pytest.raises(ServiceError) as exc:
        s.covenant_transition(actor=consultant, covenant=covenant, transition="submit")
    assert exc.value.code == "no_actions"


def test_second_covenant_for_a_sector_in_a_generation_is_refused(fund_user) -> None:
    covenant, consultant = fund_user
    with pytest.raises(ServiceError) as exc:
        s.covenant_create(
            actor=consultant,
            generation=covenant.generation,
            sector=covenant.sector,
            sector_fund=covenant.sector_fund,
            consultant_fte=Decimal("2"),
        )
    assert exc.value.code == "duplicate_covenant"
    assert "al een convenant" in exc.value.text.resolve(
        "nl"
    ) and "already has" in exc.value.text.resolve("en")
    assert m.Covenant.objects.filter(sector=covenant.sector).count() == 1


def test_database_refuses_a_second_covenant_too(fund_user) -> None:
    from django.db import IntegrityError, transaction

    covenant, _ = fund_user
    with pytest.raises(IntegrityError), transaction.atomic():
        m.Covenant.objects.create(
            generation=covenant.generation, sector=covenant.sector, sector_fund=covenant.sector_fund
        )


def test_other_sector_fund_cannot_create_for_this_fund(fund_user) -> None:
    covenant, _ = fund_user
    other = user_with_role("consultant")
    with pytest.raises(NotAllowed):
        s.covenant_create(
            actor=other,
            generation=f.GenerationFactory(),
            sector=covenant.sector,
            sector_fund=covenant.sector_fund,
            consultant_fte=Decimal("1"),
        )


def test_commitment_without_target_is_refused(fund_user) -> None:
    covenant, consultant = fund_user
    action = f.ActionFactory(covenant=covenant)
    for target in (None, ""):
        with pytest.raises(ServiceError) as exc:
            s.commitment_create(
                actor=consultant,
                action=action,
                kind="result",
                owner="sector",
                description="Plaatsbezoeken",
                target_value=target,
                unit="count",
                deadline=dt.date(2022, 12, 31),
            )
        assert exc.value.code == "target_required"
        assert exc.value.field == "target_value"
    assert not m.Commitment.objects.exists()


def test_computed_indicator_of_the_wrong_unit_is_refused(fund_user, test_metric) -> None:
    covenant, consultant = fund_user
    action = f.ActionFactory(covenant=covenant)
    with pytest.raises(ServiceError) as exc:
        s.commitment_create(
            actor=consultant,
            action=action,
            kind="result",
            owner="sector",
            description="Bereik",
            target_value="40",
            unit="percent",
            deadline=dt.date(2022, 12, 31),
            metric_key="test.sites",
        )
    assert exc.value.code == "wrong_unit"
    assert not m.Commitment.objects.exists()


def test_commitment_edits_refused_once_submitted(fund_user) -> None:
    covenant, consultant = fund_user
    action = f.ActionFactory(covenant=covenant)
    covenant.status = m.CovenantStatus.SUBMITTED
    covenant.save()
    with pytest.raises(ServiceError) as exc:
        s.commitment_create(
            actor=consultant,
            action=action,
            kind="effort",
            owner="education",
            description="x",
            target_value="1",
            unit="count",
            deadline=dt.date(2022, 1, 1),
        )
    assert exc.value.code == "not_editable"


def test_progress_report_values_freeze_at_submission(running, test_metric, dept_user) -> None:
    covenant, consultant, window, result, effort = running
    indicator = result.indicator
    indicator.metric_key = "test.sites"
    indicator.save()
    SiteFactory(organisation=OrganisationFactory(sectors=[covenant.sector]))
    report = s.progress_report_open(
        actor=consultant, covenant=covenant, window=window, today=OPEN_DAY
    )
    assert report.entries.count() == 2
    effort_entry = report.entries.get(commitment=effort)
    s.progress_entry_update(
        actor=consultant,
        entry=effort_entry,
        status="at_risk",
        value="40",
        unit="percent",
        narrative="Minder scholen bereikt",
        today=OPEN_DAY,
    )
    s.progress_report_submit(actor=consultant, report=report, today=OPEN_DAY)
    result_entry = report.entries.get(commitment=result)
    assert result_entry.value == Decimal("1.00")  # computed from the one site
    # Later records do not change the frozen value.
    SiteFactory(organisation=OrganisationFactory(sectors=[covenant.sector]))
    result_entry.refresh_from_db()
    assert result_entry.value == Decimal("1.00")
    assert Notification.objects.filter(recipient=dept_user).exists()
    # Edits of a frozen report are refused and change nothing.
    with pytest.raises(ServiceError) as exc:
        s.progress_entry_update(
            actor=consultant, entry=effort_entry, status="done", value="90", today=OPEN_DAY
        )
    assert exc.value.code == "report_frozen"
    effort_entry.refresh_from_db()
    assert effort_entry.status == "at_risk" and effort_entry.value == Decimal("40")
    with pytest.raises(ServiceError):
        s.progress_report_submit(actor=consultant, report=report, today=OPEN_DAY)


def test_report_after_window_closed_is_refused(running) -> None:
    covenant, consultant, window, *_ = running
    late = window.closes_on + dt.timedelta(days=1)
    with pytest.raises(ServiceError) as exc:
        s.progress_report_open(actor=consultant, covenant=covenant, window=window, today=late)
    assert exc.value.code == "window_closed"
    assert not m.ProgressReport.objects.exists()
    report = s.progress_report_open(
        actor=consultant, covenant=covenant, window=window, today=OPEN_DAY
    )
    with pytest.raises(ServiceError) as exc:
        s.progress_report_submit(actor=consultant, report=report, today=late)
    assert exc.value.code == "window_closed"
    report.refresh_from_db()
    assert report.status == "draft"


def test_value_of_the_wrong_unit_is_refused(running) -> None:
    covenant, consultant, window, result, effort = running
    report = s.progress_report_open(
        actor=consultant, covenant=covenant, window=window, today=OPEN_DAY
    )
    entry = report.entries.get(commitment=result)
    with pytest.raises(ServiceError) as exc:
        s.progress_entry_update(
            actor=consultant,
            entry=entry,
            status="on_track",
            value="5",
            unit="percent",
            today=OPEN_DAY,
        )
    assert exc.value.code == "wrong_unit"
    percent_entry = report.entries.get(commitment=effort)
    with pytest.raises(ServiceError):
        s.progress_entry_update(
            actor=consultant, entry=percent_entry, status="on_track", value="140", today=OPEN_DAY
        )
    entry.refresh_from_db()
    percent_entry.refresh_from_db()
    assert entry.value is None and percent_entry.value is None


def test_evaluation_computes_result_funding(running, dept_user) -> None:
    covenant, consultant, window, result, _effort = running
    second = f.CommitmentFactory(action=result.action, kind="result", target_value=Decimal("5"))
    m.Indicator.objects.create(commitment=second, unit="count")
    report = s.progress_report_open(
        actor=consultant, covenant=covenant, window=window, today=OPEN_DAY
    )
    s.progress_entry_update(
        actor=consultant,
        entry=report.entries.get(commitment=result),
        status="on_track",
        value="12",
        today=OPEN_DAY,
    )
    s.progress_entry_update(
        actor=consultant,
        entry=report.entries.get(commitment=second),
        status="behind",
        value="2",
        today=OPEN_DAY,
    )
    s.progress_report_submit(actor=consultant, report=report, today=OPEN_DAY)
    with pytest.raises(NotAllowed):
        s.evaluation_create(actor=consultant, covenant=covenant, kind="interim")
    evaluation = s.evaluation_create(actor=dept_user, covenant=covenant, kind="interim")
    # 3 FTE × 49,000 × 2 years = 294,000; 20 % = 58,800; 1 of 2 result commitments met.
    assert evaluation.funding_total_eur == Decimal("294000.00")
    assert evaluation.result_funding_base_eur == Decimal("58800.00")
    assert (evaluation.result_commitments, evaluation.result_commitments_met) == (2, 1)
    assert evaluation.result_funding_eur == Decimal("29400.00")
    final = s.evaluation_create(actor=dept_user, covenant=covenant, kind="final")
    covenant.refresh_from_db()
    assert covenant.status == "evaluated" and final.kind == "final"


def test_result_funding_never_exceeds_base() -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    @settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)  # a shared CI machine
    @given(
        total=st.integers(0, 40),
        met=st.integers(0, 40),
        funding=st.decimals(0, 10_000_000, places=2),
    )
    def check(total: int, met: int, funding: Decimal) -> None:
        met = min(met, total)
        base, earned = s.result_funding(
            funding_total=funding, result_share=Decimal("0.2"), met=met, total=total
        )
        assert Decimal("0") <= earned <= base
        if total and met == total:
            assert earned == base

    check()


def test_reminders_notify_funds_that_have_not_submitted(running) -> None:
    covenant, consultant, window, *_ = running
    other = f.CovenantFactory(generation=covenant.generation, status="running")
    other_consultant = user_with_role("consultant", organisation=other.sector_fund)
    report = s.progress_report_open(
        actor=other_consultant, covenant=other, window=window, today=OPEN_DAY
    )
    s.progress_report_submit(actor=other_consultant, report=report, today=OPEN_DAY)
    sent = s.reminders_send(days=30, today=OPEN_DAY)
    assert sent == 1
    assert Notification.objects.filter(recipient=consultant, subject__contains="Herinnering")
    assert not Notification.objects.filter(recipient=other_consultant, subject__contains="Herinn")
    assert s.reminders_send(days=3, today=OPEN_DAY) == 0  # closes in 20 days


def test_measurement_has_no_company_fields_and_checks_counts(fund_user) -> None:
    covenant, consultant = fund_user
    addendum = f.AddendumFactory(covenant=covenant)
    field_names = {fld.name for fld in m.DiscriminationMeasurement._meta.get_fields()} | {
        fld.name for fld in m.DiscriminationResult._meta.get_fields()
    }
    assert not field_names & {"company", "organisation", "site", "enterprise_number"}
    with pytest.raises(ServiceError):
        s.measurement_record(
            actor=consultant,
            addendum=addendum,
            phase="baseline",
            method="correspondence_test",
            performed_on=dt.date(2021, 9, 1),
            results=[("origin", 10, 11)],
        )
    assert not m.DiscriminationMeasurement.objects.exists()
    measurement = s.measurement_record(
        actor=consultant,
        addendum=addendum,
        phase="baseline",
        method="correspondence_test",
        performed_on=dt.date(2021, 9, 1),
        results=[("origin", 40, 9), ("age", 3, 1)],
    )
    assert measurement.results.count() == 2


@pytest.mark.parametrize(
    ("owner", "counts"),
    [("sector", True), ("education", False), ("government", False)],
)
def test_result_funding_counts_only_the_sectors_own_result_commitments(
    running, dept_user, owner: str, counts: bool
) -> None:
    """A met result commitment owned by education or government never moves the sector's money."""
    covenant, consultant, window, result, _effort = running
    other = f.CommitmentFactory(
        action=result.action, kind="result", owner=owner, target_value=Decimal("5")
    )
    m.Indicator.objects.create(commitment=other, unit="count")
    report = s.progress_report_open(
        actor=consultant, covenant=covenant, window=window, today=OPEN_DAY
    )
    s.progress_entry_update(  # the sector's own commitment (owner "sector"): not met
        actor=consultant,
        entry=report.entries.get(commitment=result),
        status="behind",
        value="2",
        today=OPEN_DAY,
    )
    s.progress_entry_update(  # the other owner's commitment: met
        actor=consultant,
        entry=report.entries.get(commitment=other),
        status="done",
        value="5",
        today=OPEN_DAY,
    )
    s.progress_report_submit(actor=consultant, report=report, today=OPEN_DAY)
    evaluation = s.evaluation_create(actor=dept_user, covenant=covenant, kind="interim")
    assert result.owner == "sector"
    if counts:
        assert (evaluation.result_commitments, evaluation.result_commitments_met) == (2, 1)
        assert evaluation.result_funding_eur == Decimal("29400.00")
    else:
        assert (evaluation.result_commitments, evaluation.result_commitments_met) == (1, 0)
        assert evaluation.result_funding_eur == Decimal("0.00")


def test_evaluation_refused_while_funding_is_not_published(running, dept_user) -> None:
    covenant, consultant, window, _result, _effort = running
    report = s.progress_report_open(
        actor=consultant, covenant=covenant, window=window, today=OPEN_DAY
    )
    s.progress_report_submit(actor=consultant, report=report, today=OPEN_DAY)
    covenant.consultant_fte = None  # not published per sector
    covenant.save()
    assert s.covenant_funding(covenant) is None
    with pytest.raises(ServiceError) as err:
        s.evaluation_create(actor=dept_user, covenant=covenant, kind="interim")
    assert err.value.code == "funding_unknown"
    assert not m.Evaluation.objects.exists()


def test_joint_addendum_is_one_record_shared_by_several_sectors(dept_user) -> None:
    generation = f.GenerationFactory()
    food, retail, small = (
        f.CovenantFactory(generation=generation, status="draft") for _ in range(3)
    )
    joint = s.addendum_create(
        actor=dept_user,
        covenant=food,
        kind="dual_learning",
        budget_eur=None,
        title="Gezamenlijk addendum",
        shared_with=[retail, small],
    )
    assert set(joint.shared_with.all()) == {retail, small}
    assert m.Addendum.objects.count() == 1
    with pytest.raises(ServiceError) as err:  # a sector in the joint addendum has one already
        s.addendum_create(
            actor=dept_user, covenant=small, kind="dual_learning", budget_eur=Decimal("1"),
            shared_with=[retail],
        )  # fmt: skip
    assert err.value.code == "duplicate_addendum"
    elsewhere = f.CovenantFactory(status="draft")
    with pytest.raises(ServiceError) as err:
        s.addendum_create(
            actor=dept_user, covenant=elsewhere, kind="road_charge", budget_eur=Decimal("0"),
            shared_with=[food],
        )  # fmt: skip
    assert err.value.code == "shared_other_generation"
    assert m.Addendum.objects.count() == 1
