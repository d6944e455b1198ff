"""The InnoVET kind of saved search (registered with `brug.core.alerts`).

`innovet.offer`: a teacher's "lassen, February–April": words, period, kind, province and
distance as on the catalogue page. Checked when an offer is published or gets a new session,
and daily for what changed since the last run. An alert names the offer (public information).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from brug.accounts.people import RequestUser
from brug.core.alerts import AlertHit, SearchKind
from brug.core.errors import ServiceError
from brug.core.i18n import Message, gettext_lazy
from brug.innovet.models import Offer, OfferKind
from brug.innovet.schools import school_origin
from brug.innovet.search import OfferQuery, offers_search
from brug.registry import geo
from brug.registry.models import Province

TEXT_MAX = 200
PERIODS = {
    "autumn": gettext_lazy("October–November"),
    "spring": gettext_lazy("February–April"),
    "on_request": gettext_lazy("on request"),
}


def _fail(message: Message, field: str) -> ServiceError:
    return ServiceError(message, code="invalid", field=field)


def _ids(raw: Any, field: str) -> list[int]:
    values = raw if isinstance(raw, list) else [raw] if raw not in (None, "") else []
    out = []
    for value in values:
        if not str(value).isdigit():
            raise _fail(gettext_lazy("Invalid choice."), field)
        out.append(int(value))
    return sorted(set(out))


def offer_clean(actor: RequestUser, raw: dict[str, Any]) -> dict[str, Any]:
    text = str(raw.get("q") or "").strip()
    if len(text) > TEXT_MAX:
        raise _fail(gettext_lazy("The search terms are too long."), "q")
    period = str(raw.get("period") or "")
    if period and period not in PERIODS:
        raise _fail(gettext_lazy("Unknown period."), "period")
    kind = str(raw.get("kind") or "")
    if kind and kind not in OfferKind.values:
        raise _fail(gettext_lazy("Unknown kind of offer."), "kind")
    provinces = _ids(raw.get("province"), "province")
    if Province.objects.filter(pk__in=provinces).count() != len(provinces):
        raise _fail(gettext_lazy("Unknown province."), "province")
    place = str(raw.get("place") or "").strip()[:100]
    km_raw = raw.get("km")
    km: int | None = None
    if km_raw not in (None, ""):
        try:
            km = int(float(str(km_raw)))
        except ValueError:
            raise _fail(gettext_lazy("Give a distance in km."), "km") from None
        if not 1 <= km <= 300:
            raise _fail(gettext_lazy("Choose 1 to 300 km."), "km")
    if place and geo.resolve_place(place) is None:
        raise _fail(gettext_lazy("Municipality or postcode not found."), "place")
    if not (text or period or kind or provinces or km):
        raise _fail(
            gettext_lazy("Give search terms or choose a filter to save."),
            "q",
        )
    return {
        "q": text,
        "period": period,
        "kind": kind,
        "province": provinces,
        "place": place,
        "km": km,
    }


def _query(owner: Any, params: dict[str, Any]) -> OfferQuery:
    origin = None
    if params.get("place"):
        try:
            found = geo.resolve_place(params["place"])
        except ServiceError:
            found = None
        origin = (found.latitude, found.longitude) if found is not None else None
    if origin is None and params.get("km"):
        from brug.core import policy

        schools = policy.organisations_of(owner, roles=("teacher", "guide"))
        origin = school_origin(schools[0]) if schools else None
    return OfferQuery(
        text=params.get("q") or "",
        kinds=(params["kind"],) if params.get("kind") else (),
        province_ids=tuple(params.get("province") or ()),
        period=params.get("period") or "",
        within_km=params.get("km") or None,
        origin=origin,
        sort="date",
        page_size=100,
    )


def offer_matches(
    owner: Any, params: dict[str, Any], since: datetime, ids: Sequence[int] | None
) -> list[AlertHit]:
    result = offers_search(owner, _query(owner, params), with_facets=False, record_empty=False)
    found = [o.pk for o in result.offers]
    qs = Offer.objects.filter(pk__in=found)
    qs = qs.filter(pk__in=ids) if ids is not None else qs.filter(updated_at__gt=since)
    return [
        AlertHit(
            key=f"offer:{offer.pk}",
            title=f"{offer.title} · {offer.provider.name}",
            url=reverse("innovet:offer-detail", args=[offer.pk]),
        )
        for offer in qs.select_related("provider").order_by("pk")[:50]
    ]


def offer_describe(params: dict[str, Any], provinces: dict[int, str] | None = None) -> str:
    parts: list[str] = []
    if params.get("q"):
        parts.append(f"“{params['q']}”")
    if params.get("period"):
        parts.append(str(PERIODS[params["period"]]))
    if params.get("kind"):
        parts.append(str(OfferKind(params["kind"]).label).split(" / ")[0])
    if params.get("province"):
        if provinces is None:
            provinces = dict(
                Province.objects.filter(pk__in=params["province"]).values_list("pk", "name_nl")
            )
        parts.append(", ".join(provinces.get(pk, "?") for pk in params["province"]))
    if params.get("km"):
        place = params.get("place") or str(gettext_lazy("your school"))
        parts.append(str(gettext_lazy("within {km} km of {place}", km=params["km"], place=place)))
    return " · ".join(parts)


def offer_describe_many(many: list[dict[str, Any]]) -> list[str]:
    provinces = dict(
        Province.objects.filter(
            pk__in={pk for p in many for pk in p.get("province") or ()}
        ).values_list("pk", "name_nl")
    )
    return [offer_describe(p, provinces) for p in many]


def offer_url(params: dict[str, Any]) -> str:
    query: list[tuple[str, Any]] = []
    for key in ("q", "period", "kind", "place", "km"):
        if params.get(key):
            query.append((key, params[key]))
    query += [("province", pk) for pk in params.get("province") or ()]
    return reverse("innovet:search") + "?" + urlencode(query)


SEARCH_KINDS = [
    SearchKind(
        key="innovet.offer",
        label=gettext_lazy("InnoVET offers"),
        clean=offer_clean,
        matches=offer_matches,
        describe=offer_describe_many,
        url=offer_url,
    )
]
