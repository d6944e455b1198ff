"""The InnoVET POST handlers that go through `core.forms.form_service_post`: a refusal by the
service stays on the page with the form and its error, success says so and goes on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from brug.accounts.tests.factories import user_with_role
from brug.innovet.models import Offer, OfferKind, OfferStatus, OpportunitySignal, Session
from brug.innovet.tests import factories as f
from brug.registry.tests import factories as rf

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(m) for m in response.context["messages"]]


def _provider_client() -> tuple[Client, Offer]:
    company = rf.OrganisationFactory(kind="company")
    site = rf.SiteFactory(organisation=company)
    client = Client()
    client.force_login(user_with_role("company_contact", organisation=company))
    form = {
        "kind": OfferKind.TEACHER_PLACEMENT,
        "title": "Stage in de werkplaats",
        "cost_eur": "0",
        "language": "nl",
        "site": site.pk,
        "qualifications": [rf.QualificationFactory().pk],
    }
    created = client.post("/innovet/aanbod/nieuw/", form, follow=True)
    offer = Offer.objects.get()
    assert created.redirect_chain == [(f"/innovet/aanbod/{offer.pk}/", 302)]
    assert _messages(created) == ["Aanbod opgeslagen."]
    assert offer.status == OfferStatus.DRAFT
    return client, offer


def test_offer_edit_updates_publishes_and_goes_to_the_offer() -> None:
    client, offer = _provider_client()
    form = client.get(f"/innovet/aanbod/{offer.pk}/bewerken/").context["form"]
    data = {
        "kind": offer.kind,
        "title": "Stage in de lasafdeling",
        "cost_eur": "0",
        "language": "nl",
        "site": offer.site_id,
        "qualifications": [q.pk for q in form.initial["qualifications"]],
        "publish": "on",
    }
    edited = client.post(f"/innovet/aanbod/{offer.pk}/bewerken/", data, follow=True)
    offer.refresh_from_db()
    assert edited.redirect_chain == [(f"/innovet/aanbod/{offer.pk}/", 302)]
    assert _messages(edited) == ["Aanbod bijgewerkt."]
    assert offer.title == "Stage in de lasafdeling" and offer.status == OfferStatus.PUBLISHED


def test_session_add_shows_the_refusal_on_the_form_and_adds_a_valid_session() -> None:
    client, offer = _provider_client()
    start = timezone.localtime() + timedelta(days=7)
    data = {
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "capacity": "12",
    }
    past = start - timedelta(days=14)
    refused = client.post(
        f"/innovet/aanbod/{offer.pk}/sessies/nieuw/",
        {**data, "starts_at": past.strftime("%Y-%m-%dT%H:%M")},
    )
    assert refused.status_code == 400 and not Session.objects.exists()
    assert refused.context["session_form"].errors["starts_at"]
    assert refused.context["form"] is None
    added = client.post(f"/innovet/aanbod/{offer.pk}/sessies/nieuw/", data, follow=True)
    assert added.redirect_chain == [(f"/innovet/aanbod/{offer.pk}/", 302)]
    assert _messages(added) == ["Sessie toegevoegd."]
    assert Session.objects.get().capacity == 12


def test_broker_signal_refused_without_recipients_and_sent_with_one() -> None:
    rtc_user = user_with_role("rtc_staff")
    school = f.school(f.province())
    client = Client()
    client.force_login(rtc_user)
    recipients = client.get("/innovet/rtc/").context["form"].fields["recipients"].queryset
    assert school in recipients
    data = {"subject": "Waterstof", "message": "Vraag naar opleiding", "recipients": []}
    refused = client.post("/innovet/rtc/", data)
    assert refused.status_code == 200 and refused.context["form"].errors["recipients"]
    assert not OpportunitySignal.objects.exists()
    sent = client.post("/innovet/rtc/", {**data, "recipients": [school.pk]}, follow=True)
    assert sent.redirect_chain == [("/innovet/rtc/", 302)]
    assert _messages(sent) == ["Signaal verstuurd."]
    assert OpportunitySignal.objects.count() == 1
