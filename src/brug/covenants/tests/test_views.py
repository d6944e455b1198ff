"""Pages: what each role sees, deny by default, refusals shown in the form."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from brug.accounts.tests.factories import user_with_role
from brug.covenants import models as m
from brug.covenants import services as s
from brug.covenants.tests import factories as f
from brug.registry.tests.factories import OrganisationFactory, SiteFactory

pytestmark = pytest.mark.django_db


def _login(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client


def test_public_sees_only_approved_covenants_and_no_commitments(client) -> None:
    draft = f.CovenantFactory(sector__name="Geheimsector")
    approved = f.CovenantFactory(status="approved", sector__name="Opensector")
    f.CommitmentFactory(action=f.ActionFactory(covenant=approved), description="Intern doel")
    response = client.get(reverse("covenants:list") + f"?generatie={approved.generation.code}")
    assert response.status_code == 200
    assert "Opensector" in response.text
    assert client.get(reverse("covenants:detail", args=[draft.pk])).status_code == 404
    detail = client.get(reverse("covenants:detail", args=[approved.pk]))
    assert detail.status_code == 200
    assert "Intern doel" not in detail.text


@pytest.mark.parametrize("role", ["company_contact", "teacher", "learner", "reviewer", "public"])
def test_outsiders_get_nothing_private(client, role) -> None:
    covenant = f.CovenantFactory()
    action = f.ActionFactory(covenant=covenant)
    commitment = f.CommitmentFactory(action=action)
    report = f.ProgressReportFactory(covenant=covenant)
    user = user_with_role(role)
    if role != "public":
        _login(client, user)
    assert client.get(reverse("covenants:detail", args=[covenant.pk])).status_code == 404
    assert client.get(reverse("covenants:report", args=[report.pk])).status_code in (302, 404)
    assert client.get(reverse("covenants:drilldown", args=[commitment.pk])).status_code in (
        302,
        404,
    )
    assert client.get(reverse("covenants:export", args=[covenant.pk, "xlsx"])).status_code in (
        302,
        404,
    )
    response = client.post(reverse("covenants:transition", args=[covenant.pk, "approve"]))
    assert response.status_code in (302, 404)
    covenant.refresh_from_db()
    assert covenant.status == "draft"
    assert client.get(reverse("covenants:list")).status_code == 200
    assert str(covenant.sector) not in client.get(reverse("covenants:list")).text


def test_consultant_of_another_fund_cannot_act(client, fund_user) -> None:
    covenant, _ = fund_user
    f.ActionFactory(covenant=covenant)
    _login(client, user_with_role("consultant"))
    response = client.post(reverse("covenants:transition", args=[covenant.pk, "submit"]))
    assert response.status_code == 404
    covenant.refresh_from_db()
    assert covenant.status == "draft"


def test_every_covenant_step_asks_for_confirmation(client, fund_user) -> None:
    from brug.covenants.workflow import TRANSITIONS

    assert all(str(tr.confirm) and str(tr.confirm_button) for tr in TRANSITIONS.values())
    covenant, consultant = fund_user
    _login(client, consultant)
    page = client.get(reverse("covenants:detail", args=[covenant.pk])).text
    submit = reverse("covenants:transition", args=[covenant.pk, "submit"])
    assert f'formaction="{submit}" data-confirm="' in page
    assert 'data-confirm-button="Ja, indienen"' in page


def test_submit_and_approve_through_pages(client, fund_user, dept_user) -> None:
    covenant, consultant = fund_user
    f.ActionFactory(covenant=covenant)
    _login(client, consultant)
    client.post(reverse("covenants:transition", args=[covenant.pk, "submit"]))
    covenant.refresh_from_db()
    assert covenant.status == "submitted"
    # the consultant cannot approve: 403
    response = client.post(reverse("covenants:transition", args=[covenant.pk, "approve"]))
    assert response.status_code == 403
    _login(client, dept_user)
    client.post(reverse("covenants:transition", args=[covenant.pk, "approve"]))
    covenant.refresh_from_db()
    assert covenant.status == "approved"


def test_commitment_form_shows_the_refusal_and_saves_nothing(client, fund_user) -> None:
    covenant, consultant = fund_user
    action = f.ActionFactory(covenant=covenant)
    _login(client, consultant)
    url = reverse("covenants:commitment_new", args=[covenant.pk, action.pk])
    response = client.post(
        url,
        {
            "description": "Plaatsbezoeken",
            "kind": "result",
            "owner": "sector",
            "target_value": "",
            "unit": "count",
            "deadline": "2022-12-31",
        },
    )
    assert response.status_code == 200
    assert "streefwaarde nodig" in response.text
    assert 'aria-describedby="id_target_value_error"' in response.text
    assert not m.Commitment.objects.exists()


def test_frozen_report_page_refuses_edits(client, running) -> None:
    covenant, consultant, window, result, _ = running
    today = dt.date(2021, 4, 10)
    report = s.progress_report_open(actor=consultant, covenant=covenant, window=window, today=today)
    s.progress_report_submit(actor=consultant, report=report, today=today)
    _login(client, consultant)
    entry = report.entries.get(commitment=result)
    response = client.post(
        reverse("covenants:report", args=[report.pk]),
        {f"e{entry.pk}-status": "done", f"e{entry.pk}-value": "99"},
    )
    assert response.status_code == 400
    assert "bevroren" in response.text
    entry.refresh_from_db()
    assert entry.value is None or entry.value != Decimal("99")


def test_drilldown_shows_only_records_the_user_may_see(client, running, test_metric) -> None:
    covenant, consultant, *_ = running
    commitment = f.CommitmentFactory(action=f.ActionFactory(covenant=covenant))
    m.Indicator.objects.create(commitment=commitment, unit="count", metric_key="test.sites")
    SiteFactory(organisation=OrganisationFactory(sectors=[covenant.sector]), name="Zichtbaar")
    _login(client, consultant)
    response = client.get(reverse("covenants:drilldown", args=[commitment.pk]))
    assert response.status_code == 200
    assert "Aantal vestigingen in de sector" in response.text  # the definition
    assert "Zichtbaar" in response.text  # sites are public in the registry matrix


def test_analysis_counts_sectors_per_category_and_exports(client) -> None:
    generation = f.GenerationFactory()
    for name in ("Bouw", "Chemie"):
        covenant = f.CovenantFactory(generation=generation, status="running", sector__name=name)
        f.ActionFactory(covenant=covenant, category="teachers", title=f"Leraarsopleiding {name}")
    hidden = f.CovenantFactory(generation=generation, sector__name="Ontwerpsector")
    f.ActionFactory(covenant=hidden, category="teachers")
    url = reverse("covenants:analysis") + f"?generatie={generation.code}&categorie=teachers"
    response = client.get(url)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert rows[0].sector_count == 2 and rows[0].sectors == ["Bouw", "Chemie"]
    export = client.get(url + "&formaat=xlsx")
    sheet = load_workbook(__import__("io").BytesIO(export.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][1] == 2 and "Ontwerpsector" not in str(values)


def test_discrimination_page_suppresses_small_cells(client) -> None:
    generation = f.GenerationFactory()
    for name, tests in (("Bouw", 40), ("Chemie", 3), ("Horeca", 30)):
        covenant = f.CovenantFactory(generation=generation, status="running", sector__name=name)
        measurement = f.MeasurementFactory(addendum=f.AddendumFactory(covenant=covenant))
        m.DiscriminationResult.objects.create(
            measurement=measurement, ground="origin", tests=tests, unfavourable=1
        )
    response = client.get(reverse("covenants:discrimination") + f"?generatie={generation.code}")
    assert response.status_code == 200
    grid = response.context["grid"]
    chemie = next(row for row in grid if row["label"] == "Chemie")
    assert chemie["cells"][0]["hidden"]
    assert sum(1 for row in grid if row["cells"][0]["hidden"]) >= 2  # complementary


def test_covenant_pdf_and_generation_report_job(client, running, dept_user) -> None:
    covenant, *_ = running
    _login(client, dept_user)
    pdf = client.get(reverse("covenants:export", args=[covenant.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    response = client.post(
        reverse("covenants:generation_report", args=[covenant.generation.pk]),
        HTTP_ACCEPT="text/html",
    )
    assert response.status_code == 302
    from brug.core.models import Job

    job = Job.objects.get(kind="covenants.generation_report")
    from brug.core.jobs import job_run_inline

    job = job_run_inline(job)
    assert job.status == "succeeded", job.error
    file = client.get(reverse("covenants:generation_report_file", args=[job.pk, "xlsx"]))
    assert file.status_code == 200
    other = user_with_role("department_work")
    client.force_login(other)
    denied = client.get(reverse("covenants:generation_report_file", args=[job.pk, "pdf"]))
    assert denied.status_code == 403


def test_discrimination_page_without_measurements(client) -> None:
    f.GenerationFactory()
    response = client.get(reverse("covenants:discrimination"))
    assert response.status_code == 200
    assert response.context["grid"] == []
