"""Demo data of issue 14 (order 45, after `workplace.learning` and the matching round): an agreement per demo
placement (most signed, some awaiting consent), a guidance log, the class council's advice,
and feedback on the workplace after placements that ended. Generated, deterministic from
`ctx.rng_for(STEP)`, every row `is_demo`; the texts say "demo" so no generated figure reads
as a fact about a real organisation.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from brug.core.demo import DemoContext, demo_step
from brug.workplace import models as m

STEP = "workplace.guidance"
BATCH = 1000
KIND_OF: dict[str, str] = {
    m.PlacementKind.DUAL: "dual",
    m.PlacementKind.INTERNSHIP: "internship",
    m.PlacementKind.WORKPLACE_LEARNING: "alternating",
}
ADULT = 18


# Who signs for each party in the demo: made-up names, marked demo; not a party's label, which
# would read as a word of the interface (and in Dutch on an English page).
DEMO_SIGNERS: dict[str, str] = {
    "learner": "Noor Peeters (demo)",
    "parent": "Els Peeters (demo)",
    "company": "Jan Maes (demo)",
    "school": "An Claes (demo)",
}


def _minor(birth: date | None, on: date) -> bool:
    if birth is None:
        return True
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day)) < ADULT


@demo_step(45, STEP)
def workplace_guidance(ctx: DemoContext) -> None:
    rng = ctx.rng_for(STEP)
    now = timezone.now()
    today = timezone.localdate()
    placements = list(
        m.Placement.objects.filter(is_demo=True, agreement__isnull=True)
        .select_related("opening", "learner__identity")
        .order_by("pk")
    )
    agreements, parties_of = [], []
    for placement in placements:
        days = placement.opening.days_per_week
        agreements.append(
            m.LearningAgreement(
                placement=placement,
                kind=KIND_OF.get(placement.opening.kind, "alternating"),
                days_per_week=days,
                hours_per_week=days * rng.choice((6, 7, 8)),
                allowance_per_month=rng.choice((0, 0, 80, 120, 150)),
                insurer=rng.choice(("school", "school", "company")),
                is_demo=True,
            )
        )
        identity = getattr(placement.learner, "identity", None)
        minor = _minor(identity.birth_date if identity else None, placement.start)
        parties_of.append(["parent" if minor else "learner", "company", "school"])
    agreements = m.LearningAgreement.objects.bulk_create(agreements, batch_size=BATCH)
    consents, signed = [], []
    for agreement, parties in zip(agreements, parties_of, strict=True):
        given = parties if rng.random() < 0.85 else parties[: rng.randint(0, 2)]
        for party in given:
            consents.append(
                m.AgreementConsent(
                    agreement=agreement,
                    party=party,
                    signer_name=DEMO_SIGNERS[party],
                    given_at=now - timedelta(days=rng.randint(1, 60)),
                )
            )
        if len(given) == len(parties):
            signed.append(agreement.pk)
    m.AgreementConsent.objects.bulk_create(consents, batch_size=BATCH)
    m.LearningAgreement.objects.filter(pk__in=signed).update(signed_at=now)

    entries, feedback, advice = [], [], []
    for placement in placements:
        last = min(today, placement.ended_on or today)
        if placement.start <= last:
            for kind in ("visit", "evaluation")[: rng.randint(1, 2)]:
                entries.append(
                    m.GuidanceEntry(
                        placement=placement,
                        kind=kind,
                        on=placement.start
                        + timedelta(days=rng.randint(0, (last - placement.start).days)),
                        notes="Demo: verslag van de begeleiding (gegenereerd).",
                        author_side="school"
                        if kind == "visit"
                        else rng.choice(("school", "company")),
                        is_demo=True,
                    )
                )
        if placement.status != m.PlacementStatus.ACTIVE:
            for respondent in ("learner", "school"):
                if rng.random() < 0.8:
                    feedback.append(
                        m.WorkplaceFeedback(
                            placement=placement,
                            respondent=respondent,
                            learning_culture=rng.randint(1, 5),
                            guidance=rng.randint(1, 5),
                            is_demo=True,
                        )
                    )
        advice.append(
            m.TrajectoryAdvice(
                learner_id=placement.learner_id,
                source="class_council",
                outcome="workplace",
                ready=True,
                willing=True,
                reason="Demo: advies van de klassenraad (gegenereerd).",
                given_on=min(today, placement.start - timedelta(days=rng.randint(20, 60))),
                is_demo=True,
            )
        )
    m.GuidanceEntry.objects.bulk_create(entries, batch_size=BATCH)
    m.WorkplaceFeedback.objects.bulk_create(feedback, batch_size=BATCH)
    m.TrajectoryAdvice.objects.bulk_create(advice, batch_size=BATCH)
    ctx.counts["workplace.agreements"] += len(agreements)
    ctx.counts["workplace.guidance_entries"] += len(entries)
    ctx.counts["workplace.feedback"] += len(feedback)
    ctx.counts["workplace.advice"] += len(advice)
