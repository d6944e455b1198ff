"""InnoVET figures that covenant indicators can use (brug.core.metrics).

Sector scope = offers whose provider serves one of the sectors; province scope = the offer's
province (for registrations and guest lessons: the school's province).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from brug.core.i18n import gettext_lazy
from brug.core.metrics import Metric, MetricScope
from brug.innovet.models import (
    SEAT_HOLDING,
    GuestLessonRequest,
    GuestLessonStatus,
    Offer,
    OfferKind,
    OfferStatus,
    Registration,
)


def _bounds(scope: MetricScope) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(scope.start, time.min))
    end = timezone.make_aware(datetime.combine(scope.end, time.max))
    return start, end


def _offer_scope(scope: MetricScope, prefix: str = "") -> Q:
    q = Q()
    if scope.sector_ids:
        q &= Q(**{f"{prefix}provider__sectors__in": scope.sector_ids})
    if scope.province_ids:
        q &= Q(**{f"{prefix}province_id__in": scope.province_ids})
    return q


def offers_published(scope: MetricScope) -> QuerySet[Offer]:
    """Published offers created in the period (still published)."""
    start, end = _bounds(scope)
    return Offer.objects.filter(
        _offer_scope(scope), status=OfferStatus.PUBLISHED, created_at__range=(start, end)
    ).distinct()


def _registrations(scope: MetricScope) -> QuerySet[Registration]:
    start, end = _bounds(scope)
    q = Q(session__starts_at__range=(start, end))
    if scope.sector_ids:
        q &= Q(session__offer__provider__sectors__in=scope.sector_ids)
    if scope.province_ids:
        q &= Q(province_id__in=scope.province_ids)
    return Registration.objects.filter(q).distinct()


def registrations(scope: MetricScope) -> QuerySet[Registration]:
    return _registrations(scope).filter(status__in=SEAT_HOLDING)


def attendance(scope: MetricScope) -> QuerySet[Registration]:
    return _registrations(scope).filter(attended=True)


def teacher_placements(scope: MetricScope) -> QuerySet[Registration]:
    return attendance(scope).filter(session__offer__kind=OfferKind.TEACHER_PLACEMENT)


def guest_teacher_matches(scope: MetricScope) -> QuerySet[GuestLessonRequest]:
    start, end = _bounds(scope)
    q = Q(status=GuestLessonStatus.AGREED, agreed_at__range=(start, end))
    if scope.sector_ids:
        q &= Q(matched_offer__provider__sectors__in=scope.sector_ids)
    if scope.province_ids:
        q &= Q(province_id__in=scope.province_ids)
    return GuestLessonRequest.objects.filter(q).distinct()


def _count(fn: Callable[[MetricScope], QuerySet[Any]]) -> Callable[[MetricScope], float]:
    return lambda scope: float(fn(scope).count())


METRICS: list[Metric] = [
    Metric(
        key="innovet.offers_published",
        title=gettext_lazy("InnoVET offers published"),
        definition=gettext_lazy(
            "Number of offers (placements, trainings, guest teachers, ...) created in the "
            "period and published, by providers serving the sectors."
        ),
        unit="count",
        compute=_count(offers_published),
        drilldown=offers_published,
    ),
    Metric(
        key="innovet.registrations",
        title=gettext_lazy("Teacher registrations"),
        definition=gettext_lazy(
            "Registrations holding a place (not waiting, not cancelled) for sessions that "
            "start in the period."
        ),
        unit="count",
        compute=_count(registrations),
        drilldown=registrations,
    ),
    Metric(
        key="innovet.attendance",
        title=gettext_lazy("Participations (attended)"),
        definition=gettext_lazy(
            "Registrations the provider recorded as attended, for sessions in the period."
        ),
        unit="count",
        compute=_count(attendance),
        drilldown=attendance,
    ),
    Metric(
        key="innovet.teacher_placements",
        title=gettext_lazy("Teacher placements in companies"),
        definition=gettext_lazy(
            "Teacher placements in companies attended, sessions in the period."
        ),
        unit="count",
        compute=_count(teacher_placements),
        drilldown=teacher_placements,
    ),
    Metric(
        key="innovet.guest_teacher_matches",
        title=gettext_lazy("Guest-teacher matches"),
        definition=gettext_lazy(
            "Agreed guest lessons (effective matches, seed 001 blueprint) in the period."
        ),
        unit="count",
        compute=_count(guest_teacher_matches),
        drilldown=guest_teacher_matches,
    ),
]
