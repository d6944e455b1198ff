"""The real 2021-2022 generation of sector covenants, from the Flemish Parliament's report.

Facts (with `source`): the funding rules, the published totals, which addenda each sector has,
and how each sector monitors discrimination (seed 003). Not published per sector, and so left
empty (shown as "not published", never a generated split): each sector's number of consultant
FTE (129 in total) and each sector's amount of the EUR 3 million for dual-learning addenda.
Idempotent: running it again updates the same rows. Uses the sectors and sector funds in the
registry (`brug load-reference`); a sector whose fund is not in the registry gets its covenant
without a party organisation (reported), so only the department can manage it until it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from brug.covenants import models as m
from brug.registry.models import Organisation, OrganisationKind, Sector

SOURCE = (
    "Verslag Vlaams Parlement, Commissie Economie en Werk, 29/04/2021 "
    "(gedachtewisseling en hoorzitting sectorconvenanten 2021-2022)"
)
CODE = "2021-2022"

DECREE_THEMES = [
    ("education_labour_market", "Aansluiting onderwijs-arbeidsmarkt",
     "Link between education and the labour market"),
    ("competences_lifelong_learning", "Competenties en levenslang leren",
     "Competences and lifelong learning"),
    ("participation_diversity", "Evenredige arbeidsdeelname en diversiteit",
     "Proportional participation and diversity"),
]  # fmt: skip
GENERATION_THEMES = [
    ("intersectoral", "Intersectorale toets", "Intersectoral check"),
    ("recovery", "Relancetoets", "Recovery check"),
    ("innovation", "Innovatie", "Innovation"),
    ("workable_work", "Werkbaar werk", "Workable work"),
]

# Which sectors have the sector-specific addenda (seed 003): by registry code, else by name.
ROAD_CHARGE = ({"transport-logistiek"}, ("goederenvervoer", "transport en logistiek"))
FOCUS_ON_TALENT = (
    {"social-profit", "lokale-besturen"},
    ("social profit", "social-profit", "lokale besturen"),
)
# The joint dual-learning addendum of food retail, retail and small retail (seed 003: "het
# gezamenlijke addendum voor de voedingshandel, detailhandel en kleinhandel is nog op komst").
JOINT_DUAL = ("voedingshandel", "detailhandel", "kleinhandel")
JOINT_DUAL_TITLE = "Gezamenlijk addendum voedingshandel, detailhandel en kleinhandel"
# Non-discrimination addenda: 36 concluded; small retail's is still to come (seed 003).
ND_PENDING = {"kleinhandel"}
# How each sector monitors discrimination (seed 003, "Monitoring"): 34 of 37 take a baseline
# measurement, 32 by correspondence test and 2 by survey; the service-voucher sector starts from
# its earlier mystery calls; the removal and temporary-work sectors do a risk analysis only.
# Every other sector: correspondence test.
MONITORING_PLANS = {
    "audiovisueel": m.MonitoringPlan.SURVEY,
    "vermakelijkheidsbedrijven": m.MonitoringPlan.SURVEY,
    "dienstencheques": m.MonitoringPlan.EARLIER_MYSTERY_CALLS,
    "verhuissector": m.MonitoringPlan.RISK_ANALYSIS_ONLY,
    "uitzendarbeid": m.MonitoringPlan.RISK_ANALYSIS_ONLY,
}


def _matches(sector: Sector, rule: tuple[set[str], tuple[str, ...]], codes: set[str]) -> bool:
    wanted, words = rule
    if wanted & codes:
        return sector.code in wanted
    return any(word in sector.name.lower() for word in words)


def _quarter_windows(generation: m.CovenantGeneration) -> None:
    for year in (2021, 2022):
        for quarter in range(1, 5):
            start = dt.date(year, 3 * quarter - 2, 1)
            end_month = 3 * quarter
            end = (dt.date(year + (end_month == 12), end_month % 12 + 1, 1)) - dt.timedelta(1)
            m.ReportingWindow.objects.update_or_create(
                generation=generation,
                period_start=start,
                defaults={
                    "label": f"{year} K{quarter}",
                    "period_end": end,
                    "opens_on": end - dt.timedelta(days=14),
                    "closes_on": end + dt.timedelta(days=30),
                },
            )


def ensure_themes(generation: m.CovenantGeneration) -> None:
    for code, nl, en in DECREE_THEMES:
        m.Theme.objects.update_or_create(
            code=code, generation=None, defaults={"name_nl": nl, "name_en": en}
        )
    for code, nl, en in GENERATION_THEMES:
        m.Theme.objects.update_or_create(
            code=code, generation=generation, defaults={"name_nl": nl, "name_en": en}
        )


def _generation() -> m.CovenantGeneration:
    generation, _ = m.CovenantGeneration.objects.update_or_create(
        code=CODE,
        defaults={
            "name": "Sectorconvenanten 2021-2022",
            "starts_on": dt.date(2021, 1, 1),
            "ends_on": dt.date(2022, 12, 31),
            "fte_subsidy_eur": Decimal("49000"),
            "result_share": Decimal("0.200"),
            "consultants_total": 129,
            "budget_total_eur": Decimal("20000000"),
            "employees_covered": 1_900_000,
            "coverage_percent": Decimal("73.1"),
            "previous_coverage_percent": Decimal("68.6"),
            "facts": {
                "sectors": 37,
                "previous_generation_sectors": 35,
                "consultant_wage_cost_eur": 12_600_000,
                "non_discrimination_total_eur": 3_200_000,
                "non_discrimination_baseline_measurements_planned": 34,
                "non_discrimination_baseline_correspondence_test": 32,
                "non_discrimination_baseline_survey": 2,
                "non_discrimination_risk_analyses": 36,
                "non_discrimination_addenda_concluded": 36,
                "dual_learning_addenda": 19,
                "dual_learning_addenda_concluded": 18,
                "dual_learning_joint_addenda": 1,
                "intersectoral_advisers_serv": 3,
                "intersectoral_advisers_eur": 500_000,
                "intersectoral_industrial_sectors": 15,
                "note": "budget_total_eur is 'ongeveer 20 miljoen euro' over two years",
            },
            "source": SOURCE,
        },
    )
    rules = [
        (m.AddendumKind.NON_DISCRIMINATION, Decimal("85000"), Decimal("3200000"), Decimal("0"),
         "37 sectoren; 34 voeren een nulmeting uit: 32 met een correspondentietest, 2 met een "
         "survey; de dienstenchequesector vertrekt van zijn mysterycalls; de verhuis- en de "
         "uitzendsector doen enkel een risicoanalyse"),
        (m.AddendumKind.DUAL_LEARNING, None, Decimal("3000000"), Decimal("0"),
         "19 addenda: 18 afgesloten en een gezamenlijk addendum voor voedingshandel, "
         "detailhandel en kleinhandel; bedrag per sector op basis van budgetcategorieën (niet "
         "gepubliceerd)"),
        (m.AddendumKind.ROAD_CHARGE, None, None, Decimal("2"),
         "Transport en logistiek: twee VTE sectorconsulenten extra"),
        (m.AddendumKind.FOCUS_ON_TALENT, Decimal("400000"), Decimal("800000"), Decimal("0"),
         "Social profit en lokale besturen: elk 400.000 euro"),
    ]  # fmt: skip
    for kind, per_sector, total, extra_fte, note in rules:
        m.AddendumRule.objects.update_or_create(
            generation=generation,
            kind=kind,
            defaults={
                "per_sector_eur": per_sector,
                "total_eur": total,
                "extra_fte": extra_fte,
                "note": note,
                "source": SOURCE,
            },
        )
    ensure_themes(generation)
    _quarter_windows(generation)
    return generation


def _fund_for(sector: Sector) -> Organisation | None:
    return (
        Organisation.objects.filter(kind=OrganisationKind.SECTOR_FUND, sectors=sector)
        .order_by("is_demo", "pk")
        .first()
    )


def _joint_dual(covenants: dict[str, m.Covenant]) -> int:
    """One dual-learning addendum shared by the retail sectors, on the first one present."""
    present = [covenants[code] for code in JOINT_DUAL if code in covenants]
    if not present:
        return 0
    lead, *partners = present
    m.Addendum.objects.filter(
        covenant__in=partners, kind=m.AddendumKind.DUAL_LEARNING
    ).delete()  # a joint addendum is one record, never one per sector
    joint, _ = m.Addendum.objects.update_or_create(
        covenant=lead,
        kind=m.AddendumKind.DUAL_LEARNING,
        defaults={
            "title": JOINT_DUAL_TITLE,
            "status": m.Addendum.Status.PENDING,  # "nog op komst" on 29/04/2021
            "budget_eur": None,
            "budget_is_illustrative": False,
            "extra_fte": Decimal("0"),
            "monitoring_plan": "",
            "source": SOURCE,
        },
    )
    joint.shared_with.set(partners)
    return 1


@transaction.atomic
def load_covenants_2021(
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    generation = _generation()
    sectors = list(Sector.objects.order_by("name"))
    codes = {s.code for s in sectors}
    usable = [(s, _fund_for(s)) for s in sectors]
    without_fund = [s.name for s, fund in usable if fund is None]
    approved_at = timezone.make_aware(dt.datetime(2021, 4, 29, 12, 0))
    counts = {"covenants": 0, "addenda": 0}
    covenants: dict[str, m.Covenant] = {}
    for index, (sector, fund) in enumerate(usable):
        covenant, _ = m.Covenant.objects.update_or_create(
            generation=generation,
            sector=sector,
            defaults={
                "sector_fund": fund,
                "consultant_fte": None,  # not published per sector (129 in total)
                "consultant_fte_is_illustrative": False,
                "status": m.CovenantStatus.RUNNING,
                "approved_at": approved_at,
                "public_summary": (
                    f"Sectorconvenant 2021-2022 van de sector {sector.name} met de Vlaamse "
                    "Regering: aansluiting onderwijs-arbeidsmarkt, competenties en levenslang "
                    "leren, evenredige arbeidsdeelname en diversiteit, met intersectorale en "
                    "relancetoets."
                ),
                "source": SOURCE,
            },
        )
        covenants[sector.code] = covenant
        counts["covenants"] += 1
        nd_status = (
            m.Addendum.Status.PENDING if sector.code in ND_PENDING else m.Addendum.Status.CONCLUDED
        )
        addenda: list[tuple[str, Decimal | None, Decimal, str, str]] = [
            (
                m.AddendumKind.NON_DISCRIMINATION,
                Decimal("85000"),
                Decimal("0"),
                nd_status,
                MONITORING_PLANS.get(sector.code, m.MonitoringPlan.CORRESPONDENCE_TEST),
            )
        ]
        if sector.has_dual_partnership and sector.code not in JOINT_DUAL:
            addenda.append(
                (m.AddendumKind.DUAL_LEARNING, None, Decimal("0"), m.Addendum.Status.CONCLUDED, "")
            )
        if _matches(sector, ROAD_CHARGE, codes):
            addenda.append(
                (m.AddendumKind.ROAD_CHARGE, Decimal("0"), Decimal("2"), "concluded", "")
            )
        if _matches(sector, FOCUS_ON_TALENT, codes):
            addenda.append(
                (m.AddendumKind.FOCUS_ON_TALENT, Decimal("400000"), Decimal("0"), "concluded", "")
            )
        for kind, budget, extra_fte, status, plan in addenda:
            m.Addendum.objects.update_or_create(
                covenant=covenant,
                kind=kind,
                defaults={
                    "status": status,
                    "budget_eur": budget,
                    "budget_is_illustrative": False,
                    "extra_fte": extra_fte,
                    "monitoring_plan": plan,
                    "source": SOURCE,
                },
            )
            counts["addenda"] += 1
        if progress is not None:
            progress(index + 1, len(usable))
    counts["addenda"] += _joint_dual(covenants)
    return {
        "generation": generation.pk,
        "sectors_in_registry": len(sectors),
        "covenants": counts["covenants"],
        "addenda": counts["addenda"],
        "without_sector_fund": without_fund,
    }
