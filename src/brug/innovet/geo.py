"""Distances: the registry's geography helpers, in the shape the search needs."""

from __future__ import annotations

from brug.registry.geo import bounding_box, haversine_km
from brug.registry.geo import resolve_place as _registry_resolve

__all__ = ["bounding_box", "haversine_km", "resolve_place"]


def resolve_place(text: str) -> tuple[float, float] | None:
    """A municipality name or postcode -> (latitude, longitude)."""
    found = _registry_resolve(text) if text.strip() else None
    return (found[0], found[1]) if found is not None else None
