"""Saved searches and their alerts: apps register kinds of search, core keeps and runs them.

A kind (`SearchKind`) is registered by the app that owns what is searched (workplace openings,
InnoVET offers, recognition requests) through its `alerts` module (`SEARCH_KINDS`, handed over
by `registration.BrugAppConfig`). Core never imports a domain app: it stores the criteria as the
kind cleaned them and asks the kind what is new.

Alerts run two ways, both through `saved_searches_alert`:
* when something is published, the publishing service asks for the searches of that kind to be
  checked against the new objects (`ids=`), so the owner hears at once;
* `brug saved_searches_run` (in `brug daily`) checks every search for what is new since its
  last run, which also catches what no service announced (an offer whose session moved).
The same event reaches a person once: `Notification.event_key` is unique per recipient.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from brug.core import bounds, policy
from brug.core.audit import audit_record
from brug.core.errors import ServiceError
from brug.core.i18n import Message, gettext_lazy
from brug.core.models import (
    SAVED_SEARCH_NAME_MAX,
    SAVED_SEARCH_PER_PERSON_MAX,
    AlertMail,
    SavedSearch,
)
from brug.core.notify import notify
from brug.core.users import RequestUser


@dataclass(frozen=True)
class AlertHit:
    """One new thing a saved search found."""

    key: str  # stable within the kind, e.g. "opening:345"
    title: str
    url: str


# clean(actor, raw) -> the criteria to store (raises ServiceError on bad input); the actor is
# a RequestUser (typed Any: each app names its own user type)
Clean = Callable[[Any, dict[str, Any]], dict[str, Any]]
# matches(owner, criteria, since, ids) -> what is new (ids: only these objects, or None: all)
Matches = Callable[[Any, dict[str, Any], datetime, Sequence[int] | None], list[AlertHit]]


@dataclass(frozen=True)
class SearchKind:
    key: str
    label: Message
    clean: Clean
    matches: Matches
    # the criteria of several searches in words, for the list page (one query for all)
    describe: Callable[[list[dict[str, Any]]], list[str]]
    url: Callable[[dict[str, Any]], str]  # where the search opens again


_KINDS: dict[str, SearchKind] = {}


def kind_register(kind: SearchKind) -> None:
    _KINDS[kind.key] = kind


def kind_for(key: str) -> SearchKind | None:
    return _KINDS.get(key)


def kinds() -> list[SearchKind]:
    return [_KINDS[k] for k in sorted(_KINDS)]


def _fail(message: Message, *, code: str, field: str = "") -> None:
    raise ServiceError(message, code=code, field=field or None)


@transaction.atomic
def saved_search_create(
    *, actor: RequestUser, kind: str, name: str, params: dict[str, Any], mail: str = "none"
) -> SavedSearch:
    """Save a search for `actor`; it alerts them from now on."""
    search = SavedSearch()
    if actor.is_authenticated:
        search.owner_id = actor.pk
    policy.require(actor, "create", search)
    found = kind_for(kind)
    if found is None:
        _fail(gettext_lazy("Unknown kind of search."), code="kind", field="kind")
        raise AssertionError  # unreachable; for the type checker
    name = bounds.text_within(name, field="name", max_length=SAVED_SEARCH_NAME_MAX, required=True)
    if mail not in AlertMail.values:
        _fail(
            gettext_lazy("Choose no e-mail, at once or a daily digest."),
            code="mail",
            field="mail",
        )
    if SavedSearch.objects.filter(owner_id=actor.pk).count() >= SAVED_SEARCH_PER_PERSON_MAX:
        _fail(
            gettext_lazy("You already saved the maximum number of searches; delete one first."),
            code="too_many",
        )
    search.kind = found.key
    search.name = name
    search.params = found.clean(actor, dict(params))
    search.mail = mail
    search.last_checked_at = timezone.now()
    search.save()
    audit_record(actor=actor, verb="saved_search.create", obj=search, changes={"kind": kind})
    return search


@transaction.atomic
def saved_search_change(*, actor: RequestUser, search: SavedSearch, mail: str) -> SavedSearch:
    policy.require(actor, "change", search)
    if mail not in AlertMail.values:
        _fail(
            gettext_lazy("Choose no e-mail, at once or a daily digest."),
            code="mail",
            field="mail",
        )
    before = search.mail
    search.mail = mail
    search.save(update_fields=["mail"])
    audit_record(
        actor=actor, verb="saved_search.change", obj=search, changes={"mail": [before, mail]}
    )
    return search


@transaction.atomic
def saved_search_delete(*, actor: RequestUser, search: SavedSearch) -> None:
    policy.require(actor, "delete", search)
    audit_record(actor=actor, verb="saved_search.delete", obj=search)
    search.delete()


def _alert(search: SavedSearch, kind: SearchKind, hits: list[AlertHit]) -> int:
    sent = 0
    for hit in hits:
        sent += notify(
            recipients=[search.owner],
            subject=gettext_lazy(
                "New for your saved search ‘{name}’: {title}", name=search.name, title=hit.title
            ),
            body=gettext_lazy(
                "Brug found something new that matches your saved search ‘{name}’: {title}.",
                name=search.name,
                title=hit.title,
            ),
            url=hit.url,
            event_key=f"search:{search.pk}:{hit.key}"[:120],
            mail=search.mail,
        )
    return sent


@transaction.atomic
def saved_searches_alert(
    *, kind: str, ids: Sequence[int] | None = None, now: datetime | None = None
) -> int:
    """Notify the owners of saved searches of `kind` about what is new (see module doc).

    With `ids` only those objects are checked (a service just published them) and the
    searches keep their last run; without, everything since the last run is checked and the
    run is recorded. Returns the number of notifications stored.
    """
    found = kind_for(kind)
    if found is None:
        return 0
    now = now or timezone.now()
    sent = 0
    searches = SavedSearch.objects.filter(kind=kind, owner__is_active=True).select_related("owner")
    for search in searches.order_by("pk"):
        hits = found.matches(search.owner, search.params, search.last_checked_at, ids)
        sent += _alert(search, found, hits)
        if ids is None:
            search.last_checked_at = now
            search.save(update_fields=["last_checked_at"])
    return sent


def saved_searches_alert_on_commit(*, kind: str, ids: Sequence[int]) -> None:
    """For services: check the searches of `kind` against `ids` once the change is committed
    (a failed alert never undoes the publication)."""
    wanted = list(ids)
    transaction.on_commit(lambda: saved_searches_alert(kind=kind, ids=wanted))


def saved_searches_of(user: RequestUser) -> Any:
    """The person's own saved searches (private: nobody else's, whatever their role)."""
    return policy.visible(user, SavedSearch.objects.all(), "view").order_by("-created_at", "-pk")
