from __future__ import annotations

import pytest
from django.test import Client

from brug.accounts.tests.factories import user_with_role
from brug.core.testing.pdf import pdf_text, render_pdf
from brug.covenants.tests import factories as cf
from brug.education.report import council_report
from brug.education.tests.factories import AdviceFactory, RoundFactory

pytestmark = pytest.mark.django_db


def _two_sectors():  # type: ignore[no-untyped-def]
    generation = cf.GenerationFactory()
    a = cf.CovenantFactory(generation=generation, status="submitted")
    b = cf.CovenantFactory(generation=generation, status="draft")
    teach_a = cf.ActionFactory(covenant=a, category="teachers")
    cf.ActionFactory(covenant=a, category="teachers", is_illustrative=True)
    cf.ActionFactory(covenant=b, category="teachers")
    cf.ActionFactory(covenant=b, category="intersectoral")
    cf.ActionFactory(covenant=b, category="workable_work")  # not an education action
    rnd = RoundFactory(covenant=a)
    AdviceFactory(round=rnd, action=teach_a, position="supports")
    AdviceFactory(round=rnd, action=teach_a, position="concerns", text="x")
    return generation


def test_the_councils_analysis_is_computed_from_the_records() -> None:
    generation = _two_sectors()
    report = council_report(user_with_role("education_council"), generation)
    rows = {r.category: r for r in report.rows}
    assert (rows["teachers"].sectors, rows["teachers"].actions) == (2, 3)
    assert rows["teachers"].illustrative == 1
    assert rows["teachers"].with_advice == 1
    assert dict(rows["teachers"].positions) == {"supports": 1, "concerns": 1}
    assert (rows["intersectoral"].sectors, rows["intersectoral"].actions) == (1, 1)
    assert rows["informing"].actions == 0
    assert report.total_actions == 4 and report.sectors_with_actions == 2 and report.rounds == 1


def test_report_page_and_exports(django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    generation = _two_sectors()
    client = Client()
    client.force_login(user_with_role("education_council"))
    page = client.get(f"/onderwijsoverleg/rapport/?generatie={generation.code}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Leraars" in text and "illustratief" in text
    csv = client.get(f"/onderwijsoverleg/rapport/export.csv?generatie={generation.code}")
    assert csv.status_code == 200
    body = csv.content.decode("utf-8-sig")
    assert body.splitlines()[0].startswith("Generatie;Soort actie;Sectoren")
    client.cookies["django_language"] = "en"
    english = client.get(f"/onderwijsoverleg/rapport/export.csv?generatie={generation.code}")
    assert english.content.decode("utf-8-sig").startswith("Generation;Kind of action;Sectors")
    client.cookies["django_language"] = "nl"
    assert f"{generation.code};Leraars;2;3;0;1;1;1;0;1" in body
    pdf = client.get(f"/onderwijsoverleg/rapport/export.pdf?generatie={generation.code}")
    assert pdf.content.startswith(b"%PDF")
    first = " ".join(pdf_text(pdf.content)[0].split())
    assert "Pagina 1 van 1" in first and "Leraars" in first and "Teachers" not in first
    render_pdf(pdf.content, "education-council-report")
    xlsx = client.get(f"/onderwijsoverleg/rapport/export.xlsx?generatie={generation.code}")
    assert xlsx.content.startswith(b"PK")
    assert client.get("/onderwijsoverleg/rapport/export.exe").status_code == 404
    assert client.get("/onderwijsoverleg/rapport/?generatie=nope").status_code == 404


def test_report_query_count_does_not_grow_with_sectors() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    generation = _two_sectors()
    user = user_with_role("intersectoral_adviser")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            council_report(user, generation)
        return len(ctx.captured_queries)

    count()  # warm-up: the first call also loads the user's roles
    few = count()
    assert few == 4  # actions, shared actions, advice, rounds
    for _ in range(6):
        covenant = cf.CovenantFactory(generation=generation)
        cf.ActionFactory(covenant=covenant, category="informing")
    assert count() == few


def test_empty_generation_says_no_data() -> None:
    generation = cf.GenerationFactory()
    client = Client()
    client.force_login(user_with_role("department_education"))
    text = client.get(f"/onderwijsoverleg/rapport/?generatie={generation.code}").content.decode()
    assert "Geen gegevens geregistreerd" in text


def test_an_intersectoral_action_shared_by_covenants_counts_once() -> None:
    from brug.education.tests.factories import IntersectoralActionFactory

    generation = _two_sectors()
    covenants = list(generation.covenants.all())
    third = cf.CovenantFactory(generation=generation)
    IntersectoralActionFactory(generation=generation, covenants=[*covenants, third])
    IntersectoralActionFactory(generation=cf.GenerationFactory(), covenants=[third])  # elsewhere
    report = council_report(user_with_role("education_council"), generation)
    rows = {r.category: r for r in report.rows}
    assert (rows["intersectoral"].actions, rows["intersectoral"].shared) == (2, 1)
    assert rows["intersectoral"].sectors == 3
    assert report.shared_actions == 1 and report.sectors_with_actions == 3
    assert report.total_actions == 5
