"""Distances for the workplace search.

A private fallback for `brug.registry.geo` (haversine_km, bounding_box, resolve_place), which
another engineer is writing; switch the imports there once it exists.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from brug.registry.models import Municipality, PostalCode

EARTH_RADIUS_KM = 6371.0
KM_PER_DEGREE_LAT = 111.2


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def bounding_box(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) containing every point within `km` of (lat, lon)."""
    dlat = km / KM_PER_DEGREE_LAT
    dlon = km / (KM_PER_DEGREE_LAT * max(math.cos(math.radians(abs(lat) + dlat)), 0.01))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


@dataclass(frozen=True)
class Place:
    label: str
    latitude: float
    longitude: float
    municipality_id: int | None = None


def resolve_place(text: str) -> Place | None:
    """A postcode ("9000") or municipality name ("Gent") to a point."""
    text = (text or "").strip()
    if not text:
        return None
    if text.isdigit():
        postcode = (
            PostalCode.objects.filter(code=text, municipality__latitude__isnull=False)
            .select_related("municipality")
            .first()
        )
        if postcode is None:
            return None
        mun = postcode.municipality
    else:
        found = (
            Municipality.objects.filter(name_nl__iexact=text, latitude__isnull=False).first()
            or Municipality.objects.filter(
                postal_codes__locality__iexact=text, latitude__isnull=False
            ).first()
        )
        if found is None:
            return None
        mun = found
    assert mun.latitude is not None and mun.longitude is not None
    return Place(mun.name_nl, mun.latitude, mun.longitude, mun.pk)
