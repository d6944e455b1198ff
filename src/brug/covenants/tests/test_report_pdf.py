"""The covenant reports are fit to hand over: issuer, window, reference date, page numbers,
Belgian numbers, values and statuses from the submitted reports, wrapped columns. Each report
is rendered to a PNG in .artifacts/reports/ for a person to look at."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from brug.accounts.tests.factories import user_with_role
from brug.core.testing.pdf import pdf_text, render_pdf
from brug.covenants import models as m
from brug.covenants import reports
from brug.covenants.tests import factories as f

pytestmark = pytest.mark.django_db


def _covenant_with_progress(is_long: bool = False) -> m.Covenant:
    covenant = f.CovenantFactory(
        status=m.CovenantStatus.RUNNING,
        sector__name="Bouw",
        generation__code="2021-2022",
    )
    window = f.WindowFactory(generation=covenant.generation)
    report = m.ProgressReport.objects.create(
        covenant=covenant,
        window=window,
        status=m.ProgressReport.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    action = f.ActionFactory(covenant=covenant, title="Meer werkplekleren in de bouw")
    rows = [
        ("result", "count", Decimal("12345"), Decimal("9876"), "on_track"),
        ("effort", "percent", Decimal("100"), None, "at_risk"),
        ("result", "percent", Decimal("0.20"), Decimal("0.15"), "behind"),
        ("result", "eur", Decimal("25000"), Decimal("1250.5"), "done"),
    ]
    for index in range(12 if is_long else 1):
        for kind, unit, target, value, status in rows:
            commitment = f.CommitmentFactory(
                action=action,
                kind=kind,
                unit=unit,
                target_value=target,
                description=f"Verbintenis {index + 1} met een beschrijving die over meer dan "
                "één regel loopt, zodat de kolom moet omslaan",
            )
            m.ProgressEntry.objects.create(
                report=report, commitment=commitment, status=status, value=value, unit=unit
            )
    return covenant


def test_covenant_pdf_names_issuer_window_date_and_pages() -> None:
    covenant = _covenant_with_progress(is_long=True)
    pdf = reports.covenants_pdf([covenant], "Sectorconvenant Bouw", on=dt.date(2021, 5, 3))
    pages = [" ".join(page.split()) for page in pdf_text(pdf)]  # cells wrap over lines
    first = pages[0]
    assert len(pages) >= 2
    assert first.count("Sectorconvenant Bouw") == 2  # the title once, the running header once
    assert "Departement Werk en Sociale Economie" in first
    assert "2021 K1 (01/01/2021 – 31/03/2021)" in first
    assert "Referentiedatum: 03/05/2021" in first
    assert f"Pagina 1 van {len(pages)}" in first
    assert f"Pagina {len(pages)} van {len(pages)}" in pages[-1]
    # Belgian numbers, units, and the reported values and statuses (no dash in every cell)
    for text in ("12.345", "9.876", "0,20 %", "0,15 %", "€ 25.000,00", "€ 1.250,50"):
        assert text in first, text
    assert "Op schema (2021 K1)" in first and "Achterstand (2021 K1)" in first
    assert "geen cijfer (inspanning)" in first
    assert "Inspanningsverbintenis100" not in first and "Resultaat 12.345 31/12/2022" in first
    render_pdf(pdf, "covenant-report", pages=2)


def test_covenant_pdf_without_reports_says_so_in_words() -> None:
    covenant = f.CovenantFactory(status=m.CovenantStatus.RUNNING)
    f.CommitmentFactory(action=f.ActionFactory(covenant=covenant))
    text = " ".join(
        pdf_text(reports.covenants_pdf([covenant], "Rapport", on=dt.date(2021, 5, 3)))[0].split()
    )
    assert "nog niet gerapporteerd" in text and "geen rapport" in text
    assert "nog geen rapportageperiode" in text


def test_department_downloads_pdf_with_xlsx_beside_it(client: Any) -> None:
    covenant = _covenant_with_progress()
    client.force_login(user_with_role("department_work"))
    detail = client.get(reverse("covenants:detail", args=[covenant.pk]))
    pdf_url = reverse("covenants:export", args=[covenant.pk, "pdf"])
    xlsx_url = reverse("covenants:export", args=[covenant.pk, "xlsx"])
    assert pdf_url in detail.text and xlsx_url in detail.text
    response = client.get(pdf_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Pagina 1 van 1" in pdf_text(response.content)[0]
    render_pdf(response.content, "covenant-export")
