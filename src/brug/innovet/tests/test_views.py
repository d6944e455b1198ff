"""Pages and API endpoints: they work for the right people and refuse outsiders (deny by default)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from brug.accounts.tests.factories import user_with_role
from brug.core.metrics import MetricScope, metric_get
from brug.innovet import services
from brug.innovet.models import FailedSearch, OfferKind, Registration
from brug.innovet.tests import factories as f

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_search_page_for_the_public_with_htmx_partial() -> None:
    f.OfferFactory(title="Lassen voor gevorderden")
    f.OfferFactory(title="Verborgen ontwerp", status="draft")
    page = _client().get("/innovet/", {"q": "lassen"})
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("<h1") == 1 and "Lassen voor gevorderden" in html
    assert "Verborgen ontwerp" not in html
    partial = _client().get("/innovet/", {"q": "lassen"}, headers={"HX-Request": "true"})
    assert partial.status_code == 200 and "<h1" not in partial.content.decode()
    assert 'id="offer-search"' in partial.content.decode()


def test_draft_offer_page_is_hidden_from_the_public_and_other_providers() -> None:
    draft = f.OfferFactory(status="draft")
    assert _client().get(f"/innovet/aanbod/{draft.pk}/").status_code == 404
    assert (
        _client(user_with_role("company_contact")).get(f"/innovet/aanbod/{draft.pk}/").status_code
        == 404
    )
    owner = user_with_role("company_contact", organisation=draft.provider)
    assert _client(owner).get(f"/innovet/aanbod/{draft.pk}/").status_code == 200


def test_teacher_registers_on_the_page_and_a_full_session_says_waiting_list() -> None:
    session = f.SessionFactory(capacity=1)
    first, second = f.teacher_at(f.school()), f.teacher_at(f.school())
    _client(first).post(f"/innovet/sessies/{session.pk}/inschrijven/")
    page = _client(second).post(f"/innovet/sessies/{session.pk}/inschrijven/", follow=True)
    assert "wachtlijst" in page.content.decode()
    assert Registration.objects.get(teacher=second).status == "waiting"
    mine = _client(second).get("/innovet/inschrijvingen/")
    assert mine.status_code == 200 and session.offer.title in mine.content.decode()


@pytest.mark.parametrize(
    ("path", "role"),
    [
        ("/innovet/mijn-aanbod/", "teacher"),
        ("/innovet/aanbod/nieuw/", "teacher"),
        ("/innovet/plan/", "company_contact"),
        ("/innovet/rtc/", "guide"),
        ("/innovet/inschrijvingen/", "learner"),
        ("/innovet/gastlessen/", "learner"),
        ("/innovet/materiaal/nieuw/", "learner"),
    ],
)
def test_pages_refuse_outsider_roles(path: str, role: str) -> None:
    assert _client(user_with_role(role)).get(path).status_code == 403
    assert _client().get(path).status_code == 302  # anonymous: log in first


def test_provider_registrations_of_another_provider_are_refused() -> None:
    registration = f.RegistrationFactory()
    offer = registration.session.offer
    outsider = user_with_role("company_contact")
    assert _client(outsider).get(f"/innovet/aanbod/{offer.pk}/inschrijvingen/").status_code == 403
    owner = user_with_role("company_contact", organisation=offer.provider)
    page = _client(owner).get(f"/innovet/aanbod/{offer.pk}/inschrijvingen/")
    assert page.status_code == 200 and str(registration.teacher) in page.content.decode()


def test_plan_shows_budget_against_70_to_100_per_teacher() -> None:
    school = f.school()
    guide = user_with_role("guide", organisation=school)
    teacher = f.teacher_at(school)
    f.teacher_at(school)
    session = f.SessionFactory(offer=f.OfferFactory(cost_eur=90))
    services.registration_create(actor=teacher, session=session)
    page = _client(guide).get("/innovet/plan/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "€ 90,00" in html and "€ 140 – € 200" in html


def test_broker_view_shows_demand_in_the_region_only() -> None:
    rtc_user = user_with_role("rtc_staff")
    province = f.province()
    FailedSearch.objects.create(province=province, query="waterstof")
    FailedSearch.objects.create(province=f.other_province(), query="elders")
    f.school(province)
    page = _client(rtc_user).get("/innovet/rtc/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "waterstof" in html and "elders" not in html


def test_material_upload_page_refuses_a_wrong_type_with_a_linked_message() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    teacher = f.teacher_at(f.school())
    page = _client(teacher).post(
        "/innovet/materiaal/nieuw/",
        {"title": "Les", "licence": "cc_by", "upload": SimpleUploadedFile("x.exe", b"MZ")},
    )
    html = page.content.decode()
    assert page.status_code == 400
    assert 'id="id_upload_error"' in html
    assert 'aria-describedby="id_upload_helptext id_upload_error"' in html


def test_api_search_registrations_and_deny_by_default() -> None:
    session = f.SessionFactory(offer=f.OfferFactory(title="Cobots in de klas"))
    f.OfferFactory(title="Ontwerp", status="draft")
    data = _client().get("/api/innovet/offers/search/", {"q": "cobots"}).json()
    assert data["total"] == 1 and data["results"][0]["title"] == "Cobots in de klas"
    assert "kind" in data["facets"]
    assert len(_client().get("/api/innovet/offers/").json()["results"]) == 1
    teacher = f.teacher_at(f.school())
    created = _client(teacher).post(
        "/api/innovet/registrations/", {"session": session.pk}, content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["status"] == "registered"
    again = _client(teacher).post(
        "/api/innovet/registrations/", {"session": session.pk}, content_type="application/json"
    )
    assert again.status_code == 400 and again.json()["code"] == "duplicate"
    # Outsiders see no registrations and cannot create offers.
    assert _client().get("/api/innovet/registrations/").status_code in (401, 403)
    assert _client(user_with_role("learner")).get("/api/innovet/registrations/").status_code == 403
    other = _client(f.teacher_at(f.school())).get("/api/innovet/registrations/").json()
    assert other["results"] == [] if isinstance(other, dict) else other == []
    refused = _client(teacher).post(
        "/api/innovet/offers/", {"kind": "event", "title": "X"}, content_type="application/json"
    )
    assert refused.status_code == 403


def test_metrics_count_what_happened() -> None:
    company = f.OrganisationFactory(kind="company")
    expert = user_with_role("company_contact", organisation=company)
    offer = f.OfferFactory(provider=company, kind=OfferKind.TEACHER_PLACEMENT)
    session = f.SessionFactory(offer=offer)
    registration = services.registration_create(actor=f.teacher_at(f.school()), session=session)
    from brug.innovet.models import Session

    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now()
    )
    services.registration_attendance_record(actor=expert, registration=registration, attended=True)
    guest = f.OfferFactory(provider=company, kind=OfferKind.GUEST_TEACHER)
    school = f.school()
    request = services.guest_request_create(
        actor=user_with_role("guide", organisation=school), school=school, topic="AI", offer=guest
    )
    services.guest_request_agree(
        actor=expert, request=request, lesson_date=timezone.localdate() + timedelta(days=2)
    )
    today = timezone.localdate()
    scope = MetricScope(start=today - timedelta(days=1), end=today + timedelta(days=1))
    sectors = tuple(company.sectors.values_list("pk", flat=True))
    assert metric_get("innovet.offers_published").compute(scope) == 2
    assert metric_get("innovet.registrations").compute(scope) == 1
    assert metric_get("innovet.attendance").compute(scope) == 1
    assert metric_get("innovet.teacher_placements").compute(scope) == 1
    assert metric_get("innovet.guest_teacher_matches").compute(scope) == 1
    in_sector = MetricScope(start=scope.start, end=scope.end, sector_ids=sectors)
    assert metric_get("innovet.guest_teacher_matches").compute(in_sector) == 1
    elsewhere = MetricScope(start=date(2000, 1, 1), end=date(2000, 12, 31))
    assert metric_get("innovet.attendance").compute(elsewhere) == 0


def test_offer_form_of_a_provider_without_sites_offers_no_empty_site_list() -> None:
    from brug.registry.tests import factories as rf

    company = rf.OrganisationFactory(kind="company")
    client = _client(user_with_role("company_contact", organisation=company))
    html = client.get("/innovet/aanbod/nieuw/").content.decode()
    assert 'name="title"' in html and 'name="site"' not in html
    rf.SiteFactory(organisation=company)
    assert 'name="site"' in client.get("/innovet/aanbod/nieuw/").content.decode()


def test_offer_form_places_the_offer_at_one_of_the_providers_own_sites() -> None:
    from brug.innovet.models import Offer
    from brug.registry.tests import factories as rf

    company = rf.OrganisationFactory(kind="company")
    own = rf.SiteFactory(organisation=company)
    other = rf.SiteFactory()
    qualification = rf.QualificationFactory()
    client = _client(user_with_role("company_contact", organisation=company))
    html = client.get("/innovet/aanbod/nieuw/").content.decode()
    picker = re.search(r'<select name="site".*?</select>', html, re.S)
    assert picker is not None
    assert f'value="{own.pk}"' in picker[0] and f'value="{other.pk}"' not in picker[0]
    assert f"{own.name} · {own.municipality.name_nl}" in picker[0]
    form = {
        "kind": OfferKind.TEACHER_PLACEMENT,
        "title": "Stage in de werkplaats",
        "cost_eur": "0",
        "language": "nl",
        "site": own.pk,
        "qualifications": [qualification.pk],
    }
    refused = client.post("/innovet/aanbod/nieuw/", {**form, "site": other.pk})
    assert refused.status_code == 200 and not Offer.objects.exists()  # not a choice: refused
    response = client.post("/innovet/aanbod/nieuw/", form)
    offer = Offer.objects.get()
    assert response.status_code == 302
    assert offer.site == own and list(offer.qualifications.all()) == [qualification]
    assert offer.province_id == own.municipality.province_id  # taken from the site
    assert offer.latitude == own.latitude  # so distance search finds it
    edit = client.get(f"/innovet/aanbod/{offer.pk}/bewerken/").content.decode()
    picker = re.search(r'<select name="site".*?</select>', edit, re.S)
    assert picker is not None and f'value="{own.pk}" selected' in picker[0]
