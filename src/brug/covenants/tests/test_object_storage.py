"""A generated generation report stored in an S3-compatible object store and fetched back
through the page (issue 18); refused for a user who may not see the job."""

from __future__ import annotations

import pytest
from django.urls import reverse

from brug.accounts.tests.factories import user_with_role
from brug.core.jobs import job_run_inline
from brug.core.models import Job
from brug.core.testing.object_store import ObjectStore
from brug.covenants import reports

pytestmark = pytest.mark.django_db


def test_generation_report_stored_and_fetched_from_s3(  # type: ignore[no-untyped-def]
    client, running, dept_user, s3_storage: ObjectStore
) -> None:
    covenant, *_ = running
    client.force_login(dept_user)
    response = client.post(
        reverse("covenants:generation_report", args=[covenant.generation.pk]),
        HTTP_ACCEPT="text/html",
    )
    assert response.status_code == 302
    job = job_run_inline(Job.objects.get(kind="covenants.generation_report"))
    assert job.status == "succeeded", job.error
    assert s3_storage.names() == [
        f"covenants/generation-report-{job.pk}.pdf",
        f"covenants/generation-report-{job.pk}.xlsx",
    ]
    pdf = client.get(reverse("covenants:generation_report_file", args=[job.pk, "pdf"]))
    assert pdf.status_code == 200
    body = b"".join(pdf.streaming_content)
    assert body.startswith(b"%PDF")
    assert f'filename="generation-report-{job.pk}.pdf"' in pdf["Content-Disposition"]

    # Storing a report again replaces it under the same name (no suffixed copies pile up).
    reports.save_report(f"covenants/generation-report-{job.pk}.pdf", b"%PDF-again")
    assert len(s3_storage.names()) == 2
    again = client.get(reverse("covenants:generation_report_file", args=[job.pk, "pdf"]))
    assert b"".join(again.streaming_content) == b"%PDF-again"

    client.force_login(user_with_role("department_work"))
    denied = client.get(reverse("covenants:generation_report_file", args=[job.pk, "xlsx"]))
    assert denied.status_code == 403
