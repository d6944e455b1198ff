"""Reads of issue 14: agreements, guidance, advice, and the quality signals of a workplace.

Quality signals of one learning workplace (a recognition: site × programme): feedback of
learners and schools after their placement, early ends with their reasons, mentor training
done. The sector consultant and the reviewer see exact figures and the comments (never a
pseudonym: `view_quality_detail`); the company sees aggregates only, each count or average
over fewer than `BRUG_SMALL_CELL_K` people suppressed with core's disclosure control
(`view_quality`), and never a comment, so no single learner can be recognised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Avg, Count, Q, QuerySet

from brug.accounts.people import RequestUser
from brug.core import disclosure, policy
from brug.workplace import models as m

ENDED = (m.PlacementStatus.ENDED, m.PlacementStatus.ENDED_EARLY)


def agreements_visible_to(user: RequestUser, action: str = "view") -> QuerySet[m.LearningAgreement]:
    qs = m.LearningAgreement.objects.select_related(
        "placement__learner__identity", "placement__opening__company"
    ).prefetch_related("consents")
    return policy.visible(user, qs, action)


def guidance_visible_to(user: RequestUser, action: str = "view") -> QuerySet[m.GuidanceEntry]:
    return policy.visible(user, m.GuidanceEntry.objects.select_related("placement"), action)


def advice_visible_to(user: RequestUser, action: str = "view") -> QuerySet[m.TrajectoryAdvice]:
    return policy.visible(user, m.TrajectoryAdvice.objects.select_related("given_by"), action)


def start_up_visible_to(user: RequestUser, action: str = "view") -> QuerySet[m.StartUpTrajectory]:
    return policy.visible(user, m.StartUpTrajectory.objects.all(), action)


def feedback_visible_to(user: RequestUser, action: str = "view") -> QuerySet[m.WorkplaceFeedback]:
    return policy.visible(user, m.WorkplaceFeedback.objects.select_related("placement"), action)


@dataclass
class Score:
    """Answers of one kind of respondent; None where suppressed (too few answers)."""

    respondent: str
    label: str
    answers: int | None
    learning_culture: float | None
    guidance: float | None


@dataclass
class Quality:
    recognition_id: int
    detailed: bool  # exact figures and comments (consultant, reviewer)
    k: int
    placements_ended: int | None
    ended_early: int | None
    early_reasons: list[tuple[str, int | None]]
    scores: list[Score]
    mentors: int
    mentors_trained: int
    comments: list[tuple[str, str]] = field(default_factory=list)  # (respondent label, text)

    @property
    def suppressed(self) -> bool:
        return not self.detailed and (
            self.placements_ended is None
            or any(s.answers is None for s in self.scores)
            or any(n is None for _, n in self.early_reasons)
        )


def _round(value: Any) -> float | None:
    return round(float(value), 1) if value is not None else None


def quality_for(user: RequestUser, recognition: m.Recognition) -> Quality | None:
    """The quality signals of one workplace as this user may see them, or None."""
    return quality_many(user, [recognition]).get(recognition.pk)


def quality_many(
    user: RequestUser, recognitions: list[m.Recognition], *, all_detailed: bool = False
) -> dict[int, Quality]:
    """Quality signals of several workplaces in a fixed number of queries (a page of them).
    `all_detailed`: the rows come from `workplaces_with_quality` (already filtered by the
    policy on `view_quality_detail`), so no check per row is needed."""
    if all_detailed:
        shown, detail = recognitions, {r.pk: True for r in recognitions}
    else:
        shown = [r for r in recognitions if policy.can(user, "view_quality", r)]
        detail = {r.pk: policy.can(user, "view_quality_detail", r) for r in shown}
    if not shown:
        return {}
    ids = [r.pk for r in shown]
    k = int(settings.BRUG_SMALL_CELL_K)
    ended = {
        row["opening__workplace_id"]: row
        for row in m.Placement.objects.filter(opening__workplace_id__in=ids, status__in=ENDED)
        .values("opening__workplace_id")
        .annotate(n=Count("pk"), early=Count("pk", filter=Q(status="ended_early")))
    }
    reasons: dict[int, dict[str, int]] = {}
    for row in (
        m.Placement.objects.filter(opening__workplace_id__in=ids, status="ended_early")
        .values("opening__workplace_id", "end_reason")
        .annotate(n=Count("pk"))
    ):
        reasons.setdefault(row["opening__workplace_id"], {})[row["end_reason"]] = row["n"]
    scores: dict[int, dict[str, dict[str, Any]]] = {}
    for row in (
        m.WorkplaceFeedback.objects.filter(placement__opening__workplace_id__in=ids)
        .values("placement__opening__workplace_id", "respondent")
        .annotate(n=Count("pk"), culture=Avg("learning_culture"), guidance=Avg("guidance"))
    ):
        scores.setdefault(row["placement__opening__workplace_id"], {})[row["respondent"]] = row
    mentors: dict[int, tuple[int, int]] = {}
    for row in (
        m.Recognition.mentors.through.objects.filter(recognition_id__in=ids, mentor__is_active=True)
        .values("recognition_id")
        .annotate(
            n=Count("mentor_id"),
            trained=Count("mentor_id", filter=Q(mentor__training_completed_on__isnull=False)),
        )
    ):
        mentors[row["recognition_id"]] = (row["n"], row["trained"])
    comments: dict[int, list[tuple[str, str]]] = {}
    if any(detail.values()):
        for wid, respondent, text in (
            m.WorkplaceFeedback.objects.filter(
                placement__opening__workplace_id__in=[i for i in ids if detail[i]]
            )
            .exclude(comment="")
            .order_by("-created_at", "-pk")
            .values_list("placement__opening__workplace_id", "respondent", "comment")
        ):
            comments.setdefault(wid, []).append((str(m.RESPONDENT_LABELS[respondent]), text))
    result = {}
    for wid in ids:
        result[wid] = _one(
            wid,
            detailed=detail[wid],
            k=k,
            ended=ended.get(wid),
            reasons=reasons.get(wid, {}),
            scores=scores.get(wid, {}),
            mentors=mentors.get(wid, (0, 0)),
            comments=comments.get(wid, []),
        )
    return result


def _one(
    wid: int,
    *,
    detailed: bool,
    k: int,
    ended: dict[str, Any] | None,
    reasons: dict[str, int],
    scores: dict[str, dict[str, Any]],
    mentors: tuple[int, int],
    comments: list[tuple[str, str]],
) -> Quality:
    n_ended = ended["n"] if ended else 0
    n_early = ended["early"] if ended else 0
    reason_keys = [r for r in m.EndReason.values if r in reasons]
    score_rows = []
    for respondent, label in m.RESPONDENT_LABELS.items():
        row = scores.get(respondent)
        n: int | None = row["n"] if row else 0
        culture = _round(row["culture"]) if row else None
        guidance = _round(row["guidance"]) if row else None
        if not detailed and disclosure.is_small(n or 0, k):
            n, culture, guidance = None, None, None
        score_rows.append(Score(respondent, str(label), n, culture, guidance))
    early_reasons: list[tuple[str, int | None]]
    if detailed:
        early_reasons = [(_reason_label(r), reasons[r]) for r in reason_keys]
        return Quality(
            wid, True, k, n_ended, n_early, early_reasons, score_rows, *mentors, comments
        )
    # The company: the ended and early-ended placements and their reasons as a one-way
    # table with its total, small cells suppressed (and what would give them away).
    series = disclosure.suppress_series({r: reasons[r] for r in reason_keys}, k=k)
    table = {(r, "n"): reasons[r] for r in reason_keys}
    early_reasons = [(_reason_label(r), series.cell(table, r, "n")) for r in reason_keys]
    return Quality(
        wid,
        False,
        k,
        None if disclosure.is_small(n_ended, k) else n_ended,
        series.col_total(table, "n") if reason_keys else n_early,
        early_reasons,
        score_rows,
        *mentors,
    )


def _reason_label(code: str) -> str:
    return str(m.EndReason(code).label) if code in m.EndReason.values else code


def workplaces_with_quality(user: RequestUser) -> QuerySet[m.Recognition]:
    """Workplaces whose detailed quality signals the user may see (consultant, reviewer),
    the longest-recognised first."""
    return recognitions_for_quality(user).order_by("valid_until", "pk")


def recognitions_for_quality(user: RequestUser) -> QuerySet[m.Recognition]:
    qs = m.Recognition.objects.select_related("company", "site", "programme").filter(
        status__in=[m.RecognitionStatus.APPROVED, m.RecognitionStatus.SUSPENDED]
    )
    return policy.visible(user, qs, "view_quality_detail")
