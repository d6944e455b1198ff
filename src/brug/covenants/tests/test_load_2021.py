"""The real 2021-2022 generation: facts from the parliament report, idempotent, from the DB."""

from __future__ import annotations

from decimal import Decimal

import pytest

from brug.covenants import models as m
from brug.covenants.load_2021 import load_covenants_2021
from brug.registry.models import OrganisationKind
from brug.registry.tests.factories import OrganisationFactory, SectorFactory

pytestmark = pytest.mark.django_db


def test_loader_uses_registry_sectors_and_is_idempotent() -> None:
    bouw = SectorFactory(code="bouw", name="Bouw", has_dual_partnership=True)
    transport = SectorFactory(code="transport-logistiek", name="Goederenvervoer en logistiek")
    welzijn = SectorFactory(code="social-profit", name="Social profit", has_dual_partnership=True)
    lonely = SectorFactory(code="diamant", name="Diamant")
    for sector in (bouw, transport, welzijn):
        OrganisationFactory(kind=OrganisationKind.SECTOR_FUND, sectors=[sector])
    first = load_covenants_2021()
    second = load_covenants_2021()
    assert first == second
    generation = m.CovenantGeneration.objects.get(code="2021-2022")
    assert generation.fte_subsidy_eur == Decimal("49000")
    assert generation.result_share == Decimal("0.2")
    assert generation.coverage_percent == Decimal("73.1")
    assert generation.consultants_total == 129
    assert "29/04/2021" in generation.source
    assert generation.covenants.count() == 4
    assert generation.windows.count() == 8
    assert m.Addendum.objects.filter(kind="non_discrimination").count() == 4
    assert set(
        m.Addendum.objects.filter(kind="dual_learning").values_list(
            "covenant__sector__code", flat=True
        )
    ) == {"bouw", "social-profit"}
    road = m.Addendum.objects.get(kind="road_charge")
    assert road.covenant.sector == transport and road.extra_fte == Decimal("2")
    focus = m.Addendum.objects.get(kind="focus_on_talent")
    assert focus.covenant.sector == welzijn and focus.budget_eur == Decimal("400000")
    dual = m.Addendum.objects.filter(kind="dual_learning").first()
    assert dual.budget_is_illustrative
    assert first["without_sector_fund"] == [lonely.name]
    assert generation.covenants.get(sector=lonely).sector_fund is None
    assert all(c.consultant_fte_is_illustrative for c in generation.covenants.all())
    assert sum(c.consultant_fte for c in generation.covenants.all()) == 129
