"""The main menu: each app contributes entries; an entry shows only when the matrix allows it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from brug.core import policy
from brug.core.i18n import Message


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: Message
    resource: str
    action: str = "view"
    order: int = 100
    # Optional extra test, e.g. "only for members of a school".
    extra: Callable[[HttpRequest], bool] | None = None


_ENTRIES: list[NavEntry] = []


def nav_register(entry: NavEntry) -> None:
    if entry not in _ENTRIES:
        _ENTRIES.append(entry)


def navigation_for(request: HttpRequest) -> list[dict[str, object]]:
    items = []
    user = getattr(request, "user", None)
    for entry in sorted(_ENTRIES, key=lambda e: (e.order, e.url_name)):
        if not policy.can_any(user, entry.action, entry.resource):
            continue
        if entry.extra is not None and not entry.extra(request):  # noqa: S610 (not QuerySet.extra)
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        items.append(
            {"url": url, "label": str(entry.label), "active": request.path.startswith(url)}
        )
    return items
