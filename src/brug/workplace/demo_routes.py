"""Demo data for the learning routes (issue 14), used by the workplace demo step.

Learners are spread over the routes in the proportions of the learner counts in seed 002
(school year 2014-15): TSO 89,119, BSO 74,100, DBSO 8,807, apprenticeship (leertijd) 2,492,
BuSO OV3 11,234. In modernised secondary education TSO is the double finality (D/A) and BSO
the labour-market finality (A) of the full-time route. The figures are the proportions only;
every generated learner, organisation and place is demo data.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from django.db.models import Q

from brug.registry.models import Finality, LearningRoute, Organisation, OrganisationKind, Programme
from brug.workplace import models as m

# Seed 002, learner counts 2014-15.
SEED_002_LEARNERS: dict[str, int] = {
    "tso": 89_119,
    "bso": 74_100,
    LearningRoute.PART_TIME_VOCATIONAL: 8_807,
    LearningRoute.APPRENTICESHIP: 2_492,
    LearningRoute.SPECIAL_OV3: 11_234,
}
# Share of openings (with two or more places) that reserve one place for a target group.
TARGET_GROUP_SHARE = 0.15
EARLY_LEAVER_SHARE = 0.03  # full-time learners who left school early and came back
# Days at the workplace per week (seed 002): DBSO 3 days work / 2 school, leertijd 4 / 1.
DAYS_AT_WORK: dict[str, int] = {
    LearningRoute.PART_TIME_VOCATIONAL: 3,
    LearningRoute.APPRENTICESHIP: 4,
}


def bucket_of(programme: Programme) -> str:
    """The seed-002 bucket of a programme: tso/bso for the full-time route, else its route."""
    if programme.route == LearningRoute.FULL_TIME:
        return "tso" if programme.finality == Finality.DOUBLE else "bso"
    return str(programme.route)


def route_programmes() -> list[Programme]:
    """The programmes of the part-time, apprenticeship and special-secondary routes and the
    full-time seventh years (reference data, programme_routes.csv)."""
    routes = [
        LearningRoute.PART_TIME_VOCATIONAL,
        LearningRoute.APPRENTICESHIP,
        LearningRoute.SPECIAL_OV3,
    ]
    return list(
        Programme.objects.filter(
            Q(route__in=routes) | Q(route=LearningRoute.FULL_TIME, year=3)
        ).order_by("code")
    )


def syntra_provider() -> Organisation:
    """The education provider of the apprenticeship in the demo (a demo organisation)."""
    org, _ = Organisation.objects.get_or_create(
        kind=OrganisationKind.SYNTRA,
        name="Syntra-campus (demo)",
        defaults={"is_demo": True},
    )
    return org


def choose_programme(
    rng: random.Random,
    by_bucket: dict[str, list[int]],
    with_openings: set[int],
) -> tuple[str, int]:
    """A bucket by the seed-002 proportions (among the buckets that have programmes), then a
    programme in it, one with openings nine times out of ten."""
    buckets = [b for b in SEED_002_LEARNERS if by_bucket.get(b)]
    bucket = rng.choices(buckets, weights=[SEED_002_LEARNERS[b] for b in buckets])[0]
    options = by_bucket[bucket]
    preferred = [p for p in options if p in with_openings]
    pool = preferred if preferred and rng.random() < 0.9 else options
    return bucket, rng.choice(pool)


def year_in_grade(rng: random.Random, programme: Programme) -> int | None:
    """The year within the grade: a one-year programme's own year, else the first or second."""
    if programme.year is not None:
        return programme.year
    if programme.grade is None:
        return None
    return rng.choice([1, 2])


def target_group_for(rng: random.Random, capacity: int, route: str) -> tuple[str, int]:
    """Some openings reserve a place for a target group (seed 000). Places in a DBSO or BuSO
    programme are for those learners already; the demo reserves places on full-time openings
    for early school leavers, the group the same programme can take in."""
    if capacity < 2 or route != LearningRoute.FULL_TIME or rng.random() >= TARGET_GROUP_SHARE:
        return "", 0
    return m.TargetGroup.EARLY_LEAVERS, 1


def by_bucket(programmes: Sequence[Programme]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for p in programmes:
        out.setdefault(bucket_of(p), []).append(p.pk)
    return out


def conditions_and_visits(
    recognitions: Sequence[m.Recognition], rng: random.Random, today: date
) -> tuple[int, int]:
    """The checklist of every demo recognition: decided ones have evidence and the verdict
    "met" for each condition; applications under review have evidence for some conditions and
    no verdict yet; drafts are empty. About half of the decided ones had a site visit."""
    decided = (
        m.RecognitionStatus.APPROVED,
        m.RecognitionStatus.SUSPENDED,
        m.RecognitionStatus.WITHDRAWN,
    )
    rows, visits = [], []
    n_rows = 0
    for rec in recognitions:
        for kind in m.ConditionKind.values:
            row = m.RecognitionCondition(recognition=rec, kind=kind)
            if rec.status in decided:
                row.evidence = "Bewijs voorgelegd (demo)"
                row.verdict = m.ConditionVerdict.MET
            elif rec.status in m.IN_REVIEW_STATES and rng.random() < 0.6:
                row.evidence = "Bewijs voorgelegd (demo)"
            rows.append(row)
        if len(rows) >= 20_000:  # memory stays bounded at the largest scales
            m.RecognitionCondition.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
            n_rows += len(rows)
            rows = []
        if rec.status in decided and rng.random() < 0.5:
            on = (rec.valid_from or today) - timedelta(days=rng.randint(3, 20))
            visits.append(
                m.SiteVisit(
                    recognition=rec,
                    on=max(on, m.OPENING_EARLIEST),
                    visitor_name="Adviseur van het partnerschap (demo)",
                    findings="Werkplek en uitrusting bekeken; geen opmerkingen (demo).",
                )
            )
    m.RecognitionCondition.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    m.SiteVisit.objects.bulk_create(visits, batch_size=2000)
    return n_rows + len(rows), len(visits)
