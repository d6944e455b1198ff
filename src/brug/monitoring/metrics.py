"""Monitoring metrics (`brug.core.metrics`): the key figures of the dashboards and their trends.

Scopes: a sector's recognitions, openings and placements are those of companies in the sector
(as in the workplace permissions); a sector's learners are those in programmes the sector is
responsible for (`figures.programmes_of_sectors`). A province's learners live there; its
workplaces and openings are located there.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet, Sum

from brug.core.caching import cached
from brug.core.i18n import gettext_lazy, pgettext_lazy
from brug.core.metrics import Metric, MetricScope
from brug.monitoring import figures
from brug.registry.models import Organisation
from brug.workplace.models import Learner, Placement, PlacementStatus


def _learners(scope: MetricScope) -> QuerySet[Learner]:
    learners = figures.learners_needing_place(scope.end)
    if scope.sector_ids:
        # Evaluated first: a short list of ids plans better than a subquery with outer joins.
        programmes = set(
            figures.programmes_of_sectors(scope.sector_ids)
            .order_by()
            .values_list("programme_id", flat=True)
            .distinct()
        )
        learners = learners.filter(programme_id__in=programmes)
    if scope.province_ids:
        learners = learners.filter(home_municipality__province_id__in=scope.province_ids)
    return learners


def _company_place_q(scope: MetricScope, company: str, site: str) -> Q:
    q = Q()
    if scope.sector_ids:
        q &= Q(**{f"{company}__sectors__in": scope.sector_ids})
    if scope.province_ids:
        q &= Q(**{f"{site}__municipality__province_id__in": scope.province_ids})
    return q


def recognised_workplaces(scope: MetricScope) -> float:
    q = _company_place_q(scope, "company", "site")
    return float(figures.recognised_workplaces(scope.end).filter(q).distinct().count())


def open_places(scope: MetricScope) -> float:
    # One pass over the open openings: the province is a plain filter and the sector a
    # semi-join on the company, so no opening is counted twice and no self-`IN` is needed
    # (that form did not finish over 77,000 openings at the `netherlands` scale on SQLite).
    openings = figures.open_openings(scope.end)
    if scope.province_ids:
        openings = openings.filter(site__municipality__province_id__in=scope.province_ids)
    if scope.sector_ids:
        openings = openings.filter(
            company_id__in=Organisation.objects.filter(sectors__in=scope.sector_ids).values("pk")
        )
    totals = openings.aggregate(capacity=Sum("capacity"), filled=Sum("filled"))
    return float((totals["capacity"] or 0) - (totals["filled"] or 0))


def learner_count(scope: MetricScope, *, placed: bool) -> int:
    """Learners who need a place and are placed (or not), in the scope.

    Three key figures derive from the two counts; each is a pass over the learners (seconds at
    500,000), so it is kept for the figures' cache lifetime (`core.caching`, aggregates only)
    and shared: the dashboards, the daily snapshot and the demo's back-fill ask for all three.
    Two plain counts, not one aggregate with `COUNT(...) FILTER (WHERE EXISTS ...)`: PostgreSQL
    runs the placement test as a semi-join in a WHERE but once per learner in a FILTER (3 times
    slower at 45,000 learners; on SQLite the two forms cost about the same).
    """
    key = (
        f"learner-count:{scope.start.isoformat()}:{scope.end.isoformat()}:"
        f"s{','.join(map(str, scope.sector_ids))}:p{','.join(map(str, scope.province_ids))}:"
        f"{'placed' if placed else 'waiting'}"
    )
    return cached(key, lambda: _learners(scope).filter(Q(has_place=placed)).count()).value


def learners_placed(scope: MetricScope) -> float:
    return float(learner_count(scope, placed=True))


def learners_without_place(scope: MetricScope) -> float:
    return float(learner_count(scope, placed=False))


def placement_rate(scope: MetricScope) -> float:
    placed = learner_count(scope, placed=True)
    total = placed + learner_count(scope, placed=False)
    return 100.0 * placed / total if total else 0.0


def early_ends(scope: MetricScope) -> float:
    placements = Placement.objects.filter(
        status=PlacementStatus.ENDED_EARLY, ended_on__gte=scope.start, ended_on__lte=scope.end
    )
    placements = placements.filter(_company_place_q(scope, "opening__company", "opening__site"))
    return float(placements.distinct().count())


KEY_FIGURES = [
    Metric(
        key="monitoring.recognised_workplaces",
        title=gettext_lazy("Recognised workplaces"),
        definition=gettext_lazy(
            "Recognitions (site × programme) approved and valid on the reference date."
        ),
        unit="count",
        compute=recognised_workplaces,
    ),
    Metric(
        key="monitoring.open_places",
        title=gettext_lazy("Free places"),
        definition=gettext_lazy(
            "Capacity minus filled places of published, running openings at recognised workplaces."
        ),
        unit="count",
        compute=open_places,
    ),
    Metric(
        key="monitoring.learners_placed",
        title=pgettext_lazy("Lerenden met een plaats", "Learners placed"),
        definition=gettext_lazy(
            "Learners who need a place and have an active placement in this school year."
        ),
        unit="count",
        compute=learners_placed,
    ),
    Metric(
        key="monitoring.learners_without_place",
        title=gettext_lazy("Learners without a place"),
        definition=gettext_lazy(
            "Learners in a programme with workplace learning, ready and willing or in a "
            "start-up phase, without an active placement in this school year."
        ),
        unit="count",
        compute=learners_without_place,
    ),
    Metric(
        key="monitoring.early_ends",
        title=gettext_lazy("Early ends"),
        definition=gettext_lazy("Placements ended early within the period."),
        unit="count",
        compute=early_ends,
    ),
    Metric(
        key="monitoring.placement_rate",
        title=gettext_lazy("Placement rate"),
        definition=gettext_lazy(
            "Learners placed as a percentage of all learners who need a place."
        ),
        unit="percent",
        compute=placement_rate,
    ),
]
METRICS = KEY_FIGURES
