"""Every read of covenant data starts from what the permission matrix lets the user see."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet, Sum

from brug.accounts.people import RequestUser
from brug.core import policy
from brug.covenants import models as m


def generations_visible_to(user: RequestUser) -> QuerySet[m.CovenantGeneration]:
    return policy.visible(user, m.CovenantGeneration.objects.all())


def covenants_visible_to(user: RequestUser, action: str = "view") -> QuerySet[m.Covenant]:
    return policy.visible(
        user,
        m.Covenant.objects.select_related("generation", "sector", "sector_fund"),
        action,
    )


def covenant_for(user: RequestUser, pk: int, action: str = "view") -> m.Covenant:
    """The covenant, or 404 when the user may not even see it, or 403 for the action."""
    return policy.visible_or_404(
        covenants_visible_to(user), pk, user=user, action=None if action == "view" else action
    )


def addenda_visible_to(user: RequestUser) -> QuerySet[m.Addendum]:
    return policy.visible(user, m.Addendum.objects.select_related("covenant__sector"))


def actions_visible_to(user: RequestUser) -> QuerySet[m.Action]:
    return policy.visible(
        user, m.Action.objects.select_related("covenant__sector", "covenant__generation", "theme")
    )


def commitments_visible_to(user: RequestUser) -> QuerySet[m.Commitment]:
    return policy.visible(
        user, m.Commitment.objects.select_related("action__covenant", "indicator")
    )


def reports_visible_to(user: RequestUser) -> QuerySet[m.ProgressReport]:
    return policy.visible(
        user, m.ProgressReport.objects.select_related("window", "covenant__sector")
    )


def report_for(user: RequestUser, pk: int) -> m.ProgressReport:
    return policy.visible_or_404(reports_visible_to(user), pk)


def evaluations_visible_to(user: RequestUser) -> QuerySet[m.Evaluation]:
    return policy.visible(user, m.Evaluation.objects.select_related("covenant__sector"))


def windows_visible_to(user: RequestUser) -> QuerySet[m.ReportingWindow]:
    return policy.visible(user, m.ReportingWindow.objects.select_related("generation"))


def measurements_for_aggregate(user: RequestUser) -> QuerySet[m.DiscriminationMeasurement]:
    """Measurements that may count towards the published (suppressed) comparison."""
    return policy.visible(
        user,
        m.DiscriminationMeasurement.objects.select_related("addendum__covenant__sector"),
        "aggregate",
    )


def themes_for(generation: m.CovenantGeneration | None) -> QuerySet[m.Theme]:
    themes = m.Theme.objects.filter(generation__isnull=True)
    if generation is not None:
        themes = themes | m.Theme.objects.filter(generation=generation)
    return themes.order_by("generation_id", "code")


def shortage_signals_visible_to(user: RequestUser) -> QuerySet[m.ShortageSignal]:
    return policy.visible(
        user,
        m.ShortageSignal.objects.select_related(
            "programme", "province", "sector", "signalled_by_organisation"
        ),
    )


def shortage_signal_for(user: RequestUser, pk: int) -> m.ShortageSignal:
    return policy.visible_or_404(shortage_signals_visible_to(user), pk)


def places_found_for(sector_id: int, *, since: date | None = None) -> int:
    """Places the sector found in answer to shortage signals (counted on its covenant)."""
    signals = m.ShortageSignal.objects.filter(sector_id=sector_id).exclude(
        status=m.SignalStatus.OPEN
    )
    if since is not None:
        signals = signals.filter(answered_at__date__gte=since)
    return int(signals.aggregate(n=Sum("places_found"))["n"] or 0)
