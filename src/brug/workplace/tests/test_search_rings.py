"""The distance search reads growing rings of the bounding box (`selectors._nearest`); its
answer must be exactly the one pass over the whole radius: the `limit` nearest, ties by id."""

from __future__ import annotations

import random

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from brug.registry import geo
from brug.registry.tests import factories as rf
from brug.workplace import selectors
from brug.workplace.tests import factories as f

ORIGIN = geo.Place(51.05, 3.72, "Gent")


def _scatter(rng: random.Random, n: int, spread_deg: float) -> None:
    """n openings, each at its own recognised workplace, around ORIGIN."""
    for _ in range(n):
        site = rf.SiteFactory(
            latitude=ORIGIN.latitude + rng.uniform(-spread_deg, spread_deg),
            longitude=ORIGIN.longitude + rng.uniform(-spread_deg, spread_deg) * 1.6,
        )
        f.OpeningFactory(workplace=f.RecognisedFactory(company=site.organisation, site=site))


def _expected(radius_km: int | None, limit: int) -> list[tuple[int, float]]:
    rows = []
    for opening in selectors._matching_openings(AnonymousUser(), selectors.SearchCriteria()):
        d = geo.haversine_km(
            ORIGIN.latitude, ORIGIN.longitude, opening.site.latitude, opening.site.longitude
        )
        if radius_km is None or d <= radius_km:
            rows.append((d, opening.pk))
    rows.sort()
    return [(pk, round(d, 2)) for d, pk in rows[:limit]]


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rings_give_the_same_nearest_as_one_pass(seed: int) -> None:
    rng = random.Random(seed)
    _scatter(rng, 40, spread_deg=rng.choice((0.05, 0.3, 0.6)))
    for radius_km in (1, 5, 10, 20, 50, None):
        for limit in (1, 7, 25, 100):
            criteria = selectors.SearchCriteria(place=ORIGIN, radius_km=radius_km)
            hits = selectors.search_openings(AnonymousUser(), criteria, limit=limit)
            got = [(h.opening.pk, h.distance_km) for h in hits]
            assert got == _expected(radius_km, limit), (radius_km, limit)


@pytest.mark.django_db
def test_dense_nearby_hits_stop_at_the_first_ring() -> None:
    rng = random.Random(7)
    _scatter(rng, 12, spread_deg=0.005)  # all within ~1 km
    _scatter(rng, 5, spread_deg=0.4)
    criteria = selectors.SearchCriteria(place=ORIGIN, radius_km=50)
    with CaptureQueriesContext(connection) as small:
        hits = selectors.search_openings(AnonymousUser(), criteria, limit=10)
    assert len(hits) == 10
    assert all(h.distance_km is not None and h.distance_km <= 2 for h in hits)
    with CaptureQueriesContext(connection) as wide:
        selectors.search_openings(AnonymousUser(), criteria, limit=17)
    # one ring (ids + coordinates) and the rows, against every ring up to 50 km
    assert len(small) == 2
    assert len(wide) == 5
