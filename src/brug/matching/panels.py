"""The learner's home panel: rounds to rank in and published results."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from brug.core.home import HomePanel
from brug.core.i18n import gettext_lazy
from brug.core.navigation import NavEntry
from brug.matching import selectors
from brug.matching.models import RoundStatus


def learner_panel(request: HttpRequest) -> dict[str, Any] | None:
    rounds = list(
        selectors.rounds_visible_to(request.user).filter(
            status__in=[RoundStatus.OPEN, RoundStatus.PUBLISHED]
        )[:10]
    )
    return {"rounds": rounds} if rounds else None


NAVIGATION = [
    NavEntry(
        url_name="matching:round_list",
        label=gettext_lazy("Matching rounds"),
        resource="matching.matchinground",
        order=40,
    )
]
HOME_PANELS = [
    HomePanel(
        key="matching.learner",
        template="matching/panels/learner.html",
        roles=frozenset({"learner"}),
        context=learner_panel,
        order=40,
    )
]
