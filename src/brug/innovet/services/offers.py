"""Offers and their sessions; stale offers."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone

from brug.accounts.people import RequestUser
from brug.core import bounds, policy
from brug.core.alerts import saved_searches_alert_on_commit
from brug.core.audit import audit_record, diff
from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy, ngettext_lazy
from brug.core.notify import notify
from brug.innovet.models import (
    LONG_TEXT_MAX,
    Offer,
    OfferKind,
    OfferStatus,
    Session,
)
from brug.innovet.search import catalogue_changed, offers_index
from brug.innovet.services._common import PROVIDER_KINDS, STALE_AFTER_DAYS, members_of
from brug.registry.models import (
    Organisation,
    Programme,
    Province,
    Qualification,
    Site,
    StudyDomain,
)

# The kind of saved search a publication or a new session is checked against (innovet.alerts).
ALERT_KIND = "innovet.offer"

OFFER_FIELDS = (
    "kind",
    "title",
    "description",
    "province",
    "site",
    "on_request",
    "cost_eur",
    "target_grade",
    "language",
    "curriculum_link",
    "vendor_neutral",
    "accessibility_notes",
    "for_lateral_entrants",
)


def _clean_offer(values: dict[str, Any], provider: Organisation) -> dict[str, Any]:
    if values.get("kind") not in OfferKind.values:
        raise ServiceError(gettext_lazy("Choose a kind of offer."), field="kind")
    title = str(values.get("title") or "").strip()
    if not title:
        raise ServiceError(gettext_lazy("Give a title."), code="required", field="title")
    values["title"] = bounds.text_within(title, field="title", max_length=300)
    try:
        cost = Decimal(str(values.get("cost_eur") if values.get("cost_eur") is not None else 0))
    except InvalidOperation as exc:
        raise ServiceError(gettext_lazy("The cost is not an amount."), field="cost_eur") from exc
    if not cost.is_finite():
        raise ServiceError(gettext_lazy("The cost is not an amount."), field="cost_eur")
    for name in ("description", "curriculum_link", "accessibility_notes"):
        if name in values:
            values[name] = bounds.text_within(
                str(values[name] or ""), field=name, max_length=LONG_TEXT_MAX
            )
    if cost < 0:
        raise ServiceError(
            gettext_lazy("The cost cannot be negative."),
            code="negative_cost",
            field="cost_eur",
        )
    if cost >= Decimal("1000000"):
        raise ServiceError(gettext_lazy("The cost is too high."), field="cost_eur")
    values["cost_eur"] = cost.quantize(Decimal("0.01"))
    grade = values.get("target_grade")
    if grade not in (None, "", 1, 2, 3):
        raise ServiceError(gettext_lazy("Grade 1, 2 or 3, or empty."), field="target_grade")
    values["target_grade"] = grade or None
    site = values.get("site")
    if site is not None and site.organisation_id != provider.pk:
        raise ServiceError(
            gettext_lazy("That site is not the provider's."),
            field="site",
        )
    if site is not None and values.get("province") is None:
        values["province"] = site.municipality.province
    if values.get("language") not in (None, "nl", "en", "fr", "de"):
        raise ServiceError(gettext_lazy("Unknown language."), field="language")
    return values


def _offer_location(offer: Offer) -> None:
    site = offer.site
    if site is not None:
        offer.latitude = site.latitude if site.latitude is not None else site.municipality.latitude
        offer.longitude = (
            site.longitude if site.longitude is not None else site.municipality.longitude
        )
    else:
        offer.latitude = offer.longitude = None


@transaction.atomic
def offer_create(
    *,
    actor: RequestUser,
    provider: Organisation,
    kind: str,
    title: str,
    description: str = "",
    study_domains: Iterable[StudyDomain] = (),
    programmes: Iterable[Programme] = (),
    qualifications: Iterable[Qualification] = (),
    province: Province | None = None,
    site: Site | None = None,
    on_request: bool = False,
    cost_eur: Decimal | int | str = 0,
    target_grade: int | None = None,
    language: str = "nl",
    curriculum_link: str = "",
    vendor_neutral: bool = True,
    accessibility_notes: str = "",
    for_lateral_entrants: bool = False,
    publish: bool = False,
) -> Offer:
    policy.require(actor, "create", Offer(provider=provider))
    if provider.kind not in PROVIDER_KINDS:
        raise ServiceError(
            gettext_lazy("This organisation cannot post offers."),
            field="provider",
        )
    values = _clean_offer(
        {
            "kind": kind,
            "title": title,
            "description": description,
            "province": province,
            "site": site,
            "on_request": on_request,
            "cost_eur": cost_eur,
            "target_grade": target_grade,
            "language": language,
            "curriculum_link": curriculum_link,
            "vendor_neutral": vendor_neutral,
            "accessibility_notes": accessibility_notes,
            "for_lateral_entrants": bool(for_lateral_entrants),
        },
        provider,
    )
    offer = Offer(
        provider=provider,
        status=OfferStatus.PUBLISHED if publish else OfferStatus.DRAFT,
        **values,
    )
    _offer_location(offer)
    offer.save()
    offer.study_domains.set(list(study_domains))
    offer.programmes.set(list(programmes))
    offer.qualifications.set(list(qualifications))
    offers_index([offer])
    audit_record(actor=actor, verb="innovet.offer.create", obj=offer, changes=values)
    if offer.status == OfferStatus.PUBLISHED:
        saved_searches_alert_on_commit(kind=ALERT_KIND, ids=[offer.pk])
    return offer


@transaction.atomic
def offer_update(
    *,
    actor: RequestUser,
    offer: Offer,
    study_domains: Iterable[StudyDomain] | None = None,
    programmes: Iterable[Programme] | None = None,
    qualifications: Iterable[Qualification] | None = None,
    **changes: Any,
) -> Offer:
    """Change an offer. Saving it also marks it current again (clears the stale flag)."""
    policy.require(actor, "change", offer)
    unknown = set(changes) - set(OFFER_FIELDS)
    if unknown:
        raise ServiceError(gettext_lazy("Unknown fields: {f}", f=", ".join(sorted(unknown))))
    before = {name: getattr(offer, name) for name in OFFER_FIELDS}
    values = _clean_offer({**before, **changes}, offer.provider)
    for name, value in values.items():
        setattr(offer, name, value)
    offer.stale_flagged_at = None
    _offer_location(offer)
    offer.save()
    if study_domains is not None:
        offer.study_domains.set(list(study_domains))
    if programmes is not None:
        offer.programmes.set(list(programmes))
    if qualifications is not None:
        offer.qualifications.set(list(qualifications))
    offers_index([offer])
    audit_record(actor=actor, verb="innovet.offer.change", obj=offer, changes=diff(before, values))
    return offer


@transaction.atomic
def offer_set_status(*, actor: RequestUser, offer: Offer, status: str) -> Offer:
    policy.require(actor, "change", offer)
    if status not in OfferStatus.values:
        raise ServiceError(gettext_lazy("Unknown status."), field="status")
    before = offer.status
    offer.status = status
    offer.stale_flagged_at = None
    offer.save(update_fields=["status", "stale_flagged_at", "updated_at"])
    catalogue_changed([offer.pk])
    audit_record(
        actor=actor, verb="innovet.offer.status", obj=offer, changes={"status": [before, status]}
    )
    if status == OfferStatus.PUBLISHED and before != status:
        saved_searches_alert_on_commit(kind=ALERT_KIND, ids=[offer.pk])
    return offer


def offers_refresh_summaries(offer_ids: Iterable[int], *, now: datetime | None = None) -> int:
    """Recompute next start, free places and period flags from the sessions still to come."""
    now = now or timezone.now()
    ids = list(offer_ids)
    if not ids:
        return 0
    summary: dict[int, dict[str, Any]] = {
        pk: {
            "next_start": None,
            "free_places": 0,
            "in_autumn_window": False,
            "in_spring_window": False,
        }
        for pk in ids
    }
    sessions = Session.objects.filter(
        offer_id__in=ids, is_cancelled=False, starts_at__gte=now
    ).values_list("offer_id", "starts_at", "capacity", "seats_taken")
    for offer_id, starts_at, capacity, taken in sessions.iterator(chunk_size=2000):
        row = summary[offer_id]
        day = timezone.localtime(starts_at).date()
        if row["next_start"] is None or day < row["next_start"]:
            row["next_start"] = day
        row["free_places"] += max(capacity - taken, 0)
        row["in_autumn_window"] |= day.month in (10, 11)
        row["in_spring_window"] |= day.month in (2, 3, 4)
    offers = []
    for pk, row in summary.items():
        offers.append(Offer(pk=pk, **row))
    Offer.objects.bulk_update(
        offers,
        ["next_start", "free_places", "in_autumn_window", "in_spring_window"],
        batch_size=500,
    )
    catalogue_changed(ids)
    return len(offers)


def _free_places_delta(offer_id: int, delta: int) -> None:
    # A delta, not a recount: concurrent registrations on the same offer never lose an update.
    Offer.objects.filter(pk=offer_id).update(free_places=Greatest(F("free_places") + delta, 0))
    catalogue_changed([offer_id])


@transaction.atomic
def session_add(
    *,
    actor: RequestUser,
    offer: Offer,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    location: str = "",
    registration_opens: date | None = None,
    registration_closes: date | None = None,
) -> Session:
    policy.require(actor, "change", offer)
    if starts_at <= timezone.now():
        raise ServiceError(
            gettext_lazy("A session cannot be in the past."),
            code="past",
            field="starts_at",
        )
    if ends_at <= starts_at:
        raise ServiceError(
            gettext_lazy("The end must be after the start."),
            field="ends_at",
        )
    if not isinstance(capacity, int) or capacity < 1 or capacity > 10_000:
        raise ServiceError(
            gettext_lazy("Give a capacity of at least 1."),
            field="capacity",
        )
    location = bounds.text_within(location, field="location", max_length=300)
    for day, field in (
        (registration_opens, "registration_opens"),
        (registration_closes, "registration_closes"),
    ):
        if day is not None:
            bounds.date_within(
                day,
                field=field,
                earliest=bounds.add_years(timezone.localdate(), -1),
                latest=starts_at.date(),
            )
    if registration_opens and registration_closes and registration_closes < registration_opens:
        raise ServiceError(
            gettext_lazy("The registration window closes before it opens."),
            field="registration_closes",
        )
    if offer.kind == OfferKind.VDAB_TEN_DAY and (ends_at.date() - starts_at.date()).days >= 14:
        raise ServiceError(
            gettext_lazy("The 10-day scheme lasts at most 10 teaching days."),
            field="ends_at",
        )
    session = Session.objects.create(
        offer=offer,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        location=location,
        registration_opens=registration_opens,
        registration_closes=registration_closes,
    )
    offers_refresh_summaries([offer.pk])
    Offer.objects.filter(pk=offer.pk).update(updated_at=timezone.now(), stale_flagged_at=None)
    audit_record(
        actor=actor,
        verb="innovet.session.add",
        obj=session,
        changes={"offer": offer.pk, "starts_at": starts_at, "capacity": capacity},
    )
    if offer.status == OfferStatus.PUBLISHED:
        saved_searches_alert_on_commit(kind=ALERT_KIND, ids=[offer.pk])
    return session


def offers_stale(*, days: int = STALE_AFTER_DAYS, now: datetime | None = None) -> Q:
    cutoff = (now or timezone.now()) - timedelta(days=days)
    return Q(status=OfferStatus.PUBLISHED, updated_at__lt=cutoff)


@transaction.atomic
def offers_flag_stale(*, days: int = STALE_AFTER_DAYS, now: datetime | None = None) -> int:
    """System job: mark published offers not updated for `days` and tell each provider once."""
    now = now or timezone.now()
    fresh = Offer.objects.filter(offers_stale(days=days, now=now), stale_flagged_at__isnull=True)
    by_provider: dict[int, list[Offer]] = {}
    for offer in fresh.only("pk", "title", "provider_id"):
        by_provider.setdefault(offer.provider_id, []).append(offer)
    flagged = 0
    for provider_id, offers in by_provider.items():
        # `update()` leaves updated_at alone, so flagging never makes an offer look current.
        flagged += Offer.objects.filter(pk__in=[o.pk for o in offers]).update(stale_flagged_at=now)
        notify(
            recipients=members_of(provider_id),
            subject=ngettext_lazy(
                "{n} offer not updated lately",
                "{n} offers not updated lately",
                len(offers),
                n=len(offers),
            ),
            body=gettext_lazy(
                "These offers have not been updated for {d} days. Please check them so teachers "
                "find current information: {o}",
                d=days,
                o="; ".join(o.title for o in offers[:20]),
            ),
            url=reverse("innovet:provider-offers"),
        )
    return flagged
