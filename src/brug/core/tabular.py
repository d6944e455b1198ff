"""Atomic CSV/XLSX import and export with line-numbered errors and a dry run.

An importer declares its columns and turns one row into a write (via the app's services).
`run_import` reads every row first and collects every error with file, line and field; when
any row is bad, nothing is written. A dry run does all the work inside a transaction and rolls
it back, so it reports exactly what a real run would change.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from brug.core.errors import ServiceError
from brug.core.i18n import LANGUAGES, Message, gettext_lazy
from brug.core.users import RequestUser


@dataclass(frozen=True)
class Column:
    """One column of an import (and of the export that doubles as its template).

    `name` is the stable key the row handler reads. A file may head the column with the key,
    with its `label` in Dutch or in English (an export writes the label in the reader's
    language), or with one of its `aliases` (older keys, for files already out there):
    `header_names` is that one mapping.
    """

    name: str
    required: bool = True
    help: str = ""
    label: Message | None = None
    aliases: tuple[str, ...] = ()

    def heading(self) -> str:
        """The header cell in the active language."""
        return str(self.label) if self.label is not None else self.name


def _normal(header: str) -> str:
    return " ".join(header.strip().lower().split())


def header_names(columns: Sequence[Column]) -> dict[str, str]:
    """Every header a file may use for a column (normalised) -> the column's key: the key,
    the label in each language and the aliases."""
    names: dict[str, str] = {}
    for column in columns:
        spellings = [column.name, *column.aliases]
        if column.label is not None:
            spellings += [column.label.resolve(lang) for lang in LANGUAGES]
        for spelling in spellings:
            names.setdefault(_normal(spelling), column.name)
    return names


def headings(columns: Sequence[Column]) -> list[str]:
    """The header row of an export in the active language."""
    return [c.heading() for c in columns]


def _canonical(
    rows: list[tuple[int, dict[str, str]]], columns: Sequence[Column]
) -> list[tuple[int, dict[str, str]]]:
    """The rows with their headers turned into column keys (unknown headers kept as read)."""
    names = header_names(columns)
    return [
        (line, {names.get(_normal(h), h): value for h, value in row.items()}) for line, row in rows
    ]


@dataclass(frozen=True)
class RowError:
    file: str
    line: int
    field: str
    message: Message

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" + (f" [{self.field}]" if self.field else "")
        return f"{where}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "message": self.message.as_dict(),
        }


@dataclass
class ImportReport:
    file: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [e.as_dict() for e in self.errors],
        }


# The largest table a page takes as an upload to import.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024


def upload_refusal(size: int | None) -> str:
    """Why an uploaded table of `size` bytes is not imported ("" when it may be)."""
    if size is not None and size > MAX_UPLOAD_BYTES:
        return str(gettext_lazy("The file is too large (max 2 MB)."))
    return ""


class ImportFailed(Exception):
    def __init__(self, report: ImportReport) -> None:
        self.report = report
        super().__init__("\n".join(str(e) for e in report.errors[:50]))


class _DryRunRollback(Exception):
    pass


# A row handler returns "created", "updated" or "unchanged", or raises ServiceError.
RowHandler = Callable[[dict[str, str], Any], str]


@dataclass(frozen=True)
class Importer:
    key: str
    title: Message
    columns: Sequence[Column]
    handle_row: RowHandler


def read_rows(filename: str, content: bytes) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) pairs; line 1 is the header. Accepts CSV (; or ,) and XLSX."""
    if filename.lower().endswith(".xlsx"):
        yield from _read_xlsx(content)
        return
    text = content.decode("utf-8-sig")
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header: list[str] | None = None
    for index, values in enumerate(reader, start=1):
        if header is None:
            header = [h.strip().lower() for h in values]
            continue
        if not any(v.strip() for v in values):
            continue
        yield (
            index,
            {h: (values[i].strip() if i < len(values) else "") for i, h in enumerate(header)},
        )


def _read_xlsx(content: bytes) -> Iterator[tuple[int, dict[str, str]]]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    header: list[str] | None = None
    for index, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = ["" if v is None else str(v).strip() for v in values]
        if header is None:
            header = [c.lower() for c in cells]
            continue
        if not any(cells):
            continue
        yield index, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)}


def run_import(
    importer: Importer,
    *,
    filename: str,
    content: bytes,
    actor: RequestUser | None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import every row or none. Raises ImportFailed (nothing written) when any row is bad."""
    report = ImportReport(file=filename, dry_run=dry_run)
    try:
        rows = list(read_rows(filename, content))
    except Exception as exc:  # any unreadable file is one clear error on line 1
        report.errors.append(
            RowError(
                filename,
                1,
                "",
                gettext_lazy("The file is not valid CSV or XLSX ({e}).", e=exc),
            )
        )
        raise ImportFailed(report) from exc
    rows = _canonical(rows, importer.columns)
    report.rows = len(rows)
    missing = _missing_columns(importer, rows)
    if missing:
        shown = ", ".join(c.heading() for c in importer.columns if c.name in missing)
        report.errors.append(
            RowError(
                filename,
                1,
                ",".join(missing),
                gettext_lazy("Required column missing: {c}.", c=shown),
            )
        )
        raise ImportFailed(report)
    try:
        with transaction.atomic():
            for done, (line, row) in enumerate(rows, start=1):
                try:
                    with transaction.atomic():
                        outcome = importer.handle_row(row, actor)
                except ServiceError as exc:
                    report.errors.append(RowError(filename, line, exc.field or "", exc.text))
                    continue
                setattr(report, outcome, getattr(report, outcome) + 1)
                if progress is not None:
                    progress(done, len(rows))
            if report.errors:
                raise ImportFailed(report)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    return report


def _missing_columns(importer: Importer, rows: list[tuple[int, dict[str, str]]]) -> list[str]:
    if not rows:
        return []
    present = set(rows[0][1])
    return [c.name for c in importer.columns if c.required and c.name not in present]


# A spreadsheet program reads a cell that starts with one of these as a formula (or, for tab and
# carriage return, shifts it to one). Exported text must never run as a formula on the reader's
# machine ("CSV injection", OWASP), so such a cell gets a leading apostrophe.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: Any) -> Any:
    """The cell as written to CSV/XLSX: None is empty, text that would start a formula is quoted.

    Numbers stay numbers (a negative number is a value, not a formula); only text is touched.
    """
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def export_rows(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """CSV (UTF-8 with BOM so spreadsheet programs read accents) or XLSX, by file extension.

    This is the one tabular export of Brug: every cell, header included, passes `neutralise_cell`.
    """
    safe_header = [neutralise_cell(h) for h in header]
    safe_rows = ([neutralise_cell(v) for v in row] for row in rows)
    if filename.lower().endswith(".xlsx"):
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(safe_header)
        for row in safe_rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(safe_header)
    for row in safe_rows:
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
