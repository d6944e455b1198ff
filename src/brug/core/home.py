"""The home page shows each person the work of their roles: apps contribute panels."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from brug.core import policy


@dataclass(frozen=True)
class HomePanel:
    key: str
    template: str
    roles: frozenset[str]
    # Returns the panel's context, or None to hide the panel.
    context: Callable[[HttpRequest], dict[str, Any] | None]
    order: int = 100


_PANELS: dict[str, HomePanel] = {}


def home_panel_register(panel: HomePanel) -> None:
    _PANELS[panel.key] = panel


def panels_for(request: HttpRequest) -> list[dict[str, Any]]:
    roles = policy.roles_of(request.user)
    shown = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.key)):
        if not (panel.roles & roles):
            continue
        context = panel.context(request)
        if context is not None:
            shown.append({"template": panel.template, "context": context, "key": panel.key})
    return shown
