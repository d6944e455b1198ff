"""The real 2021-2022 generation: facts from the parliament report, idempotent, from the DB."""

from __future__ import annotations

from decimal import Decimal

import pytest

from brug.covenants import models as m
from brug.covenants.load_2021 import load_covenants_2021
from brug.registry.models import OrganisationKind
from brug.registry.reference import read_data
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
    assert dual.budget_eur is None and not dual.budget_is_illustrative  # not published
    assert first["without_sector_fund"] == [lonely.name]
    assert generation.covenants.get(sector=lonely).sector_fund is None
    # The number of consultants per sector is not published: empty, never a generated split.
    assert not generation.covenants.exclude(consultant_fte=None).exists()
    assert generation.consultants_total == 129


def test_the_sector_list_names_every_sector_the_seeds_name() -> None:
    rows = {r["code"]: r for r in read_data("sectors.csv")}
    assert len(rows) == 37
    named = {
        "bouw", "social-profit", "lokale-besturen", "vrije-beroepen", "verhuissector",
        "uitzendarbeid", "dienstencheques", "audiovisueel", "vermakelijkheidsbedrijven",
        "voedingshandel", "detailhandel", "kleinhandel", "begrafenissector",
        "metaal-technologische-industrie", "transport-logistiek",
    }  # fmt: skip
    assert named <= set(rows)
    assert all(rows[code]["basis"] == "seed" for code in named)
    assert {r["basis"] for r in rows.values()} == {"seed", "reconstructed"}
    # Subsectors of social profit (seed 003) are no separate covenant sectors.
    assert not {"socio-cultureel", "maatwerkbedrijven"} & set(rows)


def test_non_discrimination_monitoring_is_recorded_as_seed_003_says(all_37) -> None:
    nd = m.Addendum.objects.filter(covenant__generation=all_37, kind="non_discrimination")
    assert nd.count() == 37
    assert nd.filter(status="concluded").count() == 36  # small retail's still to come
    assert nd.get(status="pending").covenant.sector.code == "kleinhandel"

    def sectors(plan: str) -> set[str]:
        return set(nd.filter(monitoring_plan=plan).values_list("covenant__sector__code", flat=True))

    assert len(sectors("correspondence_test")) == 32
    assert sectors("survey") == {"audiovisueel", "vermakelijkheidsbedrijven"}
    assert sectors("earlier_mystery_calls") == {"dienstencheques"}
    assert sectors("risk_analysis_only") == {"verhuissector", "uitzendarbeid"}
    assert nd.filter(monitoring_plan__in=m.PLANS_WITH_BASELINE).count() == 34
    assert all_37.facts["non_discrimination_baseline_measurements_planned"] == 34
    # Recorded plans, never generated measurements.
    assert not m.DiscriminationMeasurement.objects.exists()


def test_addenda_of_2021_2022_match_seed_003(all_37) -> None:
    dual = m.Addendum.objects.filter(covenant__generation=all_37, kind="dual_learning")
    joint = dual.filter(shared_with__isnull=False).distinct().get()
    assert joint.covenant.sector.code == "voedingshandel"
    assert {c.sector.code for c in joint.shared_with.all()} == {"detailhandel", "kleinhandel"}
    assert joint.status == "pending" and joint.budget_eur is None
    # One record for the three retail sectors; the others each have their own.
    assert not dual.filter(covenant__sector__code__in=["detailhandel", "kleinhandel"]).exists()
    assert all_37.facts["dual_learning_addenda"] == 19
    assert all_37.facts["dual_learning_addenda_concluded"] == 18
    focus = m.Addendum.objects.filter(covenant__generation=all_37, kind="focus_on_talent")
    assert {a.covenant.sector.code for a in focus} == {"social-profit", "lokale-besturen"}
    assert {a.budget_eur for a in focus} == {Decimal("400000")}
    rule = all_37.addendum_rules.get(kind="focus_on_talent")
    assert rule.per_sector_eur == Decimal("400000") and rule.total_eur == Decimal("800000")
