from __future__ import annotations

import pytest

from brug.core.errors import ServiceError
from brug.core.i18n import by_language
from brug.core.tabular import (
    Column,
    Importer,
    ImportFailed,
    export_rows,
    neutralise_cell,
    read_rows,
    run_import,
)
from brug.registry.models import StudyDomain


def _handle(row: dict[str, str], actor: object) -> str:
    if not row["code"].isidentifier():
        raise ServiceError(
            by_language({"nl": "Ongeldige code.", "en": "Invalid code."}), field="code"
        )
    _, created = StudyDomain.objects.update_or_create(
        code=row["code"], defaults={"name": row["name"]}
    )
    return "created" if created else "updated"


IMPORTER = Importer(
    key="test",
    title=by_language({"nl": "Test", "en": "Test"}),
    columns=[Column("code"), Column("name")],
    handle_row=_handle,
)


@pytest.mark.django_db
def test_bad_rows_are_reported_with_line_and_field_and_nothing_is_written() -> None:
    content = b"code;name\nstem;STEM\n9bad;Fout\nsport;Sport\n-x;Ook fout\n"
    with pytest.raises(ImportFailed) as failed:
        run_import(IMPORTER, filename="domeinen.csv", content=content, actor=None)
    errors = failed.value.report.errors
    assert [(e.file, e.line, e.field) for e in errors] == [
        ("domeinen.csv", 3, "code"),
        ("domeinen.csv", 5, "code"),
    ]
    assert "domeinen.csv:3 [code]: Ongeldige code." in str(failed.value)
    assert StudyDomain.objects.count() == 0


@pytest.mark.django_db
def test_dry_run_reports_what_would_change_and_writes_nothing() -> None:
    report = run_import(
        IMPORTER,
        filename="d.csv",
        content=b"code,name\nstem,STEM\nsport,Sport\n",
        actor=None,
        dry_run=True,
    )
    assert (report.rows, report.created, report.ok) == (2, 2, True)
    assert StudyDomain.objects.count() == 0
    report = run_import(
        IMPORTER, filename="d.csv", content=b"code,name\nstem,STEM\nsport,Sport\n", actor=None
    )
    assert StudyDomain.objects.count() == 2


@pytest.mark.django_db
def test_missing_required_column_is_named() -> None:
    with pytest.raises(ImportFailed) as failed:
        run_import(IMPORTER, filename="d.csv", content=b"code\nstem\n", actor=None)
    assert failed.value.report.errors[0].field == "name"


def test_xlsx_round_trip() -> None:
    data = export_rows("x.xlsx", ["code", "name"], [["stem", "STEM"], ["sport", None]])
    rows = list(read_rows("x.xlsx", data))
    assert rows == [(2, {"code": "stem", "name": "STEM"}), (3, {"code": "sport", "name": ""})]


def test_csv_export_has_bom_and_semicolons() -> None:
    data = export_rows("x.csv", ["code", "naam"], [["é", 1]])
    assert data.startswith("\ufeff".encode())
    assert list(read_rows("x.csv", data)) == [(2, {"code": "é", "naam": "1"})]


def test_garbage_file_is_a_clear_error() -> None:
    with pytest.raises(ImportFailed) as failed:
        run_import(IMPORTER, filename="x.xlsx", content=b"not a zip", actor=None)
    assert failed.value.report.errors[0].line == 1


DANGEROUS = ["=1+1", "+31 2", "-2+3", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x","y")']


@pytest.mark.parametrize("filename", ["x.csv", "x.xlsx"])
def test_export_neutralises_cells_that_would_start_a_formula(filename: str) -> None:
    data = export_rows(filename, ["=kop", "naam"], [[v, "gewoon"] for v in DANGEROUS])
    rows = list(read_rows(filename, data))
    # read_rows strips whitespace around a cell; the apostrophe stays in front.
    # XML (XLSX) stores a carriage return as a line feed; the apostrophe stays in front.
    expected = [
        "'" + v.replace("\r", "\n") if filename.endswith("xlsx") else "'" + v for v in DANGEROUS
    ]
    assert [r["'=kop"].replace("\r\n", "\n") for _, r in rows] == expected
    assert all(r["naam"] == "gewoon" for _, r in rows)


def test_xlsx_export_writes_no_formula_cells() -> None:
    import io

    from openpyxl import load_workbook

    data = export_rows("x.xlsx", ["a"], [[v] for v in DANGEROUS])
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.data_type for c in cells] == ["s"] * len(DANGEROUS)
    assert [c.value for c in cells] == ["'" + v.replace("\r", "\n") for v in DANGEROUS]


def test_export_keeps_numbers_and_plain_text() -> None:
    assert neutralise_cell(-3) == -3
    assert neutralise_cell(2.5) == 2.5
    assert neutralise_cell("Bouw - ruwbouw") == "Bouw - ruwbouw"
    assert neutralise_cell(None) == ""
    assert neutralise_cell("") == ""


def test_every_tabular_export_goes_through_the_one_helper() -> None:
    """No module writes CSV or XLSX by itself: only brug.core.tabular may."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or path.name == "tabular.py":
            continue
        text = path.read_text(encoding="utf-8")
        if "csv.writer" in text or "csv.DictWriter" in text or "Workbook(" in text:
            offenders.append(str(path.relative_to(root)))
    assert offenders == []


def test_header_names_is_the_one_mapping_from_either_language_and_old_keys() -> None:
    from brug.core.i18n import gettext_lazy
    from brug.core.tabular import Column, header_names

    columns = [
        Column("jaar", label=gettext_lazy("Year"), aliases=("year_old",)),
        Column("kwartaal", label=gettext_lazy("Quarter")),
        Column("plain"),
    ]
    names = header_names(columns)
    assert names["jaar"] == names["year"] == names["year_old"] == "jaar"
    assert names["kwartaal"] == names["quarter"] == "kwartaal"
    assert names["plain"] == "plain"
    from django.utils import translation

    with translation.override("en"):
        assert [c.heading() for c in columns] == ["Year", "Quarter", "plain"]
    with translation.override("nl"):
        assert [c.heading() for c in columns] == ["Jaar", "Kwartaal", "plain"]
