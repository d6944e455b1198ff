"""Openings (workplaces offered by a company): create, update, publish, close."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from brug.accounts.people import RequestUser
from brug.core import bounds, policy
from brug.core.audit import audit_record
from brug.core.i18n import gettext_lazy
from brug.workplace import models as m
from brug.workplace.services._common import _check_period, _fail, _today


def _check_opening_fields(*, capacity: int, start: date, end: date, days_per_week: int) -> None:
    if capacity <= 0:
        _fail(
            gettext_lazy("The number of places must be greater than zero."),
            code="capacity_not_positive",
            field="capacity",
        )
    bounds.int_within(capacity, field="capacity", low=1, high=m.OPENING_CAPACITY_MAX)
    bounds.date_within(
        start, field="start", earliest=m.OPENING_EARLIEST, latest=bounds.add_years(_today(), 2)
    )
    bounds.date_within(end, field="end", earliest=m.OPENING_EARLIEST, latest=bounds.LATEST_DATE)
    _check_period(start, end)
    if end > bounds.add_years(start, m.OPENING_MAX_YEARS):
        _fail(
            gettext_lazy("An opening runs for at most {n} school years."),
            code="period_too_long",
            field="end",
            n=m.OPENING_MAX_YEARS,
        )
    if not 1 <= days_per_week <= 5:
        _fail(
            gettext_lazy("Days per week must be between 1 and 5."),
            code="days_per_week",
            field="days_per_week",
        )


@transaction.atomic
def opening_create(
    *,
    actor: RequestUser,
    workplace: m.Recognition,
    kind: str,
    start: date,
    end: date,
    capacity: int,
    days_per_week: int = 2,
    description: str = "",
    requirements: str = "",
    practical_notes: str = "",
    publish: bool = False,
) -> m.Opening:
    opening = m.Opening(
        workplace=workplace,
        company_id=workplace.company_id,
        site_id=workplace.site_id,
        programme_id=workplace.programme_id,
        kind=kind,
        start=start,
        end=end,
        capacity=capacity,
        days_per_week=days_per_week,
        description=description,
        requirements=requirements,
        practical_notes=practical_notes,
    )
    policy.require(actor, "create", opening)
    if kind not in m.PlacementKind.values:
        _fail(gettext_lazy("Unknown kind."), code="kind", field="kind")
    _check_opening_fields(capacity=capacity, start=start, end=end, days_per_week=days_per_week)
    if end < _today():
        _fail(
            gettext_lazy("This period lies entirely in the past."),
            code="period_past",
            field="end",
        )
    for name in ("description", "requirements", "practical_notes"):
        setattr(
            opening,
            name,
            bounds.text_within(getattr(opening, name), field=name, max_length=m.LONG_TEXT_MAX),
        )
    if not workplace.is_recognised(start):
        _fail(
            gettext_lazy("This workplace is not recognised for this programme on the start date."),
            code="not_recognised",
            field="workplace",
        )
    if publish:
        opening.status = m.OpeningStatus.PUBLISHED
        opening.published_at = timezone.now()
    opening.save()
    audit_record(
        actor=actor,
        verb="opening.create",
        obj=opening,
        changes={
            "capacity": capacity,
            "kind": kind,
            "start": start,
            "end": end,
            "status": opening.status,
        },
    )
    return opening


@transaction.atomic
def opening_update(
    *,
    actor: RequestUser,
    opening: m.Opening,
    capacity: int | None = None,
    start: date | None = None,
    end: date | None = None,
    days_per_week: int | None = None,
    description: str | None = None,
    requirements: str | None = None,
    practical_notes: str | None = None,
) -> m.Opening:
    policy.require(actor, "change", opening)
    locked = m.Opening.objects.select_for_update().get(pk=opening.pk)
    new_capacity = locked.capacity if capacity is None else capacity
    new_start = locked.start if start is None else start
    new_end = locked.end if end is None else end
    new_days = locked.days_per_week if days_per_week is None else days_per_week
    _check_opening_fields(
        capacity=new_capacity, start=new_start, end=new_end, days_per_week=new_days
    )
    if new_capacity < locked.filled:
        _fail(
            gettext_lazy("{filled} placements are active; the capacity cannot be lower."),
            code="capacity_below_filled",
            field="capacity",
            filled=locked.filled,
        )
    new: dict[str, Any] = {
        "capacity": new_capacity,
        "start": new_start,
        "end": new_end,
        "days_per_week": new_days,
    }
    before = {k: getattr(locked, k) for k in new}
    for key, value in new.items():
        setattr(locked, key, value)
    for key, text in (
        ("description", description),
        ("requirements", requirements),
        ("practical_notes", practical_notes),
    ):
        if text is not None:
            setattr(locked, key, bounds.text_within(text, field=key, max_length=m.LONG_TEXT_MAX))
    locked.save()
    audit_record(
        actor=actor, verb="opening.update", obj=locked, changes={"before": before, "after": new}
    )
    return locked


@transaction.atomic
def opening_publish(*, actor: RequestUser, opening: m.Opening) -> m.Opening:
    policy.require(actor, "change", opening)
    if not opening.workplace.is_recognised():
        _fail(
            gettext_lazy("An opening of an unrecognised workplace cannot be published."),
            code="not_recognised",
        )
    opening.status = m.OpeningStatus.PUBLISHED
    opening.published_at = timezone.now()
    opening.save(update_fields=["status", "published_at"])
    audit_record(actor=actor, verb="opening.publish", obj=opening)
    return opening


@transaction.atomic
def opening_close(*, actor: RequestUser, opening: m.Opening) -> m.Opening:
    policy.require(actor, "change", opening)
    opening.status = m.OpeningStatus.CLOSED
    opening.save(update_fields=["status"])
    audit_record(actor=actor, verb="opening.close", obj=opening)
    return opening
