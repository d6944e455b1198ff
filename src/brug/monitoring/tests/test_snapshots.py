"""Metric snapshots: the service, the command, the web job, the demo step, the trend."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from brug.accounts.tests.factories import user_with_role
from brug.core.demo import SCALES, DemoContext
from brug.core.errors import NotAllowed, ServiceError
from brug.core.models import AuditEntry, Job, JobStatus
from brug.monitoring import demo, selectors
from brug.monitoring.metrics import KEY_FIGURES
from brug.monitoring.models import Snapshot
from brug.monitoring.services import snapshots_record

TODAY = date.today()


def test_admin_records_every_metric_per_scope(world) -> None:
    admin = user_with_role("platform_admin")
    run = snapshots_record(actor=admin, on=TODAY, metrics=KEY_FIGURES)
    overall = Snapshot.objects.get(
        metric_key="monitoring.learners_without_place", scope="all", on=TODAY
    )
    assert overall.value == 6
    in_sector = Snapshot.objects.get(
        metric_key="monitoring.learners_without_place", sector=world.sector, on=TODAY
    )
    assert in_sector.value == 5
    in_limburg = Snapshot.objects.get(
        metric_key="monitoring.learners_without_place", province=world.p2, on=TODAY
    )
    assert in_limburg.value == 1
    assert run.stored == Snapshot.objects.filter(on=TODAY).count() and not run.failed
    assert AuditEntry.objects.filter(verb="monitoring.snapshots_recorded").count() == 1
    # Recording the same day again replaces, never duplicates.
    snapshots_record(actor=admin, on=TODAY, metrics=KEY_FIGURES)
    assert Snapshot.objects.filter(on=TODAY).count() == run.stored


@pytest.mark.parametrize(
    "role", ["department_work", "consultant", "rtc_staff", "company_contact", "public"]
)
def test_only_the_platform_admin_records(world, role: str) -> None:
    with pytest.raises(NotAllowed):
        snapshots_record(actor=user_with_role(role), on=TODAY, metrics=KEY_FIGURES)
    assert not Snapshot.objects.exists()


def test_future_date_is_refused_and_changes_nothing(world) -> None:
    with pytest.raises(ServiceError) as exc:
        snapshots_record(actor=user_with_role("platform_admin"), on=TODAY + timedelta(days=1))
    assert exc.value.code == "future_date"
    assert not Snapshot.objects.exists()


def test_command_runs_inline_as_a_job(world) -> None:
    call_command("snapshot_metrics", "--no-progress")
    job = Job.objects.get(kind="monitoring.snapshot_metrics")
    assert job.status == JobStatus.SUCCEEDED
    assert Snapshot.objects.filter(metric_key="monitoring.placement_rate", scope="all").exists()


def test_admin_starts_the_job_from_the_dashboard(world, django_capture_on_commit_callbacks) -> None:
    client = Client()
    client.force_login(user_with_role("platform_admin"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("monitoring:snapshot-start"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    job = Job.objects.get(kind="monitoring.snapshot_metrics")
    assert job.status == JobStatus.SUCCEEDED  # tasks run immediately in tests
    dashboard = client.get(reverse("monitoring:dashboard")).content.decode()
    assert "Vlaanderen" in dashboard


def test_trend_shows_only_scopes_the_reader_may_view(world) -> None:
    from brug.monitoring.tests.factories import SnapshotFactory

    key = "monitoring.learners_without_place"
    SnapshotFactory(metric_key=key, on=TODAY - timedelta(days=30), value=9)
    SnapshotFactory(metric_key=key, on=TODAY, value=6)
    SnapshotFactory(metric_key=key, sector=world.sector, on=TODAY, value=5)
    SnapshotFactory(metric_key=key, province=world.p2, on=TODAY, value=1)
    consultant = user_with_role("consultant", organisation=world.fund)
    trends = dict(selectors.trend_for(consultant, metric_key=key, on=TODAY))
    assert set(trends) == {"all", f"sector:{world.sector.pk}"}
    assert [s.value for s in trends["all"]] == [9, 6]
    rtc = user_with_role("rtc_staff", organisation=world.rtc)
    assert set(dict(selectors.trend_for(rtc, metric_key=key, on=TODAY))) == {"all"}
    assert selectors.trend_for(user_with_role("company_contact"), metric_key=key, on=TODAY) == []


def test_demo_step_backfills_months_deterministically(world) -> None:
    ctx = DemoContext(scale=SCALES["small"], seed=1)
    demo.snapshots(ctx)
    dates = sorted(set(Snapshot.objects.values_list("on", flat=True)))
    assert len(dates) == demo.MONTHS + 1 and dates[-1] == TODAY
    assert Snapshot.objects.filter(is_demo=False).count() == 0
    first = sorted(Snapshot.objects.values_list("metric_key", "scope", "on", "value"))
    demo.snapshots(DemoContext(scale=SCALES["small"], seed=1))
    assert sorted(Snapshot.objects.values_list("metric_key", "scope", "on", "value")) == first
    assert ctx.counts["monitoring.snapshots"] == len(first)
