"""The learner's home panel: rounds to rank in and published results."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from brug.matching import selectors
from brug.matching.models import RoundStatus


def learner_panel(request: HttpRequest) -> dict[str, Any] | None:
    rounds = list(
        selectors.rounds_visible_to(request.user).filter(
            status__in=[RoundStatus.OPEN, RoundStatus.PUBLISHED]
        )[:10]
    )
    return {"rounds": rounds} if rounds else None
