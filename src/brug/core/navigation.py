"""The main menu: apps contribute entries, core groups them by what a person does.

* An entry shows only when the permission matrix allows its action (`policy.can_any`), and, in
  the menu, only for the roles it is work for (`roles`; None: everyone the matrix allows). A
  learner may read the covenant analysis, but it is not in a learner's menu.
* Entries sit in one of core's groups (`NAV_GROUPS`, by what a person does, not by app). The
  menu shows "Start" and one item per group; a group with one entry is that entry's link, a
  group with more opens as a disclosure with its entries. At most `MAX_TOP_LEVEL` items: what
  does not fit goes to "Alle onderdelen", the page listing every entry the matrix allows the
  person (`all_sections_for`; linked from every page's footer, and from the menu when the
  groups did not fit).
* One item is active at a time: the entry whose address is the longest prefix of the page's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from brug.core import policy
from brug.core.i18n import Message, gettext_lazy

MAX_TOP_LEVEL = 6  # "Start" included


@dataclass(frozen=True)
class NavGroup:
    key: str
    label: Message
    order: int


# Grouped by what a person does, not by app. Apps name a group by its key.
NAV_GROUPS: dict[str, NavGroup] = {
    g.key: g
    for g in (
        NavGroup("placements", gettext_lazy("Workplace learning"), 10),
        NavGroup("covenants", gettext_lazy("Covenants"), 20),
        NavGroup("teachers", gettext_lazy("InnoVET"), 30),
        NavGroup("figures", gettext_lazy("Figures"), 40),
        NavGroup("organisation", gettext_lazy("Organisation"), 50),
    )
}
DEFAULT_GROUP = "organisation"


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: Message
    resource: str
    action: str = "view"
    order: int = 100
    # Optional extra test, e.g. "only for members of a school".
    extra: Callable[[HttpRequest], bool] | None = None
    group: str = DEFAULT_GROUP
    # The roles this entry is work for (None: everyone the matrix allows). "public" is the
    # visitor who is not signed in. Others still find it on the "all sections" page.
    roles: frozenset[str] | None = field(default=None)


_ENTRIES: list[NavEntry] = []


def nav_register(entry: NavEntry) -> None:
    if entry.group not in NAV_GROUPS:
        raise ValueError(f"Unknown navigation group {entry.group!r} for {entry.url_name}")
    if entry not in _ENTRIES:
        _ENTRIES.append(entry)


def _allowed(request: HttpRequest) -> list[tuple[NavEntry, str]]:
    """Every entry the matrix allows this person, with its address, in menu order."""
    user = getattr(request, "user", None)
    allowed = []
    for entry in sorted(_ENTRIES, key=lambda e: (NAV_GROUPS[e.group].order, e.order, e.url_name)):
        if not policy.can_any(user, entry.action, entry.resource):
            continue
        if entry.extra is not None and not entry.extra(request):  # noqa: S610 (not QuerySet.extra)
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        allowed.append((entry, url))
    return allowed


def _active_url(path: str, urls: list[str]) -> str | None:
    """The one address the page belongs to: the longest that starts the page's path."""
    matching = [u for u in urls if u != "/" and path.startswith(u)]
    return max(matching, key=len) if matching else None


def _item(entry: NavEntry, url: str, active: str | None) -> dict[str, Any]:
    return {"url": url, "label": str(entry.label), "active": url == active}


def _grouped(entries: list[tuple[NavEntry, str]], active: str | None) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for entry, url in entries:
        group = groups.setdefault(
            entry.group,
            {"key": entry.group, "label": str(NAV_GROUPS[entry.group].label), "children": []},
        )
        group["children"].append(_item(entry, url, active))
    result = []
    for group in groups.values():
        group["active"] = any(c["active"] for c in group["children"])
        result.append(group)
    return result


def navigation_for(request: HttpRequest) -> dict[str, Any]:
    """The menu of this person: `items` (top level, each a link or a group with `children`),
    whether "Start" is active, and the link to every section when the menu left some out."""
    allowed = _allowed(request)
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    # Everyone holds "public" too; in the menu it stands for the visitor who is not signed in.
    roles = (policy.roles_of(user) - {"public"}) if signed_in else {"public"}
    in_menu = [(e, u) for e, u in allowed if e.roles is None or e.roles & roles]
    active = _active_url(request.path, [u for _, u in in_menu])
    items = []
    for group in _grouped(in_menu, active):
        if len(group["children"]) == 1:
            items.append(group["children"][0])
        else:
            items.append(group)
    # "Start" is one item; when the groups do not fit, the last place goes to "all sections"
    # (which the footer links to on every page anyway).
    room = MAX_TOP_LEVEL - 1
    overflow = len(items) > room
    if overflow:
        items = items[: room - 1]
    all_sections = reverse("all-sections")
    return {
        "items": items,
        "home_active": request.path == "/",
        "all_sections": all_sections if overflow else None,
        "all_sections_active": request.path == all_sections,
    }


def all_sections_for(request: HttpRequest) -> list[dict[str, Any]]:
    """Every entry the matrix allows this person, grouped: the "all sections" page."""
    return _grouped(_allowed(request), None)
