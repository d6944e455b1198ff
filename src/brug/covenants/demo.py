"""Demo data for covenants: the real 2021-2022 generation (facts only) and a demo generation.

The real generation keeps only what `load_2021` takes from the sources: no action, progress
report, evaluation or measurement is generated on it. Everything this step invents lives on the
demo generation (code `demo-huidig`, its name says "demo, fictief") and is also flagged
`is_illustrative` (shown as "illustratief"): actions, commitments, progress values, evaluations
and non-discrimination test counts. Each generated commitment points at a platform metric that
counts what it says (`METRIC_FOR`), or is entered by hand.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from brug.core.demo import DemoContext, demo_step
from brug.core.metrics import metrics_all
from brug.covenants import models as m
from brug.covenants.load_2021 import ensure_themes, load_covenants_2021
from brug.covenants.services import covenant_funding, own_result_commitments, result_funding
from brug.registry.models import Organisation, OrganisationKind, Sector

C = m.ActionCategory
# Examples after the Vlor's analysis (seed 000 section 5) and seed 003; all illustrative.
EXAMPLES: dict[str, tuple[str, list[str]]] = {
    C.INFORMING: ("education_labour_market", [
        "Doe-beurs voor leerlingen van de derde graad",
        "Opendeurdag en werfbezoeken voor leerlingen en ouders",
        "Educatief pakket over beroepen in de sector",
        "Campagne rond studiekeuze met Onderwijskiezer",
    ]),
    C.PARTNERSHIPS: ("education_labour_market", [
        "Onderwijsconvenant met de onderwijskoepels",
        "Investering in up-to-date materiaal voor scholen",
        "Project met het RTC rond nieuwe technologieën",
        "Samenwerking met VDAB-competentiecentrum",
    ]),
    C.QUALIFICATION_STRUCTURE: ("education_labour_market", [
        "Valideren van beroepscompetentieprofielen",
        "Uitschrijven van beroepskwalificatiedossiers",
    ]),
    C.TEACHERS: ("education_labour_market", [
        "Opleidingen voor leraars, open voor werknemersopleidingen",
        "Bedrijfsstages voor leerkrachten",
        "Gastsprekers uit de sector in de klas",
        "Contactpunt voor scholen",
    ]),
    C.WORKPLACE_LEARNING: ("education_labour_market", [
        "Werven van ondernemingen voor leerwerkplekken duaal leren",
        "Mentoropleiding (digitaal) en intervisie tussen mentoren",
        "Matchmaking-event lerenden en ondernemingen",
        "Plaatsen voor BuSO- en DBSO-leerlingen",
    ]),
    C.INTERSECTORAL: ("intersectoral", [
        "Gezamenlijke STEM-promotie met andere industriële sectoren",
        "Intersectorale opleiding voor consulenten",
    ]),
    C.LIFELONG_LEARNING: ("competences_lifelong_learning", [
        "Digitaliseren van het opleidingsaanbod",
        "Opleidingscheque voor digitale vaardigheden",
    ]),
    C.WORKABLE_WORK: ("workable_work", [
        "Ondersteuning werkbaar telewerken",
        "Sensibilisering rond werkbaar werk en jobmobiliteit",
    ]),
    C.DIVERSITY: ("participation_diversity", [
        "Infosessies non-discriminatie voor ondernemingen",
        "Diversiteitsplan-ondersteuning voor kmo's",
    ]),
}  # fmt: skip


# A demo commitment is measured by a platform metric only where the metric counts exactly what
# the commitment promises; every other commitment is reported by hand.
METRIC_FOR: dict[str, str] = {
    "Werven van ondernemingen voor leerwerkplekken duaal leren": "workplace.recognitions_decided",
    "Plaatsen voor BuSO- en DBSO-leerlingen": "workplace.places_offered",
    "Bedrijfsstages voor leerkrachten": "innovet.teacher_placements",
    "Gastsprekers uit de sector in de klas": "innovet.guest_teacher_matches",
}
DEMO_CODE = "demo-huidig"


def _theme(generation: m.CovenantGeneration, code: str) -> m.Theme:
    return (
        m.Theme.objects.filter(code=code, generation=generation).first()
        or m.Theme.objects.filter(code=code, generation__isnull=True).first()
        or m.Theme.objects.get(code="education_labour_market", generation__isnull=True)
    )


def _count_metrics() -> set[str]:
    return {mt.key for mt in metrics_all() if mt.unit == "count"}


def _actions_for(
    covenant: m.Covenant, rng: random.Random, deadline: dt.date, metrics: set[str]
) -> list[m.Commitment]:
    categories = rng.sample(list(EXAMPLES), k=rng.randint(3, 6))
    commitments: list[m.Commitment] = []
    for category in categories:
        theme_code, titles = EXAMPLES[category]
        action = m.Action.objects.create(
            covenant=covenant,
            theme=_theme(covenant.generation, theme_code),
            category=category,
            title=rng.choice(titles),
            is_illustrative=True,
        )
        for kind in rng.sample(["result", "effort"], k=rng.randint(1, 2)):
            unit = "count" if kind == "result" or rng.random() < 0.6 else "percent"
            target = Decimal(rng.choice([10, 20, 25, 40, 60, 100, 150]))
            if unit == "percent":
                target = Decimal(rng.choice([50, 75, 80, 90]))
            commitment = m.Commitment.objects.create(
                action=action,
                kind=kind,
                owner=rng.choices(["sector", "education", "government"], [6, 3, 1])[0],
                description=f"{action.title}: {'bereik' if unit == 'percent' else 'aantal'}",
                target_value=target,
                unit=unit,
                deadline=deadline,
                is_illustrative=True,
            )
            wanted = METRIC_FOR.get(action.title, "")
            key = wanted if unit == "count" and wanted in metrics else ""
            m.Indicator.objects.create(commitment=commitment, metric_key=key, unit=unit)
            commitments.append(commitment)
    return commitments


def _progress(
    covenant: m.Covenant,
    commitments: list[m.Commitment],
    windows: list[m.ReportingWindow],
    rng: random.Random,
) -> int:
    reports = 0
    for step, window in enumerate(windows, start=1):
        report = m.ProgressReport.objects.create(
            covenant=covenant,
            window=window,
            status=m.ProgressReport.Status.SUBMITTED,
            submitted_at=timezone.make_aware(
                dt.datetime.combine(window.closes_on - dt.timedelta(days=3), dt.time(10))
            ),
            narrative="Illustratief voortgangsrapport / illustrative progress report",
        )
        entries = []
        for c in commitments:
            pace = rng.uniform(0.5, 1.3) * step / len(windows)
            value = (c.target_value * Decimal(str(round(pace, 3)))).quantize(Decimal("1"))
            if c.unit == "percent":
                value = min(value, Decimal("100"))
            status = (
                "done"
                if value >= c.target_value
                else "on_track"
                if pace > 0.8 * step / len(windows)
                else rng.choice(["at_risk", "behind"])
            )
            entries.append(
                m.ProgressEntry(
                    report=report,
                    commitment=c,
                    status=status,
                    value=value,
                    unit=c.unit,
                    target_value=c.target_value,
                    metric_key=c.indicator.metric_key,
                    narrative="Illustratief",
                )
            )
        m.ProgressEntry.objects.bulk_create(entries)
        reports += 1
    return reports


def _evaluate(covenant: m.Covenant, kind: str, on: dt.date) -> None:
    latest = covenant.progress_reports.order_by("-window__period_start").first()
    if latest is None:
        return
    entries = list(latest.entries.filter(commitment__in=own_result_commitments(covenant)))
    met = sum(1 for e in entries if e.is_met)
    funding = covenant_funding(covenant)
    if funding is None:
        return
    base, earned = result_funding(
        funding_total=funding,
        result_share=covenant.generation.result_share,
        met=met,
        total=len(entries),
    )
    m.Evaluation.objects.create(
        covenant=covenant,
        kind=kind,
        evaluated_on=on,
        based_on=latest,
        result_commitments=len(entries),
        result_commitments_met=met,
        funding_total_eur=funding,
        result_funding_base_eur=base,
        result_funding_eur=earned,
        note="Illustratieve evaluatie / illustrative evaluation",
    )


def _measurements(covenant: m.Covenant, rng: random.Random) -> int:
    addendum = covenant.addenda.filter(kind=m.AddendumKind.NON_DISCRIMINATION).first()
    if addendum is None or addendum.measurements.exists():
        return 0
    addendum.risk_analysis = "Illustratief: risicoanalyse op sectorniveau (geen bedrijfsnamen)."
    addendum.action_plan = "Illustratief: sensibilisering, infosessies en vervolgmeting."
    plan = rng.choice(list(m.PLANS_WITH_BASELINE))
    addendum.monitoring_plan = plan
    addendum.save(update_fields=["risk_analysis", "action_plan", "monitoring_plan"])
    start = covenant.generation.starts_on
    measurement = m.DiscriminationMeasurement.objects.create(
        addendum=addendum,
        phase="baseline",
        method=plan,  # the two plans with a baseline are named after its method
        performed_on=dt.date(start.year, rng.randint(2, 6), rng.randint(1, 28)),
        is_illustrative=True,
    )
    results = []
    for ground in rng.sample(m.Ground.values, k=rng.randint(2, 4)):
        tests = rng.choice([2, 3, 4, 6, 12, 20, 30, 45, 60])
        results.append(
            m.DiscriminationResult(
                measurement=measurement,
                ground=ground,
                tests=tests,
                unfavourable=rng.randint(0, max(1, tests // 3)),
            )
        )
    m.DiscriminationResult.objects.bulk_create(results)
    return 1


def _current_generation(ctx: DemoContext, rng: random.Random, metrics: set[str]) -> None:
    """The demo generation: every generated action, report, evaluation and measurement lives here,
    so the work flow can be tried today without a figure on a real generation."""
    today = timezone.localdate()
    generation, created = m.CovenantGeneration.objects.get_or_create(
        code=DEMO_CODE,
        defaults={
            "name": f"Demo (fictief): sectorconvenanten {today.year}-{today.year + 1}",
            "starts_on": dt.date(today.year, 1, 1),
            "ends_on": dt.date(today.year + 1, 12, 31),
            "fte_subsidy_eur": Decimal("49000"),
            "result_share": Decimal("0.200"),
            "source": "Fictief: demo-generatie met de financieringsregels van 2021-2022",
        },
    )
    if not created:
        return
    ensure_themes(generation)
    windows = []
    for year in (today.year, today.year + 1):
        for quarter in range(1, 5):
            start = dt.date(year, 3 * quarter - 2, 1)
            end = dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - dt.timedelta(1)
            windows.append(
                m.ReportingWindow.objects.create(
                    generation=generation,
                    label=f"{year} K{quarter}",
                    period_start=start,
                    period_end=end,
                    opens_on=start,
                    closes_on=end + dt.timedelta(days=30),
                )
            )
    closed = [w for w in windows if w.closes_on < today]
    users: dict[str, Any] = ctx.shared.get("demo_users", {})
    consultant = users.get("consultant")
    manager = users.get("department_work")
    own_fund = consultant.memberships.get().organisation if consultant is not None else None
    funds = list(Organisation.objects.filter(kind=OrganisationKind.SECTOR_FUND).order_by("pk")[:6])
    if own_fund is not None:  # the demo consultant's own covenant runs, so it can report now
        funds = [own_fund, *(fund for fund in funds if fund != own_fund)]
    statuses = ["running", "submitted", "submitted", "draft", "changes_requested", "approved"]
    used: set[int] = set()
    for fund, status in zip(funds, statuses, strict=False):
        sector = (
            fund.sectors.exclude(pk__in=used).first() or Sector.objects.exclude(pk__in=used).first()
        )
        if sector is None:
            break
        used.add(sector.pk)
        covenant = m.Covenant.objects.create(
            generation=generation,
            sector=sector,
            sector_fund=fund,
            account_manager=manager,
            consultant_fte=Decimal(rng.randint(2, 6)),
            consultant_fte_is_illustrative=True,
            status=status,
            public_summary="Fictief convenant voor de demo.",
            is_demo=True,
            review_note="Graag meer aandacht voor STEM." if status == "changes_requested" else "",
        )
        m.Addendum.objects.create(
            covenant=covenant,
            kind=m.AddendumKind.NON_DISCRIMINATION,
            budget_eur=Decimal("85000"),
            budget_is_illustrative=True,
            source="Fictief (demo)",
        )
        commitments = _actions_for(covenant, rng, generation.ends_on, metrics)
        ctx.counts["covenants (demo generation)"] += 1
        ctx.counts["covenant actions (illustrative)"] += covenant.actions.count()
        ctx.counts["non-discrimination measurements (illustrative)"] += _measurements(covenant, rng)
        if status == "running" and closed:
            ctx.counts["progress reports (illustrative)"] += _progress(
                covenant, commitments, closed, rng
            )
            _evaluate(covenant, m.Evaluation.Kind.INTERIM, closed[-1].closes_on)


@demo_step(50, "covenants.generation_2021")
def demo_covenants(ctx: DemoContext) -> None:
    """The facts of 2021-2022 (nothing generated on them) and the demo generation."""
    rng = ctx.rng_for("covenants.generation_2021")
    with transaction.atomic():
        result = load_covenants_2021()
        ctx.counts["covenants 2021-2022 (facts)"] += result["covenants"]
        ctx.counts["covenant addenda (facts)"] += result["addenda"]
        _current_generation(ctx, rng, _count_metrics())
