"""Learner flows: Brug's own counts, official counts with their source, context figures,
phase-out signals, who may see and import them, and bad input."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from brug.accounts.tests.factories import user_with_role
from brug.core.disclosure import is_small
from brug.core.models import Notification
from brug.core.tabular import ImportFailed
from brug.monitoring import flows
from brug.monitoring.context import CONTEXT_SOURCES, context_load
from brug.monitoring.figures import school_year_label
from brug.monitoring.models import CountMeasure, CountSource, OfficialCount
from brug.monitoring.services import official_counts_import, official_counts_import_as_system
from brug.registry import models as rm
from brug.registry.tests import factories as rf
from brug.workplace import models as wm
from brug.workplace.tests import factories as wf

TODAY = date.today()
YEAR = school_year_label(TODAY)
START = flows.school_year_bounds(YEAR)[0]  # type: ignore[index]
PREVIOUS = f"{START.year - 1}-{START.year}"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def place(db: Any) -> dict[str, Any]:
    antwerp = rf.ProvinceFactory(nis_code="10000", name_nl="Antwerpen")
    limburg = rf.ProvinceFactory(nis_code="70000", name_nl="Limburg")
    region = rf.RTCRegionFactory(code="rtc-antwerpen", name="RTC Antwerpen")
    region.provinces.set([antwerp])
    other_region = rf.RTCRegionFactory(code="rtc-limburg", name="RTC Limburg")
    other_region.provinces.set([limburg])
    sector = rf.SectorFactory(name="Bouw")
    programme = rf.ProgrammeFactory(
        code="BOUW-D",
        name="Ruwbouw duaal",
        grade=3,
        finality=rm.Finality.LABOUR_MARKET,
        is_dual=True,
    )
    programme.sectors.set([sector])
    rtc = rf.OrganisationFactory(kind=rm.OrganisationKind.RTC, rtc_region=region)
    rtc_limburg = rf.OrganisationFactory(kind=rm.OrganisationKind.RTC, rtc_region=other_region)
    fund = rf.OrganisationFactory(kind=rm.OrganisationKind.SECTOR_FUND, sectors=[sector])
    return {
        "antwerp": antwerp,
        "limburg": limburg,
        "sector": sector,
        "programme": programme,
        "rtc_user": user_with_role("rtc_staff", rtc),
        "rtc_limburg_user": user_with_role("rtc_staff", rtc_limburg),
        "consultant": user_with_role("consultant", fund),
        "department": user_with_role("department_education"),
    }


def _learners(programme: rm.Programme, province: rm.Province, n: int) -> list[wm.Learner]:
    municipality = rf.MunicipalityFactory(province=province)
    return [
        wf.LearnerFactory(programme=programme, home_municipality=municipality) for _ in range(n)
    ]


def _csv(*rows: str) -> bytes:
    return ("schooljaar;maat;vorm;opleiding;provincie;waarde\n" + "\n".join(rows)).encode()


def _import(actor: Any, content: bytes, **kw: Any) -> Any:
    fields = {
        "title": "Leerlingenaantallen per opleiding",
        "publisher": "Departement Onderwijs en Vorming",
        "url": "https://example.org/cijfers",
        "reference_date": TODAY - timedelta(days=30),
        "note": "",
        "filename": "tellingen.csv",
        "content": content,
    } | kw
    return official_counts_import(actor=actor, **fields)


# ---------------------------------------------------------------------------- Brug's own counts


def test_own_counts_per_programme_and_province_with_suppression(place: dict[str, Any]) -> None:
    programme, antwerp, limburg = place["programme"], place["antwerp"], place["limburg"]
    learners = _learners(programme, antwerp, 12)
    _learners(programme, limburg, 2)  # small: suppressed, and its row partner with it
    opening = wf.OpeningFactory(programme=programme, capacity=20)
    for learner in learners[:6]:
        wf.PlacementFactory(
            learner=learner, opening=opening, start=START, end=START + timedelta(days=200)
        )
    ended = wf.PlacementFactory(
        learner=learners[6],
        opening=opening,
        start=START,
        end=START + timedelta(days=200),
        status=wm.PlacementStatus.ENDED_EARLY,
        end_reason=wm.EndReason.MISMATCH,
        ended_on=START + timedelta(days=20),
    )
    assert ended.pk
    data = flows.flows_table(year=YEAR, k=5)
    cells = {(c.programme_id, c.province): c for c in data.cells}
    assert data.school_year == YEAR
    here = cells[(programme.pk, "Antwerpen")]
    assert here.route == "dual"
    # 12 registered, 7 with a placement overlapping the year, 1 ended early (small: hidden).
    assert here.placed is None or here.placed == 7
    assert cells[(programme.pk, "Limburg")].registered is None
    assert here.ended_early is None  # 1 < k
    # With k=1 nothing is hidden and every figure is the raw count.
    raw = {c.province: c for c in flows.flows_table(year=YEAR, k=1).cells}
    assert (raw["Antwerpen"].registered, raw["Antwerpen"].placed, raw["Antwerpen"].ended_early) == (
        12,
        7,
        1,
    )
    assert raw["Limburg"].registered == 2


def test_completed_training_plan_counts_as_plan_completed(place: dict[str, Any]) -> None:
    programme = place["programme"]
    learner = _learners(programme, place["antwerp"], 1)[0]
    placement = wf.PlacementFactory(
        learner=learner,
        opening=wf.OpeningFactory(programme=programme),
        start=START,
        end=START + timedelta(days=100),
        status=wm.PlacementStatus.ENDED,
        ended_on=START + timedelta(days=100),
    )
    plan = wm.TrainingPlan.objects.create(placement=placement)
    competence = rf.CompetenceFactory()
    item = wm.TrainingPlanItem.objects.create(
        plan=plan,
        competence=competence,
        location="workplace",
        progress=wm.ProgressLevel.IN_PROGRESS,
    )
    assert flows.flows_table(year=YEAR, k=1).cells[0].completed == 0
    item.progress = wm.ProgressLevel.ACQUIRED
    item.save()
    assert flows.flows_table(year=YEAR, k=1).cells[0].completed == 1


def test_bad_school_year_label_is_refused() -> None:
    for label in ("2025", "2025-2027", "abcd-efgh", "2025-2026-2027", ""):
        assert flows.school_year_bounds(label) is None
    assert flows.school_year_bounds("2024-2025") == (date(2024, 9, 1), date(2025, 8, 31))


# ---------------------------------------------------------------------------- official counts


def test_import_keeps_source_and_reference_date_and_shows_side_by_side(
    place: dict[str, Any],
) -> None:
    programme = place["programme"]
    _learners(programme, place["antwerp"], 6)
    result = _import(
        place["department"],
        _csv(
            f"{YEAR};ingeschreven;duaal;BOUW-D;10000;140",
            f"{YEAR};ingeschreven;tso;;;89119",
            f"{YEAR};werkzoekend_na_1_jaar;bso;;Limburg;14,2",
        ),
    )
    assert result.report.created == 3
    source = CountSource.objects.get()
    assert source.publisher == "Departement Onderwijs en Vorming"
    assert source.reference_date == TODAY - timedelta(days=30)
    assert source.imported_by == place["department"]
    assert OfficialCount.objects.filter(source=source).count() == 3
    share = OfficialCount.objects.get(measure=CountMeasure.SEEKING_WORK_1Y)
    assert share.value == Decimal("14.2") and share.province == place["limburg"]
    cell = next(c for c in flows.flows_table(year=YEAR, k=1).cells if c.province == "Antwerpen")
    assert (
        cell.official_enrolled == Decimal(140) and "Departement Onderwijs" in cell.official_source
    )
    html = _client(place["department"]).get(reverse("monitoring:flows")).content.decode()
    assert (
        "Officieel ingeschreven" in html and "140" in html and "https://example.org/cijfers" in html
    )


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ("2024/2025;ingeschreven;tso;;;10", "schooljaar"),
        ("2024-2025;ingeschrevenen;tso;;;10", "maat"),
        ("2024-2025;ingeschreven;aso;;;10", "vorm"),
        ("2024-2025;ingeschreven;tso;NOPE;;10", "opleiding"),
        ("2024-2025;ingeschreven;tso;;Atlantis;10", "provincie"),
        ("2024-2025;ingeschreven;tso;;;-3", "waarde"),
        ("2024-2025;ingeschreven;tso;;;veel", "waarde"),
        ("2024-2025;werkzoekend_na_1_jaar;tso;;;120", "waarde"),
        ("2024-2025;ingeschreven;tso;;;1,25", "waarde"),
        ("2024-2025;ingeschreven;tso;;;99999999999", "waarde"),
    ],
)
def test_bad_rows_are_refused_with_their_field_and_change_nothing(
    place: dict[str, Any], row: str, field: str
) -> None:
    with pytest.raises(ImportFailed) as failed:
        _import(place["department"], _csv("2024-2025;ingeschreven;bso;;;10", row))
    assert failed.value.report.errors[0].field == field
    assert failed.value.report.errors[0].line == 3
    assert not CountSource.objects.exists() and not OfficialCount.objects.exists()


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"title": ""}, "required"),
        ({"title": "x" * 301}, "too_long"),
        ({"publisher": "  "}, "required"),
        ({"url": "javascript:alert(1)"}, "bad_url"),
        ({"reference_date": None}, "required"),
        ({"reference_date": TODAY + timedelta(days=3)}, "date_out_of_range"),
        ({"reference_date": date(1850, 1, 1)}, "date_out_of_range"),
        ({"content": b"schooljaar;maat;waarde\n"}, "empty_file"),
    ],
)
def test_bad_source_fields_are_refused(
    place: dict[str, Any], fields: dict[str, Any], code: str
) -> None:
    from brug.core.errors import ServiceError

    fields = dict(fields)
    content = fields.pop("content", _csv("2024-2025;ingeschreven;bso;;;10"))
    with pytest.raises(ServiceError) as refused:
        _import(place["department"], content, **fields)
    assert refused.value.code == code
    assert not CountSource.objects.exists()


def test_same_source_twice_and_duplicate_rows_are_refused(place: dict[str, Any]) -> None:
    from brug.core.errors import ServiceError

    _import(place["department"], _csv("2024-2025;ingeschreven;bso;;;10"))
    with pytest.raises(ServiceError):
        _import(place["department"], _csv("2024-2025;ingeschreven;bso;;;10"))
    with pytest.raises(ImportFailed):
        _import(
            place["department"],
            _csv("2024-2025;ingeschreven;bso;;;10", "2024-2025;ingeschreven;bso;;;11"),
            title="Andere publicatie",
        )
    assert CountSource.objects.count() == 1


def test_import_page_for_the_department_and_refused_to_others(place: dict[str, Any]) -> None:
    url = reverse("monitoring:counts-import")
    for role in ("teacher", "company_contact", "rtc_staff", "consultant", "department_work"):
        assert _client(user_with_role(role)).get(url).status_code == 403
    assert Client().get(url).status_code == 302  # to the sign-in page
    client = _client(place["department"])
    assert client.get(url).status_code == 200
    form = {
        "title": "Leerlingenaantallen",
        "publisher": "Departement Onderwijs en Vorming",
        "url": "",
        "reference_date": (TODAY - timedelta(days=2)).isoformat(),
        "note": "",
    }
    bad = client.post(
        url, form | {"file": SimpleUploadedFile("t.csv", _csv("2024;ingeschreven;bso;;;10"))}
    )
    assert bad.status_code == 400 and "schooljaar" in bad.content.decode()
    future = client.post(
        url,
        form
        | {
            "reference_date": (TODAY + timedelta(days=9)).isoformat(),
            "file": SimpleUploadedFile("t.csv", _csv("2024-2025;ingeschreven;bso;;;10")),
        },
    )
    assert future.status_code == 400
    assert not CountSource.objects.exists()
    ok = client.post(
        url, form | {"file": SimpleUploadedFile("t.csv", _csv("2024-2025;ingeschreven;bso;;;10"))}
    )
    assert ok.status_code == 302
    assert OfficialCount.objects.count() == 1


# ---------------------------------------------------------------------------- context figures


def test_context_figures_load_once_and_show_with_their_publication(place: dict[str, Any]) -> None:
    assert context_load() == 25 + 15 + 2
    assert context_load() == 0
    assert CountSource.objects.filter(is_context=True).count() == len(CONTEXT_SOURCES)
    tso = OfficialCount.objects.get(school_year="2014-2015", education_form="tso")
    assert tso.value == 89119
    html = _client(place["department"]).get(reverse("monitoring:flows")).content.decode()
    assert "Context uit beleidsdocumenten" in html
    assert "VDAB" in html and "schoolv2014.pdf" in html and "89119" in html
    assert "geen gegevens van Brug" in html
    assert ".txt" not in html  # no seed file names
    # Context figures never feed the side-by-side column or a phase-out signal.
    assert all(c.official_enrolled is None for c in flows.flows_table(year="2014-2015", k=1).cells)
    assert flows.phase_out_signals(year="2014-2015") == []


# ---------------------------------------------------------------------------- phase-out signal


def test_phase_out_signal_reaches_the_rtc_and_the_sector(place: dict[str, Any]) -> None:
    _import(
        place["department"],
        _csv(f"{PREVIOUS};ingeschreven;duaal;BOUW-D;10000;40"),
        title="Vorig jaar",
    )
    assert not Notification.objects.exists()
    result = _import(
        place["department"],
        _csv(
            f"{YEAR};ingeschreven;duaal;BOUW-D;10000;12",
            f"{YEAR};ingeschreven;duaal;BOUW-D;70000;30",
        ),
        title="Dit jaar",
    )
    assert result.signals == 1
    signal = flows.phase_out_signals(year=YEAR)[0]
    assert (signal.province, signal.before, signal.after) == ("Antwerpen", 40, 12)
    told = set(Notification.objects.values_list("recipient_id", flat=True))
    assert told == {place["rtc_user"].pk, place["consultant"].pk}
    note = Notification.objects.filter(recipient=place["rtc_user"]).get()
    assert " 40 (" in note.body and " 12 (" in note.body  # whole numbers, as on the page
    assert "40.0" not in note.body and "12.0" not in note.body
    # The RTC of the province and the sector see it on the page; another RTC does not.
    for user in (place["rtc_user"], place["consultant"], place["department"]):
        assert (
            "Signalen van afbouw" in _client(user).get(reverse("monitoring:flows")).content.decode()
        )
    other = _client(place["rtc_limburg_user"]).get(reverse("monitoring:flows")).content.decode()
    assert "Signalen van afbouw" not in other
    # And on the home page of the RTC of the province, not on the other RTC's.
    home = _client(place["rtc_user"]).get("/").content.decode()
    assert "Signalen van afbouw" in home and "Ruwbouw duaal" in home
    assert "Signalen van afbouw" not in _client(place["rtc_limburg_user"]).get("/").content.decode()


def test_phase_out_signals_name_their_shared_source_once(place: dict[str, Any]) -> None:
    _import(
        place["department"],
        _csv(
            f"{PREVIOUS};ingeschreven;duaal;BOUW-D;10000;40",
            f"{PREVIOUS};ingeschreven;duaal;BOUW-D;70000;50",
        ),
        title="Vorig jaar",
    )
    result = _import(
        place["department"],
        _csv(
            f"{YEAR};ingeschreven;duaal;BOUW-D;10000;12",
            f"{YEAR};ingeschreven;duaal;BOUW-D;70000;9",
        ),
        title="Dit jaar",
    )
    assert result.signals == 2
    html = _client(place["department"]).get(reverse("monitoring:flows")).content.decode()
    panel = html.split('id="signals-title"', 1)[1].split("</section>", 1)[0]
    assert "40 (" in panel and "50 (" in panel  # both signals are listed
    assert panel.count("Departement Onderwijs en Vorming: Dit jaar") == 1  # their source once


# ---------------------------------------------------------------------------- who sees what


@pytest.mark.parametrize(
    "role", ["company_contact", "guide", "teacher", "learner", "support_staff", "vdab_staff"]
)
def test_outsiders_get_no_flows(place: dict[str, Any], role: str) -> None:
    _learners(place["programme"], place["antwerp"], 8)
    client = _client(user_with_role(role))
    assert client.get(reverse("monitoring:flows")).status_code == 403
    response = client.get("/api/monitoring/flows/")
    assert response.status_code == 403
    assert "Ruwbouw" not in response.content.decode()


def test_anonymous_visitor_gets_no_flows_but_may_read_official_counts(
    place: dict[str, Any],
) -> None:
    _import(place["department"], _csv("2024-2025;ingeschreven;bso;;;10"))
    assert Client().get(reverse("monitoring:flows")).status_code == 302
    assert Client().get("/api/monitoring/flows/").status_code in (401, 403)
    body = Client().get("/api/monitoring/official-counts/").json()
    assert body["count"] == 1 and body["results"][0]["source"]["publisher"]


def test_rtc_sees_only_its_provinces(place: dict[str, Any]) -> None:
    _learners(place["programme"], place["antwerp"], 6)
    _learners(place["programme"], place["limburg"], 6)
    body = _client(place["rtc_user"]).get("/api/monitoring/flows/").json()
    assert {c["province"] for c in body["results"]} == {"Antwerpen"}
    body = _client(place["consultant"]).get("/api/monitoring/flows/").json()
    assert {c["province"] for c in body["results"]} == {"Antwerpen", "Limburg"}
    assert (
        _client(user_with_role("consultant")).get("/api/monitoring/flows/").json()["results"] == []
    )


# ---------------------------------------------------------------------------- query budget


def test_flows_page_and_api_query_count_does_not_grow(place: dict[str, Any]) -> None:
    client = _client(place["department"])

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    urls = (
        reverse("monitoring:flows"),
        "/api/monitoring/flows/",
        "/api/monitoring/official-counts/",
    )
    _learners(place["programme"], place["antwerp"], 3)
    official_counts_import_as_system(
        title="A",
        publisher="B",
        url="",
        reference_date=TODAY,
        note="",
        filename="a.csv",
        content=_csv(f"{YEAR};ingeschreven;duaal;BOUW-D;10000;40"),
    )
    count(urls[0])  # warm-up: roles and sessions
    few = tuple(count(u) for u in urls)
    for i in range(6):
        programme = rf.ProgrammeFactory(grade=3, finality=rm.Finality.DOUBLE)
        programme.sectors.set([place["sector"]])
        _learners(programme, place["limburg"], 2 + i)
    official_counts_import_as_system(
        title="C",
        publisher="D",
        url="",
        reference_date=TODAY,
        note="",
        filename="c.csv",
        content=_csv(
            *(
                f"{YEAR};ingeschreven;{form};;;{n}"
                for n, form in enumerate(
                    ("tso", "bso", "dbso", "leertijd", "buso_ov3", "duaal", "schoolgebonden", "")
                )
            )
        ),
    )
    assert tuple(count(u) for u in urls) == few


# ---------------------------------------------------------------------------- from the second to the third grade

HEADER = "schooljaar;maat;vorm;opleiding;provincie;graad;leerjaar;finaliteit;waarde\n"


def _grade_csv(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows)).encode()


def _system_import(title: str, *rows: str) -> None:
    official_counts_import_as_system(
        title=title,
        publisher="Departement Onderwijs en Vorming",
        url="",
        reference_date=TODAY - timedelta(days=10),
        note="",
        filename="graad.csv",
        content=_grade_csv(*rows),
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
        _grade_csv(
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
        _import(place["department"], _grade_csv(f"{YEAR};ingeschreven;;;10000;3;1;A;10", row))
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
