"""Distances and places for distance search (workplaces within 5/10/20/50 km, offers near a school).

Coordinates are WGS 84. `bounding_box` gives a cheap pre-filter that can use the
(latitude, longitude) index; `haversine_km` then gives the exact great-circle distance.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from typing import Any, NamedTuple, TypeVar

from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy

EARTH_RADIUS_KM = 6371.0088
T = TypeVar("T")


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = math.radians(lat2 - lat1)
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) of a box that contains every point within `km`."""
    dlat = math.degrees(km / EARTH_RADIUS_KM)
    # Widen by the cosine of the latitude nearest a pole, so the box never cuts off the circle.
    far_lat = min(89.9, abs(lat) + dlat)
    dlon = math.degrees(km / (EARTH_RADIUS_KM * math.cos(math.radians(far_lat))))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def within_km(
    queryset: Any,
    lat: float,
    lon: float,
    km: float,
    *,
    lat_field: str = "latitude",
    lon_field: str = "longitude",
) -> list[tuple[Any, float]]:
    """Rows of `queryset` within `km` of a point, nearest first, as (row, distance in km)."""
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, km)
    boxed = queryset.filter(
        **{
            f"{lat_field}__gte": min_lat,
            f"{lat_field}__lte": max_lat,
            f"{lon_field}__gte": min_lon,
            f"{lon_field}__lte": max_lon,
        }
    )
    return nearest(boxed, lat, lon, km, lat_field=lat_field, lon_field=lon_field)


def nearest(
    rows: Iterable[T],
    lat: float,
    lon: float,
    km: float,
    *,
    lat_field: str = "latitude",
    lon_field: str = "longitude",
) -> list[tuple[T, float]]:
    found = []
    for row in rows:
        rlat, rlon = _get(row, lat_field), _get(row, lon_field)
        if rlat is None or rlon is None:
            continue
        d = haversine_km(lat, lon, rlat, rlon)
        if d <= km:
            found.append((row, d))
    found.sort(key=lambda pair: pair[1])
    return found


def _get(row: Any, path: str) -> Any:
    for part in path.split("__"):
        row = getattr(row, part, None)
        if row is None:
            return None
    return row


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.lower().replace("-", " ").split())


class Place(NamedTuple):
    latitude: float
    longitude: float
    label: str


def resolve_place(text: str) -> Place | None:
    """A postcode ("9000") or municipality name ("Gent") → (lat, lon, label), or None.

    Unknown postcodes raise ServiceError. A place whose municipality has no coordinates gives
    None (callers then skip distance filtering rather than guess).
    """
    from brug.registry.models import Municipality, PostalCode

    query = text.strip()
    if not query:
        return None
    if re.fullmatch(r"\d{4}", query):
        codes = list(
            PostalCode.objects.filter(code=query).select_related("municipality").order_by("pk")
        )
        if not codes:
            raise ServiceError(
                gettext_lazy("Postcode {code} does not exist in Flanders or Brussels.", code=query),
                code="unknown_postcode",
                field="place",
            )
        # A postcode shared by several municipalities (1040, 1050, 1804): the first with coordinates.
        for pc in codes:
            mun = pc.municipality
            if mun.latitude is not None and mun.longitude is not None:
                return Place(mun.latitude, mun.longitude, f"{pc.code} {mun.name_nl}")
        return None
    wanted = _fold(query)
    candidates = list(Municipality.objects.only("name_nl", "name_fr", "latitude", "longitude"))
    exact = [m for m in candidates if wanted in {_fold(m.name_nl), _fold(m.name_fr)}]
    prefix = [m for m in candidates if _fold(m.name_nl).startswith(wanted)]
    for mun in exact or sorted(prefix, key=lambda m: len(m.name_nl)):
        if mun.latitude is not None and mun.longitude is not None:
            return Place(mun.latitude, mun.longitude, mun.name_nl)
    return None
