"""The InnoVET search shows the offers of the page on a map: the same offers, at their stored
coordinates; an offer without coordinates is counted, not placed somewhere invented."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from brug.accounts.tests.factories import user_with_role
from brug.innovet import services
from brug.innovet.tests import factories as f
from brug.registry.tests.factories import MunicipalityFactory, SiteFactory

pytestmark = pytest.mark.django_db


def _offer_at(title: str, lat: float, lon: float) -> Any:
    offer = f.OfferFactory(title=title)
    site = SiteFactory(
        organisation=offer.provider, municipality=MunicipalityFactory(latitude=lat, longitude=lon)
    )
    owner = user_with_role("company_contact", organisation=offer.provider)
    return services.offer_update(actor=owner, offer=offer, site=site)


def test_search_page_maps_the_offers_it_lists() -> None:
    gent = _offer_at("Lassen in Gent", 51.0543, 3.7174)
    f.OfferFactory(title="Zonder plaats")
    html = Client().get(reverse("innovet:search")).content.decode()
    match = re.search(r'type="application/json">(\[.*?\])</script>', html, re.S)
    assert match is not None
    points = json.loads(match.group(1))
    assert [p["url"] for p in points] == [reverse("innovet:offer-detail", args=[gent.pk])]
    assert points[0]["lat"] == pytest.approx(51.0543)
    assert "Zonder gekende ligging, dus niet op de kaart:" in html
