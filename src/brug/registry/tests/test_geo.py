"""Distance helpers used by every distance search."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brug.core.errors import ServiceError
from brug.registry import models as m
from brug.registry.geo import bounding_box, haversine_km, resolve_place, within_km
from brug.registry.tests import factories as f

lat = st.floats(min_value=49.5, max_value=51.5)
lon = st.floats(min_value=2.5, max_value=6.4)


def test_known_distance_gent_antwerpen() -> None:
    assert haversine_km(51.05, 3.71667, 51.22047, 4.40026) == pytest.approx(51.6, abs=1.0)


@given(lat, lon, lat, lon)
def test_haversine_is_a_symmetric_distance(a: float, b: float, c: float, d: float) -> None:
    assert haversine_km(a, b, c, d) == pytest.approx(haversine_km(c, d, a, b))
    assert haversine_km(a, b, a, b) == pytest.approx(0.0, abs=1e-9)


@given(lat, lon, lat, lon, st.sampled_from([5, 10, 20, 50]))
def test_bounding_box_never_cuts_off_a_point_within_range(
    a: float, b: float, c: float, d: float, km: int
) -> None:
    if haversine_km(a, b, c, d) <= km:
        min_lat, max_lat, min_lon, max_lon = bounding_box(a, b, km)
        assert min_lat <= c <= max_lat and min_lon <= d <= max_lon


@pytest.mark.django_db
def test_within_km_sorts_and_filters() -> None:
    near = f.SiteFactory(latitude=51.06, longitude=3.72)
    far = f.SiteFactory(latitude=51.22, longitude=4.40)
    f.SiteFactory(latitude=None, longitude=None)
    found = within_km(m.Site.objects.all(), 51.05, 3.71667, 10)
    assert [s for s, _ in found] == [near]
    assert [s for s, _ in within_km(m.Site.objects.all(), 51.05, 3.71667, 60)] == [near, far]


@pytest.mark.django_db
def test_resolve_place_by_postcode_and_name(reference) -> None:  # type: ignore[no-untyped-def]
    lat_, _lon, label = resolve_place("9000")
    assert label == "9000 Gent" and lat_ == pytest.approx(51.05, abs=0.05)
    assert resolve_place("gent")[2] == "Gent"
    assert resolve_place("Gand")[2] == "Gent"  # French name
    assert resolve_place("Antwerpen") is not None
    assert resolve_place("Atlantis") is None
    with pytest.raises(ServiceError) as caught:
        resolve_place("9999")
    assert caught.value.code == "unknown_postcode" and "9999" in caught.value.text.resolve("en")
