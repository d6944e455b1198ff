"""Demo snapshots (order 90): a few months of metric values, back-filled from the demo records.

Each past value is computed with the metric's own definition at that past reference date, from
the records as they stand now (so it is deterministic, and it is an approximation of the past:
labelled `is_demo`). Every scale gets the same months; bigger scales get fewer sector scopes.
"""

from __future__ import annotations

from datetime import date

from brug.core.demo import DemoContext, demo_step
from brug.core.metrics import MetricScope
from brug.monitoring.context import context_load
from brug.monitoring.figures import school_year, school_year_label, workplace_learning_programme_q
from brug.monitoring.metrics import KEY_FIGURES
from brug.monitoring.models import Snapshot, scope_key
from brug.monitoring.services import official_counts_import_as_system
from brug.registry.models import Province, Sector
from brug.workplace.models import Learner, Recognition

MONTHS = 6
SECTOR_SCOPES = {"flanders": 10, "netherlands": 3}


def past_dates(today: date, months: int = MONTHS) -> list[date]:
    """The first day of each of the last `months` months, then today."""
    dates: list[date] = []
    year, month = today.year, today.month
    for _ in range(months):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        dates.append(date(year, month, 1))
    return [*sorted(dates), today]


@demo_step(90, "monitoring.snapshots")
def snapshots(ctx: DemoContext) -> None:
    today = date.today()
    sectors = list(
        Sector.objects.filter(pk__in=Recognition.objects.values("company__sectors"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    # Each value is a query over all learners: the bigger scales back-fill the busiest sectors
    # only (`flanders` 10, `netherlands` 3), so generation stays within minutes.
    sectors = sectors[: SECTOR_SCOPES.get(ctx.scale.name, len(sectors))]
    provinces = list(Province.objects.order_by("pk").values_list("pk", flat=True))
    dates = past_dates(today)
    scopes: list[tuple[int | None, int | None]] = [(None, None)]
    scopes += [(s, None) for s in sectors] + [(None, p) for p in provinces]
    total = len(dates) * len(scopes)
    rows: list[Snapshot] = []
    for index, on in enumerate(dates):
        start = school_year(on)[0]
        for sector_id, province_id in scopes:
            scope = MetricScope(
                start=start,
                end=on,
                sector_ids=(sector_id,) if sector_id else (),
                province_ids=(province_id,) if province_id else (),
            )
            for metric in KEY_FIGURES:
                rows.append(
                    Snapshot(
                        metric_key=metric.key,
                        scope=scope_key(sector_id=sector_id, province_id=province_id),
                        sector_id=sector_id,
                        province_id=province_id,
                        on=on,
                        value=float(metric.compute(scope)),
                        is_demo=True,
                    )
                )
        ctx.progress("monitoring.snapshots", (index + 1) * len(scopes), total)
    Snapshot.objects.filter(on__in=dates, metric_key__in=[m.key for m in KEY_FIGURES]).delete()
    Snapshot.objects.bulk_create(rows, batch_size=2000)
    ctx.counts["monitoring.snapshots"] += len(rows)


@demo_step(91, "monitoring.official_counts")
def official_counts(ctx: DemoContext) -> None:
    """The context figures of the policy documents (real, with their publication), and a
    generated "official" enrolment per programme × province for this school year and the one
    before, and per province × finality for the second year of the second grade (last year) and
    the first year of the third grade (this year), labelled demo: it lets the flows page show both
    sides, a phase-out signal and the second-to-third-grade transition."""
    ctx.counts["monitoring.context_figures"] += context_load()
    rng = ctx.rng_for("monitoring.official_counts")
    year = school_year_label(date.today())
    start = int(year[:4])
    before = f"{start - 1}-{start}"
    cells = sorted(
        set(
            Learner.objects.filter(workplace_learning_programme_q("programme__"))
            .values_list("programme__code", "home_municipality__province__nis_code")
            .distinct()
        )
    )[:200]
    if not cells:
        return
    lines = ["schooljaar;maat;opleiding;provincie;graad;leerjaar;finaliteit;waarde"]
    for index, (code, nis) in enumerate(cells):
        old = rng.randint(20, 160)
        # One cell in ten falls sharply: a phase-out signal to discuss in the regional frame.
        new = (
            rng.randint(0, old // 3)
            if index % 10 == 3
            else rng.randint(old * 8 // 10, old * 11 // 10)
        )
        lines += [
            f"{before};ingeschreven;{code};{nis};;;;{old}",
            f"{year};ingeschreven;{code};{nis};;;;{new}",
        ]
    # The second-to-third-grade transition: per province and finality, the second year of the
    # second grade last school year and the first year of the third grade this one (demo).
    for nis in sorted({nis for _, nis in cells}):
        for finality, low, high in (("A", 150, 600), ("D/A", 300, 900), ("D", 400, 1200)):
            grade2 = rng.randint(low, high)
            lines += [
                f"{before};ingeschreven;;{nis};2;2;{finality};{grade2}",
                f"{year};ingeschreven;;{nis};3;1;{finality};"
                f"{rng.randint(grade2 * 8 // 10, grade2 * 12 // 10)}",
            ]
    result = official_counts_import_as_system(
        title="Demo: gegenereerde inschrijvingen per opleiding en provincie (geen echte cijfers)",
        publisher="Brug-demo",
        url="",
        reference_date=date.today(),
        note="Gegenereerd voor de demo; geen officiële cijfers.",
        filename="demo-tellingen.csv",
        content="\n".join(lines).encode(),
        is_demo=True,
    )
    ctx.counts["monitoring.official_counts"] += result.report.created
