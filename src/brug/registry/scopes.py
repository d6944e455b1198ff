"""What an actor's organisation covers: its sectors, its provinces, its network.

Relations in every app's permissions build on these, so "a consultant's sector" or "an RTC's
province" mean the same thing everywhere.
"""

from __future__ import annotations

from brug.core.policy import HeldRole
from brug.registry.models import Organisation, Province


def sector_ids(actor: HeldRole) -> list[int]:
    if actor.organisation_id is None:
        return []
    return list(
        Organisation.sectors.through.objects.filter(
            organisation_id=actor.organisation_id
        ).values_list("sector_id", flat=True)
    )


def province_ids(actor: HeldRole) -> list[int]:
    """The provinces of an RTC's region (Vlaams-Brabant's RTC also covers Brussels)."""
    if actor.organisation_id is None:
        return []
    return list(
        Province.objects.filter(rtc_regions__organisations__pk=actor.organisation_id).values_list(
            "pk", flat=True
        )
    )


def network_id(actor: HeldRole) -> int | None:
    if actor.organisation_id is None:
        return None
    return (
        Organisation.objects.filter(pk=actor.organisation_id)
        .values_list("network_id", flat=True)
        .first()
    )
