"""Distances. Uses brug.registry.geo when it exists; a small private fallback until then."""

from __future__ import annotations

import math
from typing import Any

try:  # pragma: no cover - depends on the registry engineer's module
    from brug.registry.geo import haversine_km as _registry_haversine
except ImportError:  # pragma: no cover
    _registry_haversine = None

EARTH_RADIUS_KM = 6371.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    if _registry_haversine is not None:
        return float(_registry_haversine(lat1, lon1, lat2, lon2))
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def bounding_box(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) around a point; a cheap index-friendly prefilter."""
    dlat = km / 111.2
    dlon = km / (111.2 * max(math.cos(math.radians(lat)), 0.01))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def resolve_place(text: str) -> tuple[float, float] | None:
    """A municipality name or postcode -> coordinates."""
    try:
        from brug.registry.geo import resolve_place as registry_resolve
    except ImportError:
        registry_resolve = None
    if registry_resolve is not None:
        found: Any = registry_resolve(text)
        if found is None:
            return None
        if isinstance(found, tuple):
            return float(found[0]), float(found[1])
        lat, lon = getattr(found, "latitude", None), getattr(found, "longitude", None)
        return (float(lat), float(lon)) if lat is not None and lon is not None else None
    from brug.registry.models import Municipality

    text = text.strip()
    if not text:
        return None
    qs = Municipality.objects.filter(latitude__isnull=False)
    municipality = (
        qs.filter(postal_codes__code=text).first()
        if text.isdigit()
        else qs.filter(name_nl__iexact=text).first()
    )
    if municipality is None or municipality.longitude is None or municipality.latitude is None:
        return None
    return municipality.latitude, municipality.longitude
