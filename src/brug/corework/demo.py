"""Demo core work: illustrative quarterly training records on the covenants of the demo generation
only (never on 2021-2022), flagged `is_demo` and shown as such."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from brug.core.demo import DemoContext, demo_step
from brug.corework import models as m
from brug.corework.services import quarter_dates
from brug.covenants.models import Covenant

DEMO_GENERATION = "demo-huidig"


@demo_step(57, "corework.trainings")
def demo_trainings(ctx: DemoContext) -> None:
    rng = ctx.rng_for("corework.trainings")
    if m.TrainingRecord.objects.filter(is_demo=True).exists():
        return
    today = timezone.localdate()
    covenants = list(
        Covenant.objects.filter(generation__code=DEMO_GENERATION, is_demo=True)
        .select_related("generation")
        .order_by("pk")
    )
    rows = []
    for covenant in covenants:
        employees = rng.randint(5_000, 60_000)
        generation = covenant.generation
        for year in range(generation.starts_on.year, generation.ends_on.year + 1):
            for quarter in range(1, 5):
                start, _ = quarter_dates(year, quarter)
                if start > today or start < generation.starts_on:
                    continue
                participants = rng.randint(employees // 100, employees // 20)
                rows.append(
                    m.TrainingRecord(
                        covenant=covenant,
                        year=year,
                        quarter=quarter,
                        training_hours=Decimal(participants * rng.randint(4, 16)),
                        dossiers=rng.randint(participants // 20, participants // 5),
                        participants=participants,
                        employees=employees,
                        channel=rng.choice(m.Channel.values),
                        recorded_at=timezone.now(),
                        is_demo=True,
                    )
                )
    m.TrainingRecord.objects.bulk_create(rows)
    ctx.counts["corework.training_records (demo)"] += len(rows)
