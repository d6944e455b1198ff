"""In a browser: a department official opens a covenant, reads the chart of commitments against
their targets, downloads the PDF beside its spreadsheet, and the PDF's first page is rendered
to .artifacts/reports/ for a person to look at."""

from __future__ import annotations

from typing import Any

import pytest

from brug.accounts.tests.factories import user_with_role
from brug.core.testing.browser import assert_accessible, csp_violations, login
from brug.core.testing.pdf import pdf_text, render_pdf
from brug.covenants.tests.test_report_pdf import _covenant_with_progress

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_department_official_downloads_a_report(browser_page: Any) -> None:
    covenant = _covenant_with_progress()
    official = user_with_role("department_work")
    page = browser_page
    login(page, official.username)
    page.goto(f"/convenanten/{covenant.pk}/")
    assert "Verbintenissen tegenover hun streefwaarde" in page.inner_text("main")
    assert page.locator("main a[href$='export.xlsx']").count() == 1  # beside the PDF
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.click("main a[href$='export.pdf']")
    path = download_info.value.path()
    pdf = open(path, "rb").read()  # noqa: SIM115
    assert pdf.startswith(b"%PDF")
    first = " ".join(pdf_text(pdf)[0].split())
    assert "Pagina 1 van 1" in first and "Referentiedatum" in first
    (png,) = render_pdf(pdf, "browser-covenant-report-first-page")
    assert png.stat().st_size > 10_000
    assert not csp_violations(page)
