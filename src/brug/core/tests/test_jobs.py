from __future__ import annotations

import pytest

from brug.accounts.tests.factories import user_with_role
from brug.core.errors import ServiceError
from brug.core.i18n import by_language
from brug.core.jobs import job_handler, job_run_inline, job_start, run_job
from brug.core.models import Job, JobStatus


@job_handler("test.count")
def _count(job: Job, progress) -> dict:  # type: ignore[no-untyped-def]
    total = int(job.params["n"])
    for i in range(1, total + 1):
        progress(i, total, f"item {i}")
    return {"counted": total, "url": "/done/"}


@job_handler("test.fail")
def _fail(job: Job, progress) -> dict:  # type: ignore[no-untyped-def]
    progress(1, 4)
    raise ServiceError(by_language({"nl": "Regel 3 is fout.", "en": "Line 3 is wrong."}))


@pytest.mark.django_db
def test_job_runs_to_completion_with_progress_and_result() -> None:
    job = Job.objects.create(kind="test.count", title="count", params={"n": 7})
    job = job_run_inline(job)
    assert job.status == JobStatus.SUCCEEDED
    assert (job.progress_done, job.progress_total, job.percent) == (7, 7, 100)
    assert job.result == {"counted": 7, "url": "/done/"}
    assert job.result_url == "/done/"
    assert job.message == "item 7"


@pytest.mark.django_db
def test_failed_job_keeps_the_reason() -> None:
    job = job_run_inline(Job.objects.create(kind="test.fail", title="fail"))
    assert job.status == JobStatus.FAILED
    assert "Regel 3 is fout." in job.error


@pytest.mark.django_db(transaction=True)
def test_job_start_enqueues_on_commit_and_never_runs_twice() -> None:
    user = user_with_role("guide")
    job = job_start(kind="test.count", title="count", user=user, params={"n": 3})
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED  # the immediate backend ran it after the commit
    Job.objects.filter(pk=job.pk).update(result={})
    run_job.call(job.pk)  # a second delivery of the same task does nothing
    job.refresh_from_db()
    assert job.result == {}


@pytest.mark.django_db
def test_unknown_job_kind_is_refused() -> None:
    with pytest.raises(LookupError):
        job_start(kind="nope", title="x")


@pytest.mark.django_db
def test_job_progress_page_is_only_for_its_owner(client) -> None:  # type: ignore[no-untyped-def]
    owner, other = user_with_role("guide"), user_with_role("guide")
    job = Job.objects.create(kind="test.count", title="mine", created_by=owner)
    client.force_login(other)
    assert client.get(f"/taken/{job.pk}/voortgang/").status_code == 403
    client.force_login(owner)
    response = client.get(f"/taken/{job.pk}/voortgang/")
    assert response.status_code == 200
    assert b"<progress" in response.content and b'hx-trigger="every 1s"' in response.content
