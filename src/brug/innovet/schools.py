"""Where a school is: its first site gives the province (RTC region) and the search origin."""

from __future__ import annotations

from brug.registry.models import Site


def _first_site(organisation_id: int) -> Site | None:
    return (
        Site.objects.filter(organisation_id=organisation_id)
        .select_related("municipality")
        .order_by("pk")
        .first()
    )


def school_province_id(organisation_id: int) -> int | None:
    site = _first_site(organisation_id)
    return site.municipality.province_id if site is not None else None


def school_origin(organisation_id: int) -> tuple[float, float] | None:
    site = _first_site(organisation_id)
    if site is None:
        return None
    lat = site.latitude if site.latitude is not None else site.municipality.latitude
    lon = site.longitude if site.longitude is not None else site.municipality.longitude
    return (lat, lon) if lat is not None and lon is not None else None
