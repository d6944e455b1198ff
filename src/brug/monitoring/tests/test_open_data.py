"""Open data never publishes a small cell, and no hidden cell can be recomputed."""

from __future__ import annotations

import random
from datetime import date

from brug.core.disclosure import Disclosure, is_small
from brug.monitoring import selectors
from brug.monitoring.tests.test_disclosure import recomputable_cells
from brug.registry.tests import factories as rf
from brug.workplace.tests import factories as wf

TODAY = date.today()


def _pattern(data: selectors.OpenData, measure: str, totals_key: str) -> Disclosure:
    rows = tuple(dict.fromkeys(c.programme_id for c in data.cells))
    cols = tuple(pk for pk, _ in data.provinces)
    hidden = frozenset(
        (c.programme_id, c.province_id) for c in data.cells if getattr(c, measure) is None
    )
    return Disclosure(
        k=data.k,
        rows=rows,
        cols=cols,
        primary=hidden,
        cells=hidden,
        row_totals=frozenset(
            t["programme_id"] for t in data.programme_totals if t[measure] is None
        ),
        col_totals=frozenset(t["province_id"] for t in data.province_totals if t[measure] is None),
        grand_total=data.total[measure] is None,
    )


def test_open_data_never_publishes_a_small_or_recomputable_figure(db) -> None:
    rng = random.Random(7)
    provinces = [
        rf.ProvinceFactory(nis_code=code, name_nl=name)
        for code, name in (
            ("10000", "Antwerpen"),
            ("70000", "Limburg"),
            ("40000", "Oost-Vlaanderen"),
        )
    ]
    municipalities = [rf.MunicipalityFactory(province=p) for p in provinces]
    school = wf.SchoolFactory()
    for _ in range(4):
        programme = rf.ProgrammeFactory(is_dual=True)
        for municipality in municipalities:
            n = rng.choice([0, 1, 2, 3, 6, 9, 12])
            learners = wf.LearnerFactory.create_batch(
                n, school=school, programme=programme, home_municipality=municipality
            )
            if rng.random() < 0.7:
                opening = wf.OpeningFactory(
                    workplace__programme=programme,
                    workplace__site__municipality=municipality,
                    capacity=rng.choice([1, 2, 5, 8]),
                )
                for learner in learners[: min(len(learners), opening.capacity, rng.randint(0, 6))]:
                    wf.PlacementFactory(learner=learner, opening=opening, start=TODAY, end=TODAY)
    data = selectors.open_data(on=TODAY, k=5)
    published = 0
    for cell in data.cells:
        for measure in ("learners", "placed", "without_place", "capacity", "free_places"):
            value = getattr(cell, measure)
            assert value is None or not is_small(value, 5), (cell, measure)
            published += value is not None and value > 0
        if cell.placement_rate is not None:
            assert cell.learners is not None and cell.placed is not None
    for totals in [*data.province_totals, *data.programme_totals, data.total]:
        for measure in ("learners", "placed", "without_place", "capacity", "free_places"):
            assert totals[measure] is None or not is_small(totals[measure], 5)
    for measure in ("learners", "placed", "without_place", "capacity", "free_places"):
        assert recomputable_cells(_pattern(data, measure, measure)) == set(), measure
    assert published > 0  # the test data is not so small that everything is hidden
