from __future__ import annotations

import pytest

from brug.core.errors import ServiceError
from brug.core.i18n import t
from brug.core.tabular import Column, Importer, ImportFailed, export_rows, read_rows, run_import
from brug.registry.models import StudyDomain


def _handle(row: dict[str, str], actor: object) -> str:
    if not row["code"].isidentifier():
        raise ServiceError(t("Ongeldige code.", "Invalid code."), field="code")
    _, created = StudyDomain.objects.update_or_create(
        code=row["code"], defaults={"name": row["name"]}
    )
    return "created" if created else "updated"


IMPORTER = Importer(
    key="test",
    title=t("Test", "Test"),
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
