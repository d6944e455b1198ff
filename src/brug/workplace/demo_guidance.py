"""Demo data of issue 14 (order 45, after `workplace.learning` and the matching round): an agreement per demo
placement (most signed, some awaiting consent), a guidance log, the class council's advice,
and feedback on the workplace after placements that ended. Generated, deterministic from
`ctx.rng_for(STEP)`, every row `is_demo`; the texts say "demo" so no generated figure reads
as a fact about a real organisation.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.utils import timezone

from brug.core.bulk import insert_returning_ids, insert_rows, with_defaults
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
    """Plain rows in batches (core.bulk), not model objects: at `netherlands` some 250,000
    placements each get an agreement, consents, guidance entries and advice. The random
    draws keep the order of the object version, so a seed gives the same rows."""
    rng = ctx.rng_for(STEP)
    now = timezone.now()
    today = timezone.localdate()
    # (pk, learner, start, ended_on, status, opening kind, days per week, birth date)
    placements = list(
        m.Placement.objects.filter(is_demo=True, agreement__isnull=True)
        .order_by("pk")
        .values_list(
            "pk",
            "learner_id",
            "start",
            "ended_on",
            "status",
            "opening__kind",
            "opening__days_per_week",
            "learner__identity__birth_date",
        )
    )
    agreement_fields, agreement_row = with_defaults(
        m.LearningAgreement,
        [
            "placement_id",
            "kind",
            "days_per_week",
            "hours_per_week",
            "allowance_per_month",
            "insurer",
            "is_demo",
        ],
    )
    agreement_rows, parties_of = [], []
    for pk, _, start, _, _, kind, days, birth in placements:
        agreement_rows.append(
            agreement_row(
                (
                    pk,
                    KIND_OF.get(kind, "alternating"),
                    days,
                    days * rng.choice((6, 7, 8)),
                    rng.choice((0, 0, 80, 120, 150)),
                    rng.choice(("school", "school", "company")),
                    True,
                )
            )
        )
        parties_of.append(["parent" if _minor(birth, start) else "learner", "company", "school"])
    agreement_ids: list[int] = []
    for begin in range(0, len(agreement_rows), BATCH):
        agreement_ids += insert_returning_ids(
            m.LearningAgreement, agreement_fields, agreement_rows[begin : begin + BATCH]
        )
    del agreement_rows
    signed: list[int] = []
    consent_fields, consent_row = with_defaults(
        m.AgreementConsent, ["agreement_id", "party", "signer_name", "given_at"]
    )

    def consents() -> Iterator[tuple[object, ...]]:
        for agreement_id, parties in zip(agreement_ids, parties_of, strict=True):
            given = parties if rng.random() < 0.85 else parties[: rng.randint(0, 2)]
            for party in given:
                yield consent_row(
                    (
                        agreement_id,
                        party,
                        DEMO_SIGNERS[party],
                        now - timedelta(days=rng.randint(1, 60)),
                    )
                )
            if len(given) == len(parties):
                signed.append(agreement_id)

    insert_rows(m.AgreementConsent, consent_fields, consents())
    for begin in range(0, len(signed), 5000):
        m.LearningAgreement.objects.filter(pk__in=signed[begin : begin + 5000]).update(
            signed_at=now
        )

    entry_fields, entry_row = with_defaults(
        m.GuidanceEntry, ["placement_id", "kind", "on", "notes", "author_side", "is_demo"]
    )
    feedback_fields, feedback_row = with_defaults(
        m.WorkplaceFeedback,
        ["placement_id", "respondent", "learning_culture", "guidance", "is_demo"],
    )
    advice_fields, advice_row = with_defaults(
        m.TrajectoryAdvice,
        ["learner_id", "source", "outcome", "ready", "willing", "reason", "given_on", "is_demo"],
    )
    entries: list[tuple[object, ...]] = []
    feedback: list[tuple[object, ...]] = []
    advice: list[tuple[object, ...]] = []
    for pk, learner_id, start, ended_on, status, _, _, _ in placements:
        last = min(today, ended_on or today)
        if start <= last:
            for kind in ("visit", "evaluation")[: rng.randint(1, 2)]:
                entries.append(
                    entry_row(
                        (
                            pk,
                            kind,
                            start + timedelta(days=rng.randint(0, (last - start).days)),
                            "Demo: verslag van de begeleiding (gegenereerd).",
                            "school" if kind == "visit" else rng.choice(("school", "company")),
                            True,
                        )
                    )
                )
        if status != m.PlacementStatus.ACTIVE:
            for respondent in ("learner", "school"):
                if rng.random() < 0.8:
                    feedback.append(
                        feedback_row((pk, respondent, rng.randint(1, 5), rng.randint(1, 5), True))
                    )
        advice.append(
            advice_row(
                (
                    learner_id,
                    "class_council",
                    "workplace",
                    True,
                    True,
                    "Demo: advies van de klassenraad (gegenereerd).",
                    min(today, start - timedelta(days=rng.randint(20, 60))),
                    True,
                )
            )
        )
    # Each kind goes in after the loop, as the object version did, so the ids are the same.
    insert_rows(m.GuidanceEntry, entry_fields, entries)
    insert_rows(m.WorkplaceFeedback, feedback_fields, feedback)
    insert_rows(m.TrajectoryAdvice, advice_fields, advice)
    ctx.counts["workplace.agreements"] += len(agreement_ids)
    ctx.counts["workplace.guidance_entries"] += len(entries)
    ctx.counts["workplace.feedback"] += len(feedback)
    ctx.counts["workplace.advice"] += len(advice)
