"""Links from an object's page to the pages of what points at it, across apps.

An app that links to another app's objects (the partnership register links InnoVET offers and
materials) registers a `BacklinkSource` for that model from its `AppConfig.ready`; the linked
app's page asks `backlinks_for(user, obj)` and shows the links without importing the linking
app (core's layer rule). Each source answers through the policy with one query."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model

from brug.core.i18n import Message
from brug.core.users import RequestUser


@dataclass(frozen=True)
class Backlink:
    title: str
    url: str


@dataclass(frozen=True)
class BacklinkSource:
    key: str
    model: str  # the label of the linked model, e.g. "innovet.offer"
    heading: Message  # the section's heading on the linked object's page
    links: Callable[[RequestUser, Model], list[Backlink]]


@dataclass(frozen=True)
class BacklinkGroup:
    heading: str
    links: list[Backlink]


_SOURCES: dict[str, BacklinkSource] = {}


def backlink_register(source: BacklinkSource) -> None:
    _SOURCES[source.key] = source


def backlinks_for(user: RequestUser, obj: Model) -> list[BacklinkGroup]:
    """The groups of links to `obj` the reader may follow (empty groups left out)."""
    label = obj._meta.label_lower
    groups = []
    for source in sorted(_SOURCES.values(), key=lambda s: s.key):
        if source.model != label:
            continue
        links = source.links(user, obj)
        if links:
            groups.append(BacklinkGroup(heading=str(source.heading), links=links))
    return groups
