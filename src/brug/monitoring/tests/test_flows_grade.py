"""The second-to-third-grade transition: the grade, year and finality of official counts
(import, bad input), the transition table with small-cell suppression, scope, page and API,
and its query budget."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from brug.core.disclosure import is_small
from brug.core.tabular import ImportFailed
from brug.monitoring import flows
from brug.monitoring.models import CountSource, OfficialCount
from brug.monitoring.services import official_counts_import_as_system
from brug.registry import models as rm
from brug.registry.tests import factories as rf
from brug.workplace.tests import factories as wf

from .test_flows import PREVIOUS, TODAY, YEAR, _client, _import, place  # noqa: F401

HEADER = "schooljaar;maat;vorm;opleiding;provincie;graad;leerjaar;finaliteit;waarde\n"


def _csv(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows)).encode()


def _system_import(title: str, *rows: str) -> None:
    official_counts_import_as_system(
        title=title,
        publisher="Departement Onderwijs en Vorming",
        url="",
        reference_date=TODAY - timedelta(days=10),
        note="",
        filename="graad.csv",
        content=_csv(*rows),
    )


def _cohort(nis: str, before: dict[str, int], after: dict[str, int]) -> list[str]:
    return [f"{PREVIOUS};ingeschreven;;;{nis};2;2;{f};{n}" for f, n in before.items()] + [
        f"{YEAR};ingeschreven;;;{nis};3;1;{f};{n}" for f, n in after.items()
    ]


def test_grade_year_and_finality_are_imported_and_filled_from_the_programme(
    place: dict[str, Any],
) -> None:
    result = _import(
        place["department"],
        _csv(
            f"{YEAR};ingeschreven;;;10000;2;2;D/A;420",
            f"{YEAR};ingeschreven;duaal;BOUW-D;10000;;1;;35",
            f"{YEAR};ingeschreven;tso;;;;;;89119",
        ),
    )
    assert result.report.created == 3
    by_value = {int(c.value): c for c in OfficialCount.objects.all()}
    assert (by_value[420].grade, by_value[420].year_in_grade, by_value[420].finality) == (
        2,
        2,
        rm.Finality.DOUBLE,
    )
    # The programme knows its grade (3) and finality (A): the row takes them over.
    assert (by_value[35].grade, by_value[35].year_in_grade, by_value[35].finality) == (3, 1, "A")
    assert (by_value[89119].grade, by_value[89119].finality) == (None, "")


@pytest.mark.parametrize(
    ("row", "field"),
    [
        (f"{YEAR};ingeschreven;;;10000;4;;A;10", "graad"),
        (f"{YEAR};ingeschreven;;;10000;twee;;A;10", "graad"),
        (f"{YEAR};ingeschreven;;;10000;0;;A;10", "graad"),
        (f"{YEAR};ingeschreven;;;10000;;2;A;10", "leerjaar"),
        (f"{YEAR};ingeschreven;;;10000;2;3;A;10", "leerjaar"),
        (f"{YEAR};ingeschreven;;;10000;3;9;A;10", "leerjaar"),
        (f"{YEAR};ingeschreven;;;10000;2;2;B;10", "finaliteit"),
        (f"{YEAR};ingeschreven;;BOUW-D;10000;2;;;10", "graad"),
        (f"{YEAR};ingeschreven;;BOUW-D;10000;3;1;D;10", "finaliteit"),
    ],
)
def test_bad_grade_rows_are_refused_with_their_field_and_change_nothing(
    place: dict[str, Any], row: str, field: str
) -> None:
    with pytest.raises(ImportFailed) as failed:
        _import(place["department"], _csv(f"{YEAR};ingeschreven;;;10000;3;1;A;10", row))
    error = failed.value.report.errors[0]
    assert (error.field, error.line) == (field, 3)
    assert str(error)  # a sentence, not a code
    assert not CountSource.objects.exists() and not OfficialCount.objects.exists()


def test_transition_shares_and_flanders_row(place: dict[str, Any]) -> None:
    _system_import(
        "Graden",
        *_cohort("10000", {"A": 200, "DA": 300, "D": 500}, {"A": 260, "DA": 330, "D": 410}),
        *_cohort("70000", {"A": 120, "DA": 90, "D": 300}, {"A": 150, "DA": 40, "D": 280}),
    )
    data = flows.transition_table(year=YEAR, k=5)
    assert (data.from_year, data.to_year) == (PREVIOUS, YEAR) and data.has_official
    rows = {r.province: r for r in data.rows}
    antwerp, flanders = rows["Antwerpen"], rows[""]
    assert antwerp.before == {"A": 200, "DA": 300, "D": 500} and antwerp.before_total == 1000
    assert antwerp.after == {"A": 260, "DA": 330, "D": 410} and antwerp.after_total == 1000
    assert antwerp.share_a == pytest.approx(0.26) and antwerp.share_da == pytest.approx(0.33)
    assert flanders.province_id == flows.FLANDERS
    assert flanders.after == {"A": 410, "DA": 370, "D": 690} and flanders.after_total == 1470
    assert flanders.share_a == pytest.approx(410 / 1470)
    assert data.sources == [
        f"Departement Onderwijs en Vorming: Graden ({TODAY - timedelta(days=10)})"
    ]


def test_a_small_cell_is_hidden_in_every_table_and_cannot_be_recomputed(
    place: dict[str, Any],
) -> None:
    _system_import(
        "Graden",
        *_cohort("10000", {"A": 200, "DA": 300, "D": 500}, {"A": 260, "DA": 330, "D": 410}),
        *_cohort("70000", {"A": 120, "DA": 2, "D": 300}, {"A": 150, "DA": 40, "D": 280}),
    )
    data = flows.transition_table(year=YEAR, k=5)
    limburg = next(r for r in data.rows if r.province == "Limburg")
    # The small grade-2 cell hides Limburg's D/A in every table of the pattern...
    assert limburg.before["DA"] is None and limburg.after["DA"] is None
    # ... and neither its row nor its column lets it be recomputed.
    assert limburg.before_total is None or sum(v is None for v in limburg.before.values()) >= 2
    column = [r.before["DA"] for r in data.rows if r.province_id != flows.FLANDERS]
    flanders = next(r for r in data.rows if r.province_id == flows.FLANDERS)
    assert flanders.before["DA"] is None or sum(v is None for v in column) >= 2
    assert limburg.share_da is None
    for row in data.rows:
        for values in (row.before, row.after, row.own_grade2, row.own_grade3):
            assert not any(v is not None and is_small(v, 5) for v in values.values())


def test_own_side_counts_learners_per_grade_and_finality(place: dict[str, Any]) -> None:
    grade2 = rf.ProgrammeFactory(grade=2, finality=rm.Finality.DOUBLE, is_dual=True)
    municipality = rf.MunicipalityFactory(province=place["antwerp"])
    for _ in range(6):
        wf.LearnerFactory(programme=grade2, grade=2, home_municipality=municipality)
    for _ in range(7):
        wf.LearnerFactory(programme=place["programme"], grade=3, home_municipality=municipality)
    data = flows.transition_table(year=YEAR, k=5)
    antwerp = next(r for r in data.rows if r.province == "Antwerpen")
    assert antwerp.own_grade2 == {"A": 0, "DA": 6, "D": 0}
    assert antwerp.own_grade3 == {"A": 7, "DA": 0, "D": 0}
    assert data.has_own and not data.has_official


def test_page_and_api_show_the_transition_in_the_readers_scope(place: dict[str, Any]) -> None:
    _system_import(
        "Graden",
        *_cohort("10000", {"A": 200, "DA": 300, "D": 500}, {"A": 260, "DA": 330, "D": 410}),
        *_cohort("70000", {"A": 120, "DA": 90, "D": 300}, {"A": 150, "DA": 40, "D": 280}),
    )
    body = _client(place["rtc_user"]).get("/api/monitoring/flows/").json()
    rows = body["transition"]["rows"]
    assert [r["province"] for r in rows] == ["Antwerpen", ""]  # its province and Flanders
    assert rows[0]["after"] == {"A": 260, "DA": 330, "D": 410}
    html = _client(place["department"]).get(reverse("monitoring:flows")).content.decode()
    assert "Van de tweede naar de derde graad" in html
    assert "kan Brug zijn eigen lerenden niet volgen" in html
    assert "Vlaanderen" in html
    assert "26%" in html.replace("\u00a0", "").replace(" ", "")


def test_transition_query_count_does_not_grow(place: dict[str, Any]) -> None:
    client = _client(place["department"])

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    urls = (reverse("monitoring:flows"), "/api/monitoring/flows/")
    _system_import("Een", *_cohort("10000", {"A": 20}, {"A": 30}))
    antwerp = rf.MunicipalityFactory(province=place["antwerp"])
    wf.LearnerFactory(programme=place["programme"], grade=3, home_municipality=antwerp)
    count(urls[0])  # warm-up
    few = tuple(count(u) for u in urls)
    extra = [rf.ProvinceFactory(nis_code=f"{n}0000", name_nl=f"Provincie {n}") for n in (2, 3, 4)]
    for province in extra:
        _system_import(
            f"Veel {province.nis_code}",
            *_cohort(
                province.nis_code,
                {"A": 20, "DA": 30, "D": 40},
                {"A": 25, "DA": 35, "D": 45},
            ),
        )
        municipality = rf.MunicipalityFactory(province=province)
        for _ in range(3):
            wf.LearnerFactory(programme=place["programme"], grade=3, home_municipality=municipality)
    assert tuple(count(u) for u in urls) == few
