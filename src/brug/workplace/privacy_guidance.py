"""The learner's rights over the data of issue 14 (see privacy.py and docs/privacy.md).

`export_trajectory`: the advice, start-up phase, agreements with their consents, guidance log
and feedback about one learner, for the export the school hands over. `erase_trajectory`: on
erasure the advice and the start-up phase go, and so do the free texts (guidance notes,
feedback comments) and the names of those who signed; the terms of the agreements, the kinds
and dates of guidance and the feedback scores stay for the figures, like the placements.
"""

from __future__ import annotations

from typing import Any

from brug.workplace import models as m

ERASED_MARK = "–"  # a required text after erasure


def export_trajectory(learner: m.Learner) -> dict[str, Any]:
    agreements = m.LearningAgreement.objects.filter(placement__learner=learner).prefetch_related(
        "consents"
    )
    return {
        "advice": [
            {
                "source": a.source,
                "outcome": a.outcome,
                "ready": a.ready,
                "willing": a.willing,
                "reason": a.reason,
                "given_on": a.given_on.isoformat(),
            }
            for a in m.TrajectoryAdvice.objects.filter(learner=learner)
        ],
        "start_up": [
            {
                "content": s.content,
                "duration_weeks": s.duration_weeks,
                "organiser": s.organiser,
                "starts_on": s.starts_on.isoformat() if s.starts_on else None,
                "completed_on": s.completed_on.isoformat() if s.completed_on else None,
            }
            for s in m.StartUpTrajectory.objects.filter(learner=learner)
        ],
        "agreements": [
            {
                "placement": a.placement_id,
                "kind": a.kind,
                "days_per_week": a.days_per_week,
                "hours_per_week": a.hours_per_week,
                "allowance_per_month": str(a.allowance_per_month),
                "insurer": a.insurer,
                "signed_at": a.signed_at.isoformat() if a.signed_at else None,
                "consents": [
                    {"party": c.party, "name": c.signer_name, "at": c.given_at.isoformat()}
                    for c in a.consents.all()
                ],
            }
            for a in agreements
        ],
        "guidance": [
            {"placement": g.placement_id, "kind": g.kind, "on": g.on.isoformat(), "notes": g.notes}
            for g in m.GuidanceEntry.objects.filter(placement__learner=learner)
        ],
        "feedback": [
            {
                "placement": f.placement_id,
                "respondent": f.respondent,
                "learning_culture": f.learning_culture,
                "guidance": f.guidance,
                "comment": f.comment,
            }
            for f in m.WorkplaceFeedback.objects.filter(placement__learner=learner)
        ],
    }


def erase_trajectory(learner: m.Learner) -> None:
    m.TrajectoryAdvice.objects.filter(learner=learner).delete()
    m.StartUpTrajectory.objects.filter(learner=learner).delete()
    m.GuidanceEntry.objects.filter(placement__learner=learner).update(notes=ERASED_MARK)
    m.AgreementConsent.objects.filter(agreement__placement__learner=learner).update(
        signer_name=ERASED_MARK
    )
    m.WorkplaceFeedback.objects.filter(placement__learner=learner).update(comment="")
