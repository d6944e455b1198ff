"""Cross-sector analysis (like the Vlor's analysis of the covenants, seed 000 section 5) and the
published non-discrimination comparison. Aggregates only, built from what the user may see."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings

from brug.accounts.people import RequestUser
from brug.covenants import models as m
from brug.covenants.selectors import (
    actions_visible_to,
    addenda_visible_to,
    covenants_visible_to,
    measurements_for_aggregate,
)
from brug.covenants.suppression import SuppressedTable, suppress


@dataclass
class CategoryRow:
    category: str
    label: str
    sectors: list[str] = field(default_factory=list)
    actions: int = 0
    examples: list[tuple[str, str, bool]] = field(default_factory=list)  # title, sector, illus.

    @property
    def sector_count(self) -> int:
        return len(self.sectors)


def category_rows(
    user: RequestUser,
    generation: m.CovenantGeneration | None,
    theme: m.Theme | None = None,
    category: str = "",
    examples: int = 4,
) -> tuple[list[CategoryRow], int]:
    """Per action category: which sectors have actions, how many actions, some examples."""
    actions = actions_visible_to(user)
    if generation is not None:
        actions = actions.filter(covenant__generation=generation)
    if theme is not None:
        actions = actions.filter(theme=theme)
    if category:
        actions = actions.filter(category=category)
    rows = {
        value: CategoryRow(value, str(label))
        for value, label in m.ActionCategory.choices
        if not category or value == category
    }
    sectors: dict[str, set[str]] = defaultdict(set)
    for action in actions.order_by("category", "covenant__sector__name", "title"):
        row = rows[action.category]
        row.actions += 1
        name = action.covenant.sector.name
        if name not in sectors[action.category]:
            sectors[action.category].add(name)
            if len(row.examples) < examples:
                row.examples.append((action.title, name, action.is_illustrative))
    for key, names in sectors.items():
        rows[key].sectors = sorted(names)
    covenants = covenants_visible_to(user)
    if generation is not None:
        covenants = covenants.filter(generation=generation)
    return list(rows.values()), covenants.count()


def addendum_status(
    user: RequestUser, generation: m.CovenantGeneration | None
) -> list[dict[str, Any]]:
    """Per kind of addendum: concluded and pending records (a joint addendum counts once), the
    sectors they cover, and the known budget (amounts not published are left out and counted)."""
    addenda = addenda_visible_to(user)
    if generation is not None:
        addenda = addenda.filter(covenant__generation=generation)
    by_kind: dict[str, list[m.Addendum]] = defaultdict(list)
    for addendum in addenda.prefetch_related("shared_with"):
        by_kind[addendum.kind].append(addendum)
    result = []
    for kind, label in m.AddendumKind.choices:
        of_kind = by_kind.get(kind, [])
        if not of_kind:
            continue
        concluded = sum(1 for a in of_kind if a.status == m.Addendum.Status.CONCLUDED)
        known = [a.budget_eur for a in of_kind if a.budget_eur is not None]
        result.append(
            {
                "kind": kind,
                "label": label,
                "concluded": concluded,
                "pending": len(of_kind) - concluded,
                "sectors": sum(1 + len(a.shared_with.all()) for a in of_kind),
                "joint": sum(1 for a in of_kind if a.shared_with.all()),
                "budget": sum(known, Decimal("0")),
                "unpublished": len(of_kind) - len(known),
            }
        )
    return result


def monitoring_plans(
    user: RequestUser, generation: m.CovenantGeneration | None
) -> list[tuple[str, str, list[str]]]:
    """Per monitoring plan of the non-discrimination addenda: the sectors that chose it."""
    addenda = addenda_visible_to(user).filter(kind=m.AddendumKind.NON_DISCRIMINATION)
    if generation is not None:
        addenda = addenda.filter(covenant__generation=generation)
    sectors: dict[str, list[str]] = defaultdict(list)
    for plan, name in addenda.exclude(monitoring_plan="").values_list(
        "monitoring_plan", "covenant__sector__name"
    ):
        sectors[plan].append(name)
    return [
        (value, str(label), sorted(sectors[value]))
        for value, label in m.MonitoringPlan.choices
        if sectors.get(value)
    ]


@dataclass
class Comparison:
    sectors: list[str]
    grounds: list[tuple[str, str]]
    table: SuppressedTable
    unfavourable: list[list[int]]  # with margins, same shape as table.counts
    k: int

    def cell(self, r: int, c: int) -> dict[str, Any]:
        if self.table.is_hidden(r, c):
            return {"hidden": True}
        n = self.table.counts[r][c]
        u = self.unfavourable[r][c]
        return {"hidden": False, "tests": n, "rate": (u / n) if n else None}

    def grid(self) -> list[dict[str, Any]]:
        if not self.sectors:
            return []
        rows = []
        labels = [*self.sectors, "Totaal / Total"]
        for r, label in enumerate(labels):
            rows.append(
                {
                    "label": label,
                    "is_total": r == len(self.sectors),
                    "cells": [self.cell(r, c) for c in range(len(self.grounds) + 1)],
                }
            )
        return rows


def discrimination_comparison(
    user: RequestUser, generation: m.CovenantGeneration | None, phase: str = "baseline"
) -> Comparison:
    """Sector × ground rates of unfavourable treatment, suppressed below k tests."""
    k = int(getattr(settings, "BRUG_SMALL_CELL_K", 5))
    measurements = measurements_for_aggregate(user).filter(phase=phase)
    if generation is not None:
        measurements = measurements.filter(addendum__covenant__generation=generation)
    grounds = [(value, str(label)) for value, label in m.Ground.choices]
    ground_index = {g: i for i, (g, _) in enumerate(grounds)}
    by_sector: dict[str, list[list[int]]] = {}
    for measurement in measurements.prefetch_related("results"):
        name = measurement.addendum.covenant.sector.name
        cells = by_sector.setdefault(name, [[0, 0] for _ in grounds])
        for result in measurement.results.all():
            cells[ground_index[result.ground]][0] += result.tests
            cells[ground_index[result.ground]][1] += result.unfavourable
    sectors = sorted(by_sector)
    tests = [[by_sector[s][i][0] for i in range(len(grounds))] for s in sectors]
    unfav = [[by_sector[s][i][1] for i in range(len(grounds))] for s in sectors]
    table = suppress(tests, k) if sectors else suppress([], k)
    margins = [[*row, sum(row)] for row in unfav]
    margins.append([sum(r[j] for r in margins) for j in range(len(grounds) + 1)])
    return Comparison(sectors, grounds, table, margins if sectors else [[0]], k)
