"""Recognition conditions: checklist with evidence and verdicts, site visits, renewal as a new
request by the company, suspension and withdrawal with a reason (issue 14)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from brug.accounts.tests.factories import user_with_role
from brug.core.errors import NotAllowed, ServiceError
from brug.core.models import AuditEntry, Notification
from brug.workplace import models as m
from brug.workplace import services
from brug.workplace.tests import factories as f
from brug.workplace.tests.world import World

pytestmark = pytest.mark.django_db
API = "/api/workplace/"
ALL_KINDS = m.ConditionKind.values


def _apply(w: World) -> m.Recognition:
    rec = services.recognition_apply(
        actor=w.company_user,
        company=w.company,
        site=w.site,
        programme=w.programme,
        activities="Metselen",
        mentors=[w.mentor],
    )
    services.recognition_submit(actor=w.company_user, recognition=rec)
    return rec


def _evidence_all(w: World, rec: m.Recognition) -> None:
    for kind in ALL_KINDS:
        services.condition_evidence_record(
            actor=w.company_user, recognition=rec, kind=kind, evidence=f"Bewijs voor {kind}"
        )


def test_checklist_created_filled_judged_then_approved(world: World) -> None:
    rec = _apply(world)
    assert sorted(rec.conditions.values_list("kind", flat=True)) == sorted(ALL_KINDS)
    _evidence_all(world, rec)
    for kind in ALL_KINDS[:-1]:
        services.condition_verdict_record(
            actor=world.reviewer, recognition=rec, kind=kind, verdict="met"
        )
    # one condition not assessed yet: no approval
    with pytest.raises(ServiceError) as exc:
        services.recognition_decide(actor=world.reviewer, recognition=rec, approve=True)
    assert exc.value.code == "conditions_not_met"
    rec.refresh_from_db()
    assert rec.status == m.RecognitionStatus.SUBMITTED
    services.condition_verdict_record(
        actor=world.reviewer, recognition=rec, kind=ALL_KINDS[-1], verdict="met"
    )
    services.recognition_decide(actor=world.reviewer, recognition=rec, approve=True)
    rec.refresh_from_db()
    assert rec.is_recognised()
    verbs = set(AuditEntry.objects.values_list("verb", flat=True))
    assert {"recognition.condition.evidence", "recognition.condition.verdict"} <= verbs


def test_condition_without_evidence_cannot_be_met(world: World) -> None:
    rec = _apply(world)
    with pytest.raises(ServiceError) as exc:
        services.condition_verdict_record(
            actor=world.reviewer, recognition=rec, kind="insurance", verdict="met"
        )
    assert exc.value.code == "evidence_missing"
    assert exc.value.text.resolve("nl") and exc.value.text.resolve("en")
    assert rec.conditions.get(kind="insurance").verdict == m.ConditionVerdict.PENDING


def test_not_met_needs_a_reason_and_blocks_approval(world: World) -> None:
    rec = _apply(world)
    _evidence_all(world, rec)
    with pytest.raises(ServiceError) as exc:
        services.condition_verdict_record(
            actor=world.reviewer, recognition=rec, kind="risk_analysis", verdict="not_met"
        )
    assert exc.value.code == "reason_required"
    for kind in ALL_KINDS:
        services.condition_verdict_record(
            actor=world.reviewer, recognition=rec, kind=kind, verdict="met"
        )
    services.condition_verdict_record(
        actor=world.reviewer,
        recognition=rec,
        kind="risk_analysis",
        verdict="not_met",
        note="Geen risicoanalyse voor minderjarigen",
    )
    with pytest.raises(ServiceError):
        services.recognition_decide(actor=world.reviewer, recognition=rec, approve=True)


def test_empty_evidence_and_bad_kind_refused_and_company_cannot_judge(world: World) -> None:
    rec = _apply(world)
    with pytest.raises(ServiceError) as exc:
        services.condition_evidence_record(
            actor=world.company_user, recognition=rec, kind="insurance", evidence="   "
        )
    assert exc.value.code == "evidence_required"
    with pytest.raises(ServiceError):
        services.condition_evidence_record(
            actor=world.company_user, recognition=rec, kind="nonsense", evidence="x"
        )
    with pytest.raises(ServiceError):
        services.condition_evidence_record(
            actor=world.company_user, recognition=rec, kind="insurance", evidence="x" * 5001
        )
    with pytest.raises(NotAllowed):
        services.condition_verdict_record(
            actor=world.company_user, recognition=rec, kind="insurance", verdict="met"
        )
    other = user_with_role("company_contact", f.CompanyFactory())
    with pytest.raises(NotAllowed):
        services.condition_evidence_record(
            actor=other, recognition=rec, kind="insurance", evidence="x"
        )
    assert not rec.conditions.exclude(evidence="").exists()


def test_new_evidence_sends_the_condition_back_to_review(world: World) -> None:
    rec = _apply(world)
    services.condition_evidence_record(
        actor=world.company_user, recognition=rec, kind="insurance", evidence="Polis 1"
    )
    services.condition_verdict_record(
        actor=world.reviewer, recognition=rec, kind="insurance", verdict="met"
    )
    services.condition_evidence_record(
        actor=world.company_user, recognition=rec, kind="insurance", evidence="Polis 2"
    )
    assert rec.conditions.get(kind="insurance").verdict == m.ConditionVerdict.PENDING


def test_evidence_file_checked_and_served_only_to_who_may_see(world: World) -> None:
    rec = _apply(world)
    with pytest.raises(ServiceError):
        services.condition_evidence_record(
            actor=world.company_user,
            recognition=rec,
            kind="insurance",
            evidence="",
            evidence_file=SimpleUploadedFile("polis.pdf", b"not a pdf"),
        )
    services.condition_evidence_record(
        actor=world.company_user,
        recognition=rec,
        kind="insurance",
        evidence="",
        evidence_file=SimpleUploadedFile("polis.pdf", b"%PDF-1.4 polis"),
    )
    url = f"/werkplekleren/erkenningen/{rec.pk}/voorwaarden/insurance/bestand/"
    reviewer = Client()
    reviewer.force_login(world.reviewer)
    response = reviewer.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    outsider = Client()
    outsider.force_login(user_with_role("company_contact", f.CompanyFactory()))
    assert outsider.get(url).status_code in (403, 404)


def test_site_visit_recorded_and_far_future_refused(world: World) -> None:
    rec = _apply(world)
    visit = services.site_visit_record(
        actor=world.reviewer,
        recognition=rec,
        on=date.today(),
        visitor_name="An Peeters",
        findings="Werkplaats in orde; PBM aanwezig.",
    )
    assert visit.pk and Notification.objects.filter(recipient=world.company_user).exists()
    for bad in (date.today() + timedelta(days=800), date(1990, 1, 1)):
        with pytest.raises(ServiceError) as exc:
            services.site_visit_record(
                actor=world.reviewer, recognition=rec, on=bad, visitor_name="X"
            )
        assert exc.value.field == "on"
    with pytest.raises(ServiceError):
        services.site_visit_record(
            actor=world.reviewer, recognition=rec, on=date.today(), visitor_name="  "
        )
    with pytest.raises(NotAllowed):
        services.site_visit_record(
            actor=world.company_user, recognition=rec, on=date.today(), visitor_name="Ik"
        )
    assert m.SiteVisit.objects.count() == 1


def test_withdrawal_and_suspension_need_a_reason_and_are_audited(world: World) -> None:
    rec = f.RecognisedFactory(company=world.company, site=world.site, partnership=world.partnership)
    with pytest.raises(ServiceError) as exc:
        services.recognition_withdraw(actor=world.reviewer, recognition=rec, reason="  ")
    assert exc.value.code == "reason_required"
    rec.refresh_from_db()
    assert rec.status == m.RecognitionStatus.APPROVED
    with pytest.raises(ServiceError):
        services.recognition_suspend(actor=world.reviewer, recognition=rec, reason="")
    services.recognition_suspend(actor=world.reviewer, recognition=rec, reason="Klacht")
    services.recognition_withdraw(actor=world.reviewer, recognition=rec, reason="Geen mentor")
    rec.refresh_from_db()
    assert rec.status == m.RecognitionStatus.WITHDRAWN and rec.reason == "Geen mentor"
    assert AuditEntry.objects.filter(verb="recognition.withdraw").exists()
    assert Notification.objects.filter(recipient=world.company_user).count() == 2
    with pytest.raises(NotAllowed):
        services.recognition_suspend(actor=world.company_user, recognition=rec, reason="x")


def test_renewal_is_a_new_request_before_expiry(world: World) -> None:
    today = date.today()
    rec = f.RecognisedFactory(
        company=world.company,
        site=world.site,
        programme=world.programme,
        partnership=world.partnership,
        valid_until=today + timedelta(days=900),
    )
    rec.mentors.add(world.mentor)
    with pytest.raises(ServiceError) as exc:
        services.recognition_renewal_request(actor=world.company_user, recognition=rec)
    assert exc.value.code == "renewal_too_early"
    rec.valid_until = today + timedelta(days=60)
    rec.save()
    with pytest.raises(NotAllowed):
        services.recognition_renewal_request(actor=world.reviewer, recognition=rec)
    renewal = services.recognition_renewal_request(actor=world.company_user, recognition=rec)
    assert renewal.renews == rec and renewal.status == m.RecognitionStatus.DRAFT
    assert renewal.conditions.count() == len(ALL_KINDS)
    assert list(renewal.mentors.all()) == [world.mentor]
    with pytest.raises(ServiceError) as exc:
        services.recognition_renewal_request(actor=world.company_user, recognition=rec)
    assert exc.value.code == "duplicate"
    services.recognition_submit(actor=world.company_user, recognition=renewal)
    f.conditions_met(renewal)
    services.recognition_decide(actor=world.reviewer, recognition=renewal, approve=True)
    renewal.refresh_from_db()
    assert renewal.valid_from == rec.valid_until + timedelta(days=1)
    rec.refresh_from_db()
    assert rec.is_recognised() and renewal.is_recognised()


def test_expired_recognition_cannot_be_renewed(world: World) -> None:
    rec = f.RecognisedFactory(
        company=world.company,
        site=world.site,
        valid_from=date.today() - timedelta(days=2000),
        valid_until=date.today() - timedelta(days=1),
    )
    with pytest.raises(ServiceError) as exc:
        services.recognition_renewal_request(actor=world.company_user, recognition=rec)
    assert exc.value.code == "not_renewable"
    assert not m.Recognition.objects.filter(renews=rec).exists()


# ---------------------------------------------------------------- pages


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_pages_company_fills_in_reviewer_judges_and_visits(world: World) -> None:
    rec = _apply(world)
    url = f"/werkplekleren/erkenningen/{rec.pk}/voorwaarden/"
    company = _client(world.company_user)
    page = company.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Risicoanalyse" in body and "oordeel/" not in body
    posted = company.post(url + "insurance/bewijs/", {"insurance-evidence": "Polis bij AG"})
    assert posted.status_code == 302
    empty = company.post(url + "no_convictions/bewijs/", {"no_convictions-evidence": ""})
    assert empty.status_code == 400 and "errorlist" in empty.content.decode()
    reviewer = _client(world.reviewer)
    refused = reviewer.post(
        url + "risk_analysis/oordeel/", {"risk_analysis-verdict": "met", "risk_analysis-note": ""}
    )
    assert refused.status_code == 400
    assert rec.conditions.get(kind="risk_analysis").verdict == "pending"
    ok = reviewer.post(url + "insurance/oordeel/", {"insurance-verdict": "met"})
    assert ok.status_code == 302
    assert rec.conditions.get(kind="insurance").verdict == "met"
    far = (date.today() + timedelta(days=3650)).isoformat()
    bad_visit = reviewer.post(
        f"/werkplekleren/erkenningen/{rec.pk}/plaatsbezoek/",
        {"on": far, "visitor_name": "An", "findings": ""},
    )
    assert bad_visit.status_code == 400 and not m.SiteVisit.objects.exists()
    visit = reviewer.post(
        f"/werkplekleren/erkenningen/{rec.pk}/plaatsbezoek/",
        {"on": date.today().isoformat(), "visitor_name": "An", "findings": "In orde"},
    )
    assert visit.status_code == 302 and m.SiteVisit.objects.count() == 1
    # the company posting a verdict is refused and changes nothing
    assert company.post(url + "no_convictions/oordeel/", {"no_convictions-verdict": "met"})
    assert rec.conditions.get(kind="no_convictions").verdict == "pending"


def test_pages_outsiders_see_no_checklist(world: World) -> None:
    rec = f.RecognisedFactory(company=world.company, site=world.site, partnership=world.partnership)
    f.conditions_met(rec)
    url = f"/werkplekleren/erkenningen/{rec.pk}/voorwaarden/"
    for user in (
        user_with_role("company_contact", f.CompanyFactory()),
        user_with_role("guide", f.SchoolFactory()),
        user_with_role("reviewer", f.PartnershipFactory(sectors=[])),
    ):
        response = _client(user).get(url)
        assert response.status_code in (403, 404)
        assert b"Bewijs" not in response.content
    assert Client().get(url).status_code == 302  # anonymous: to the sign-in page


def test_page_company_requests_renewal(world: World) -> None:
    rec = f.RecognisedFactory(
        company=world.company,
        site=world.site,
        programme=world.programme,
        valid_until=date.today() + timedelta(days=30),
    )
    company = _client(world.company_user)
    assert (
        "Verlenging aanvragen"
        in company.get(f"/werkplekleren/erkenningen/{rec.pk}/").content.decode()
    )
    response = company.post(f"/werkplekleren/erkenningen/{rec.pk}/verlenging/", {})
    renewal = m.Recognition.objects.get(renews=rec)
    assert response.status_code == 302 and response["Location"].endswith(
        f"/erkenningen/{renewal.pk}/voorwaarden/"
    )


# ---------------------------------------------------------------- API


def _api(user: object) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_evidence_verdict_visit_and_renewal(world: World) -> None:
    rec = _apply(world)
    company, reviewer = _api(world.company_user), _api(world.reviewer)
    missing = company.post(
        API + "recognition-conditions/evidence/",
        {"recognition": rec.pk, "kind": "insurance", "evidence": ""},
        format="json",
    )
    assert missing.status_code == 400 and missing.json()["code"] == "evidence_required"
    ok = company.post(
        API + "recognition-conditions/evidence/",
        {"recognition": rec.pk, "kind": "insurance", "evidence": "Polis"},
        format="json",
    )
    assert ok.status_code == 200, ok.content
    condition_id = ok.json()["id"]
    no_evidence = rec.conditions.get(kind="risk_analysis").pk
    refused = reviewer.post(
        API + f"recognition-conditions/{no_evidence}/verdict/", {"verdict": "met"}, format="json"
    )
    assert refused.status_code == 400 and refused.json()["code"] == "evidence_missing"
    assert refused.json()["detail_nl"] and refused.json()["detail_en"]
    judged = reviewer.post(
        API + f"recognition-conditions/{condition_id}/verdict/", {"verdict": "met"}, format="json"
    )
    assert judged.status_code == 200 and judged.json()["verdict"] == "met"
    assert (
        company.post(
            API + f"recognition-conditions/{condition_id}/verdict/",
            {"verdict": "met"},
            format="json",
        ).status_code
        == 403
    )
    listed = company.get(API + f"recognition-conditions/?recognition={rec.pk}")
    assert listed.status_code == 200 and listed.json()["count"] == len(ALL_KINDS)
    far = reviewer.post(
        API + "site-visits/",
        {"recognition": rec.pk, "on": "2099-01-01", "visitor_name": "An"},
        format="json",
    )
    assert far.status_code == 400 and far.json()["field"] == "on"
    visit = reviewer.post(
        API + "site-visits/",
        {"recognition": rec.pk, "on": date.today().isoformat(), "visitor_name": "An"},
        format="json",
    )
    assert visit.status_code == 201
    assert company.get(API + "site-visits/").json()["count"] == 1
    approved = f.RecognisedFactory(
        company=world.company, site=f.rf.SiteFactory(organisation=world.company)
    )
    approved.valid_until = date.today() + timedelta(days=10)
    approved.save()
    renewal = company.post(API + f"recognitions/{approved.pk}/renewal/", {}, format="json")
    assert renewal.status_code == 201 and renewal.json()["renews"] == approved.pk


def test_api_outsiders_get_no_conditions_or_visits(world: World) -> None:
    rec = _apply(world)
    m.SiteVisit.objects.create(recognition=rec, on=date.today(), visitor_name="An")
    condition = rec.conditions.first()
    assert condition is not None
    for user in (
        user_with_role("company_contact", f.CompanyFactory()),
        user_with_role("guide", f.SchoolFactory()),
        user_with_role("learner", f.SchoolFactory()),
    ):
        client = _api(user)
        conditions = client.get(API + "recognition-conditions/")
        assert conditions.status_code == 403 or conditions.json()["count"] == 0
        visits = client.get(API + "site-visits/")
        assert visits.status_code == 403 or visits.json()["count"] == 0
        assert client.get(API + f"recognition-conditions/{condition.pk}/").status_code in (
            403,
            404,
        )
        assert client.post(
            API + "recognition-conditions/evidence/",
            {"recognition": rec.pk, "kind": "insurance", "evidence": "x"},
            format="json",
        ).status_code in (403, 404)
    assert not rec.conditions.exclude(evidence="").exists()


def test_api_condition_and_visit_lists_query_count_is_flat(world: World) -> None:
    client = _api(world.reviewer)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    def add_recognition() -> None:
        rec = f.RecognitionFactory(
            company=world.company,
            site=f.rf.SiteFactory(organisation=world.company),
            partnership=world.partnership,
            status=m.RecognitionStatus.SUBMITTED,
        )
        f.conditions_met(rec)
        m.SiteVisit.objects.create(recognition=rec, on=date.today(), visitor_name="An")

    add_recognition()
    urls = (API + "recognition-conditions/", API + "site-visits/")
    count(urls[0])  # warm-up: the first request also loads the user's roles
    few = tuple(count(u) for u in urls)
    assert max(few) <= 8
    for _ in range(6):
        add_recognition()
    assert tuple(count(u) for u in urls) == few
