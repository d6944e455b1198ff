"""In a browser: the search results' map is drawn with the vendored Leaflet and the shipped
boundaries (nothing from another host), passes axe, and the open figures' province map too."""

from __future__ import annotations

from typing import Any

import pytest

from brug.core.testing.browser import assert_accessible, csp_violations
from brug.registry.models import Site
from brug.workplace.tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_map_and_open_figures_map_pass_axe(browser_page: Any, live_server: Any) -> None:
    for lat, lon in ((51.05, 3.72), (51.22, 4.40)):
        opening = f.OpeningFactory()
        Site.objects.filter(pk=opening.site_id).update(latitude=lat, longitude=lon)
    page = browser_page
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto("/werkplekleren/zoeken/?kind=")
    page.wait_for_selector(".point-map-leaflet .leaflet-interactive")
    assert page.locator(".point-map-leaflet path.leaflet-interactive").count() >= 2 + 6
    assert page.locator(".point-map-canvas > svg[hidden]").count() == 1  # the SVG gave way
    assert_accessible(page)
    assert all(url.startswith(live_server.url) for url in requests), requests
    page.goto("/cijfers/")
    assert page.locator("figure.chart-map svg.chart-svg").count() == 1
    assert_accessible(page)
    assert not csp_violations(page)
