"""Kinds of saved search of workplace learning (registered with `brug.core.alerts`).

* `workplace.opening`: published openings by programme, kind and distance from a place, e.g. a
  guide's "Bouwtechnieken within 30 km of Eeklo"; checked when an opening is published.
* `workplace.recognition`: recognition requests submitted in the sectors the person follows
  (a consultant's "new recognition requests in my sector"); checked when one is submitted.
What an alert shows is what the owner may see (the selectors read through the policy).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from brug.accounts.people import RequestUser
from brug.core import policy
from brug.core.alerts import AlertHit, SearchKind
from brug.core.errors import ServiceError
from brug.core.i18n import Message, gettext_lazy
from brug.registry import geo
from brug.registry.models import Programme
from brug.workplace import models as m
from brug.workplace import selectors

PLACE_MAX = 100


def _fail(message: Message, field: str) -> ServiceError:
    return ServiceError(message, code="invalid", field=field)


def _int(raw: Any, field: str) -> int | None:
    if raw in (None, ""):
        return None
    try:
        return int(str(raw))
    except ValueError:
        raise _fail(gettext_lazy("Give a number."), field) from None


def opening_clean(actor: RequestUser, raw: dict[str, Any]) -> dict[str, Any]:
    """The criteria of the workplace search form, checked: a programme or a place is needed."""
    programme_id = _int(raw.get("programme"), "programme")
    if programme_id is not None and not Programme.objects.filter(pk=programme_id).exists():
        raise _fail(gettext_lazy("Unknown programme."), "programme")
    kind = str(raw.get("kind") or "")
    if kind and kind not in m.PlacementKind.values:
        raise _fail(gettext_lazy("Unknown kind."), "kind")
    place = str(raw.get("place") or "").strip()
    if len(place) > PLACE_MAX:
        raise _fail(gettext_lazy("The place is too long."), "place")
    radius = _int(raw.get("radius"), "radius")
    if place:
        if geo.resolve_place(place) is None:
            raise _fail(
                gettext_lazy("Municipality or postcode not found."),
                "place",
            )
        if radius is not None and radius not in selectors.DISTANCES_KM:
            raise _fail(gettext_lazy("Choose a distance from the list."), "radius")
    else:
        radius = None
    if programme_id is None and not place:
        raise _fail(
            gettext_lazy("Choose at least a programme or a municipality to save."),
            "programme",
        )
    free_only = str(raw.get("free_only") or "") in ("on", "true", "1", "True")
    return {
        "programme": programme_id,
        "kind": kind,
        "place": place,
        "radius": radius,
        "free_only": free_only,
    }


def opening_matches(
    owner: Any, params: dict[str, Any], since: datetime, ids: Sequence[int] | None
) -> list[AlertHit]:
    try:
        place = geo.resolve_place(params.get("place") or "") if params.get("place") else None
    except ServiceError:
        return []
    criteria = selectors.SearchCriteria(
        programme_id=params.get("programme"),
        kind=params.get("kind") or "",
        free_only=bool(params.get("free_only")),
        place=place,
        radius_km=params.get("radius") if place else None,
        published_after=since,
        ids=tuple(ids) if ids is not None else None,
    )
    return [
        AlertHit(
            key=f"opening:{hit.opening.pk}",
            title=f"{hit.opening.programme} · {hit.opening.company} · {hit.opening.site.municipality}",
            url=reverse("workplace:opening-detail", args=[hit.opening.pk]),
        )
        for hit in selectors.search_openings(owner, criteria, limit=50)
    ]


def opening_describe_many(many: list[dict[str, Any]]) -> list[str]:
    names = dict(
        Programme.objects.filter(
            pk__in={p["programme"] for p in many if p.get("programme")}
        ).values_list("pk", "name")
    )
    return [opening_describe(params, names) for params in many]


def opening_describe(params: dict[str, Any], names: dict[int, str] | None = None) -> str:
    parts: list[str] = []
    if params.get("programme"):
        if names is None:
            names = dict(Programme.objects.filter(pk=params["programme"]).values_list("pk", "name"))
        parts.append(names.get(params["programme"], "?"))
    if params.get("place"):
        if params.get("radius"):
            parts.append(
                str(
                    gettext_lazy(
                        "within {km} km of {place}", km=params["radius"], place=params["place"]
                    )
                )
            )
        else:
            parts.append(str(gettext_lazy("near {place}", place=params["place"])))
    if params.get("free_only"):
        parts.append(str(gettext_lazy("free places only")))
    return " · ".join(parts)


def opening_url(params: dict[str, Any]) -> str:
    query = {k: v for k, v in params.items() if v not in (None, "", False)}
    if query.get("free_only"):
        query["free_only"] = "on"
    return reverse("workplace:search") + "?" + urlencode(query)


def recognition_clean(actor: RequestUser, raw: dict[str, Any]) -> dict[str, Any]:
    follows = any(
        relation in ("any", "sector", "partnership")
        for role in policy.roles_of(actor)
        for relation in policy.allowed_relations("workplace.recognition", role, "view")
    )
    if not follows:
        raise ServiceError(
            gettext_lazy("This alert is for people who follow a sector's recognition requests."),
            code="not_followed",
        )
    return {}


def recognition_matches(
    owner: Any, params: dict[str, Any], since: datetime, ids: Sequence[int] | None
) -> list[AlertHit]:
    qs = (
        selectors.recognitions_visible_to(owner)
        .exclude(status=m.RecognitionStatus.DRAFT)
        .filter(submitted_at__gt=since)
    )
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return [
        AlertHit(
            key=f"recognition:{r.pk}",
            title=f"{r.company} · {r.programme}",
            url=reverse("workplace:recognition-detail", args=[r.pk]),
        )
        for r in qs.order_by("submitted_at", "pk")[:50]
    ]


def recognition_describe_many(many: list[dict[str, Any]]) -> list[str]:
    text = gettext_lazy("New recognition requests in my sector(s)")
    return [str(text)] * len(many)


SEARCH_KINDS = [
    SearchKind(
        key="workplace.opening",
        label=gettext_lazy("Learning workplaces"),
        clean=opening_clean,
        matches=opening_matches,
        describe=opening_describe_many,
        url=opening_url,
    ),
    SearchKind(
        key="workplace.recognition",
        label=gettext_lazy("Recognition requests"),
        clean=recognition_clean,
        matches=recognition_matches,
        describe=recognition_describe_many,
        url=lambda params: reverse("workplace:consultant"),
    ),
]
