"""Named metrics of workplace learning, for covenant indicators and dashboards.

Every metric counts records in a `MetricScope`: a date range (inclusive), the sectors of the
companies involved (empty = all) and the provinces of their sites (empty = all).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet

from brug.core.i18n import gettext_lazy
from brug.core.metrics import Metric, MetricScope
from brug.workplace import models as m


def _scoped(qs: QuerySet[Any], scope: MetricScope, *, company: str, province: str) -> QuerySet[Any]:
    if scope.sector_ids:
        qs = qs.filter(**{f"{company}sectors__in": scope.sector_ids})
    if scope.province_ids:
        qs = qs.filter(**{f"{province}__in": scope.province_ids})
    return qs.distinct() if scope.sector_ids or scope.province_ids else qs


def _between(field: str, scope: MetricScope) -> Q:
    return Q(**{f"{field}__gte": scope.start, f"{field}__lte": scope.end})


def recognitions_decided(scope: MetricScope) -> QuerySet[Any]:
    qs = m.Recognition.objects.filter(
        status__in=[
            m.RecognitionStatus.APPROVED,
            m.RecognitionStatus.REFUSED,
            m.RecognitionStatus.SUSPENDED,
            m.RecognitionStatus.WITHDRAWN,
        ],
    ).filter(_between("decided_at__date", scope))
    return _scoped(qs, scope, company="company__", province="site__municipality__province")


def _contacts(scope: MetricScope, **filters: Any) -> QuerySet[Any]:
    qs = m.Contact.objects.filter(_between("on", scope), **filters)
    # A contact has no site: its province is that of any of the company's sites.
    return _scoped(
        qs, scope, company="company__", province="company__sites__municipality__province"
    )


def site_visits(scope: MetricScope) -> QuerySet[Any]:
    return _contacts(scope, kind=m.ContactKind.VISIT)


def phone_contacts(scope: MetricScope) -> QuerySet[Any]:
    return _contacts(scope, kind=m.ContactKind.PHONE)


def company_contacts(scope: MetricScope) -> QuerySet[Any]:
    return _contacts(scope)


def openings_published(scope: MetricScope) -> QuerySet[Any]:
    qs = m.Opening.objects.filter(published_at__isnull=False).filter(
        _between("published_at__date", scope)
    )
    return _scoped(qs, scope, company="company__", province="site__municipality__province")


def places_offered(scope: MetricScope) -> float:
    return float(sum(openings_published(scope).values_list("capacity", flat=True)))


def learners_placed(scope: MetricScope) -> QuerySet[Any]:
    qs = m.Placement.objects.filter(_between("start", scope))
    return _scoped(
        qs, scope, company="opening__company__", province="opening__site__municipality__province"
    )


def placements_ended_early(scope: MetricScope) -> QuerySet[Any]:
    qs = m.Placement.objects.filter(status=m.PlacementStatus.ENDED_EARLY).filter(
        _between("ended_on", scope)
    )
    return _scoped(
        qs, scope, company="opening__company__", province="opening__site__municipality__province"
    )


def mentors_active(scope: MetricScope) -> QuerySet[Any]:
    """Active mentors serving a recognition valid at some day of the scope."""
    qs = m.Mentor.objects.filter(
        is_active=True,
        recognitions__status=m.RecognitionStatus.APPROVED,
        recognitions__valid_from__lte=scope.end,
        recognitions__valid_until__gte=scope.start,
    )
    if scope.sector_ids:
        qs = qs.filter(company__sectors__in=scope.sector_ids)
    if scope.province_ids:
        qs = qs.filter(recognitions__site__municipality__province__in=scope.province_ids)
    return qs.distinct()


def _count(drill: Callable[[MetricScope], QuerySet[Any]]) -> Callable[[MetricScope], float]:
    return lambda scope: float(drill(scope).values("pk").distinct().count())


def _learners(scope: MetricScope) -> float:
    return float(learners_placed(scope).values("learner_id").distinct().count())


DEFINITIONS: list[tuple[str, Any, Any, Callable[[MetricScope], float], Any]] = [
    (
        "workplace.recognitions_decided",
        gettext_lazy("Recognition decisions"),
        gettext_lazy(
            "Recognition applications the partnership decided in the period (approved or refused; later suspended or withdrawn still counts)."
        ),
        _count(recognitions_decided),
        recognitions_decided,
    ),
    (
        "workplace.site_visits",
        gettext_lazy("Site visits"),
        gettext_lazy(
            "Recorded site visits to companies in the period (consultants' field log and recognition site visits)."
        ),
        _count(site_visits),
        site_visits,
    ),
    (
        "workplace.phone_contacts",
        gettext_lazy("Phone contacts"),
        gettext_lazy("Recorded phone contacts with companies in the period."),
        _count(phone_contacts),
        phone_contacts,
    ),
    (
        "workplace.company_contacts",
        gettext_lazy("Company contacts"),
        gettext_lazy("All recorded contacts (visit, phone, virtual) with companies in the period."),
        _count(company_contacts),
        company_contacts,
    ),
    (
        "workplace.openings_published",
        gettext_lazy("Openings published"),
        gettext_lazy("Openings first published in the period."),
        _count(openings_published),
        openings_published,
    ),
    (
        "workplace.places_offered",
        gettext_lazy("Places offered"),
        gettext_lazy("Sum of the capacity of the openings published in the period."),
        places_offered,
        openings_published,
    ),
    (
        "workplace.learners_placed",
        gettext_lazy("Learners placed"),
        gettext_lazy("Distinct learners with a placement starting in the period."),
        _learners,
        learners_placed,
    ),
    (
        "workplace.placements_ended_early",
        gettext_lazy("Placements ended early"),
        gettext_lazy("Placements ended early (dropout) in the period."),
        _count(placements_ended_early),
        placements_ended_early,
    ),
    (
        "workplace.mentors_active",
        gettext_lazy("Active mentors"),
        gettext_lazy("Active mentors of a recognition valid on at least one day of the period."),
        _count(mentors_active),
        mentors_active,
    ),
]


METRICS: list[Metric] = [
    Metric(
        key=key,
        title=title,
        definition=definition,
        unit="count",
        compute=compute,
        drilldown=drill,
    )
    for key, title, definition, compute, drill in DEFINITIONS
]
