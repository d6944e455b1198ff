"""The education council's yearly analysis of all sectors' education actions (seed 000,
section 5), generated from the records: per kind of action, how many sectors take it up, how many
actions there are and what education advised. Nothing is typed in for the report itself."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from brug.accounts.people import RequestUser
from brug.core import policy
from brug.core.i18n import gettext_lazy, one_side
from brug.core.numbers import be_number
from brug.core.pdf import ReportDocument
from brug.covenants import models as cm
from brug.covenants.reports import report_issuer
from brug.education import models as m


@dataclass
class CategoryRow:
    category: str
    label: str
    sectors: int = 0
    actions: int = 0
    illustrative: int = 0
    with_advice: int = 0
    shared: int = 0
    positions: Counter[str] = field(default_factory=Counter)


@dataclass
class CouncilReport:
    generation: cm.CovenantGeneration
    rows: list[CategoryRow]
    covenants: int
    sectors_with_actions: int
    rounds: int
    shared_actions: int = 0

    @property
    def total_actions(self) -> int:
        return sum(r.actions for r in self.rows)

    @property
    def total_illustrative(self) -> int:
        return sum(r.illustrative for r in self.rows)


def council_report(user: RequestUser, generation: cm.CovenantGeneration) -> CouncilReport:
    """Four queries whatever the number of sectors: actions, shared actions, advice, rounds.

    An intersectoral action shared by several covenants counts once (its sectors all count)."""
    actions = list(
        policy.visible(
            user,
            cm.Action.objects.filter(
                covenant__generation=generation, category__in=m.EDUCATION_CATEGORIES
            ),
        ).values("pk", "category", "covenant_id", "covenant__sector_id", "is_illustrative")
    )
    advice = list(
        policy.visible(
            user, m.Advice.objects.filter(round__covenant__generation=generation)
        ).values("action_id", "position")
    )
    rounds = policy.visible(
        user, m.ConsultationRound.objects.filter(covenant__generation=generation)
    ).count()
    labels = dict(cm.ActionCategory.choices)
    rows = {c: CategoryRow(category=c, label=str(labels[c])) for c in m.EDUCATION_CATEGORIES}
    sectors: dict[str, set[int]] = {c: set() for c in m.EDUCATION_CATEGORIES}
    category_of: dict[int, str] = {}
    for a in actions:
        row = rows[a["category"]]
        row.actions += 1
        row.illustrative += 1 if a["is_illustrative"] else 0
        sectors[a["category"]].add(a["covenant__sector_id"])
        category_of[a["pk"]] = a["category"]
    shared = policy.visible(
        user, m.IntersectoralAction.objects.filter(generation=generation)
    ).values("pk", "category", "covenants__sector_id", "is_illustrative")
    seen: set[int] = set()
    for item in shared:
        category = item["category"]
        if category not in rows:
            continue
        sectors[category].add(item["covenants__sector_id"])
        if item["pk"] in seen:
            continue
        seen.add(item["pk"])
        rows[category].actions += 1
        rows[category].shared += 1
        rows[category].illustrative += 1 if item["is_illustrative"] else 0
    advised: dict[str, set[int]] = {c: set() for c in m.EDUCATION_CATEGORIES}
    for advice_item in advice:
        advised_category = category_of.get(advice_item["action_id"])
        if advised_category is None:  # advice on an action the user may not see
            continue
        rows[advised_category].positions[advice_item["position"]] += 1
        advised[advised_category].add(advice_item["action_id"])
    for c, row in rows.items():
        row.sectors = len(sectors[c])
        row.with_advice = len(advised[c])
    return CouncilReport(
        generation=generation,
        rows=list(rows.values()),
        covenants=len({a["covenant_id"] for a in actions}),
        sectors_with_actions=len(set().union(*sectors.values())),
        rounds=rounds,
        shared_actions=len(seen),
    )


def header() -> list[str]:
    """The export's header row in the reader's (active) language."""
    return [str(gettext_lazy("Generation")), *(str(h) for h in PDF_HEADER)]


def report_rows(report: CouncilReport) -> list[list[Any]]:
    return [
        [
            report.generation.code,
            row.label,
            row.sectors,
            row.actions,
            row.shared,
            row.illustrative,
            row.with_advice,
            row.positions[m.Position.SUPPORTS],
            row.positions[m.Position.REMARKS],
            row.positions[m.Position.CONCERNS],
        ]
        for row in report.rows
    ]


PDF_HEADER = [
    gettext_lazy("Kind of action"),
    gettext_lazy("Sectors"),
    gettext_lazy("Actions"),
    gettext_lazy("Of which shared across sectors (counted once)"),
    gettext_lazy("Of which illustrative"),
    gettext_lazy("Actions with advice"),
    gettext_lazy("Advice positive"),
    gettext_lazy("Advice with remarks"),
    gettext_lazy("Advice with objections"),
]


def report_pdf(report: CouncilReport, *, on: date | None = None) -> bytes:
    """The council's analysis on core's report layout: issuer, window, reference date, pages."""
    generation = report.generation
    doc = ReportDocument(
        title=str(
            gettext_lazy("Education actions in the sector covenants {code}", code=generation.code)
        ),
        issuer=report_issuer(),
        window=str(gettext_lazy("generation {code}", code=generation.code)),
        reference_date=on or date.today(),
        subtitle=str(
            gettext_lazy(
                "Computed from the actions and advice in Brug: {sectors} sectors, {actions} "
                "education actions, {rounds} consultation rounds; illustrative: {illustrative}.",
                sectors=be_number(report.sectors_with_actions),
                actions=be_number(report.total_actions),
                rounds=be_number(report.rounds),
                illustrative=be_number(report.total_illustrative),
            )
        ),
        is_demo=generation.is_demo,
        orientation="landscape",
    )
    doc.table(
        [str(h) for h in PDF_HEADER],
        [[one_side(r[1]), *(be_number(v) for v in r[2:])] for r in report_rows(report)],
        widths=[0.22, 0.08, 0.08, 0.14, 0.1, 0.1, 0.09, 0.09, 0.1],
        numeric=set(range(1, 9)),
    )
    return doc.build()
