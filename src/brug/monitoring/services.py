"""Writes of the monitoring app: storing the day's metric values (snapshots)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.template.defaultfilters import floatformat
from django.urls import reverse

from brug.accounts.models import Membership
from brug.accounts.people import RequestUser, user_or_none
from brug.core import policy
from brug.core.audit import audit_record
from brug.core.bounds import date_within, text_within
from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy
from brug.core.metrics import Metric, MetricScope, metrics_all
from brug.core.notify import notify
from brug.core.tabular import Column, Importer, ImportReport, run_import
from brug.monitoring.figures import school_year
from brug.monitoring.flows import phase_out_signals, school_year_bounds
from brug.monitoring.models import (
    NOTE_MAX,
    PERCENT_MEASURES,
    TITLE_MAX,
    VALUE_MAX,
    CountMeasure,
    CountSource,
    EducationForm,
    OfficialCount,
    Snapshot,
    scope_key,
)
from brug.registry.models import (
    YEAR_IN_GRADE_MAX,
    Finality,
    OrganisationKind,
    Programme,
    Province,
    Sector,
)

logger = logging.getLogger(__name__)
ProgressFn = Callable[[int, int], None]


@dataclass
class SnapshotRun:
    on: date
    stored: int = 0
    failed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"on": self.on.isoformat(), "stored": self.stored, "failed": self.failed}


def snapshot_scopes(on: date) -> list[tuple[MetricScope, int | None, int | None]]:
    """Flanders, every sector and every province: (scope, sector id, province id)."""
    start = school_year(on)[0]
    scopes: list[tuple[MetricScope, int | None, int | None]] = [
        (MetricScope(start=start, end=on), None, None)
    ]
    scopes += [
        (MetricScope(start=start, end=on, sector_ids=(pk,)), pk, None)
        for pk in Sector.objects.order_by("pk").values_list("pk", flat=True)
    ]
    scopes += [
        (MetricScope(start=start, end=on, province_ids=(pk,)), None, pk)
        for pk in Province.objects.order_by("pk").values_list("pk", flat=True)
    ]
    return scopes


def snapshots_record(
    *,
    actor: RequestUser,
    on: date,
    metrics: list[Metric] | None = None,
    progress: ProgressFn | None = None,
) -> SnapshotRun:
    """Store `on`'s value of every registered metric for Flanders, each sector and province."""
    policy.require(actor, "record", Snapshot())
    return _record(actor=actor, on=on, metrics=metrics, progress=progress)


def snapshots_record_as_system(
    *,
    on: date,
    metrics: list[Metric] | None = None,
    progress: ProgressFn | None = None,
    is_demo: bool = False,
) -> SnapshotRun:
    """The same for the command line, the scheduler and the demo data: whoever can run those
    already operates the platform, so there is no actor to check."""
    return _record(actor=None, on=on, metrics=metrics, progress=progress, is_demo=is_demo)


def _record(
    *,
    actor: RequestUser | None,
    on: date,
    metrics: list[Metric] | None,
    progress: ProgressFn | None,
    is_demo: bool = False,
) -> SnapshotRun:
    if on > date.today():
        raise ServiceError(
            gettext_lazy("A snapshot cannot be in the future."),
            code="future_date",
            field="on",
        )
    chosen = metrics if metrics is not None else metrics_all()
    scopes = snapshot_scopes(on)
    run = SnapshotRun(on=on)
    rows: list[Snapshot] = []
    total = len(chosen) * len(scopes)
    done = 0
    for metric in chosen:
        for scope, sector_id, province_id in scopes:
            done += 1
            try:
                value = float(metric.compute(scope))
            except Exception:  # one broken metric must not stop the others
                logger.exception("Metric %s failed for %s", metric.key, scope)
                if metric.key not in run.failed:
                    run.failed.append(metric.key)
                continue
            rows.append(
                Snapshot(
                    metric_key=metric.key,
                    scope=scope_key(sector_id=sector_id, province_id=province_id),
                    sector_id=sector_id,
                    province_id=province_id,
                    on=on,
                    value=value,
                    is_demo=is_demo,
                )
            )
            if progress is not None and (done % 25 == 0 or done == total):
                progress(done, total)
    with transaction.atomic():
        Snapshot.objects.filter(on=on, metric_key__in=[m.key for m in chosen]).delete()
        Snapshot.objects.bulk_create(rows, batch_size=1000)
        run.stored = len(rows)
        if rows:
            audit_record(
                actor=actor,
                verb="monitoring.snapshots_recorded",
                obj=Snapshot.objects.filter(on=on).order_by("pk").first() or rows[0],
                changes=run.as_dict(),
            )
    return run


# ---------------------------------------------------------------------------- official counts

MEASURE_CODES = {
    "ingeschreven": CountMeasure.ENROLLED,
    "schoolverlaters": CountMeasure.SCHOOL_LEAVERS,
    "werkzoekend_na_1_jaar": CountMeasure.SEEKING_WORK_1Y,
    "geen_werkervaring_na_1_jaar": CountMeasure.NO_WORK_EXPERIENCE_1Y,
}
FORM_CODES = {
    "": EducationForm.ALL,
    "alle": EducationForm.ALL,
    "tso": EducationForm.TSO,
    "bso": EducationForm.BSO,
    "dbso": EducationForm.DBSO,
    "leertijd": EducationForm.LEERTIJD,
    "buso_ov3": EducationForm.BUSO_OV3,
    "duaal": EducationForm.DUAL,
    "schoolgebonden": EducationForm.SCHOOL_BASED,
}
FINALITY_CODES = {
    "": "",
    "a": Finality.LABOUR_MARKET,
    "da": Finality.DOUBLE,
    "d/a": Finality.DOUBLE,
    "d": Finality.TRANSITION,
}
COUNT_COLUMNS = [
    # The keys are the headers of files already out there; a file may also use the label in
    # Dutch or English (`brug.core.tabular.header_names`).
    Column("schooljaar", help="2024-2025", label=gettext_lazy("School year")),
    Column("maat", help=", ".join(MEASURE_CODES), label=gettext_lazy("Measure")),
    Column(
        "vorm",
        required=False,
        help=", ".join(c for c in FORM_CODES if c),
        label=gettext_lazy("Form of education"),
    ),
    Column("opleiding", required=False, help="programme code", label=gettext_lazy("Programme")),
    Column(
        "provincie",
        required=False,
        help="NIS code or Dutch name",
        label=gettext_lazy("Province"),
    ),
    Column("graad", required=False, help="1, 2 or 3", label=gettext_lazy("Grade")),
    Column(
        "leerjaar",
        required=False,
        help="year within the grade: 1, 2 (3: a seventh year)",
        label=gettext_lazy("Year in grade"),
    ),
    Column("finaliteit", required=False, help="A, D/A or D", label=gettext_lazy("Finality")),
    Column("waarde", help="count, or a percentage 0-100 for shares", label=gettext_lazy("Value")),
]


@dataclass
class CountImport:
    source: CountSource | None
    report: ImportReport
    signals: int = 0


def _parse_value(raw: str, measure: str) -> Decimal:
    try:
        value = Decimal(raw.replace(" ", "").replace(",", "."))
    except InvalidOperation:
        value = Decimal(-1)
    high = 100 if measure in PERCENT_MEASURES else VALUE_MAX
    if not value.is_finite() or not 0 <= value <= high or value != value.quantize(Decimal("0.1")):
        raise ServiceError(
            gettext_lazy("Give a number from 0 to {high} with at most one decimal.", high=high),
            code="bad_value",
            field="waarde",
        )
    return value


def _small_int(raw: str, *, field: str, high: int) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= high:
        raise ServiceError(
            gettext_lazy("Give a whole number from 1 to {high}.", high=high),
            code=f"bad_{field}",
            field=field,
        )
    return int(raw)


def _grade_of(
    row: dict[str, str], programme: Programme | None
) -> tuple[int | None, int | None, str]:
    """The row's grade, year within the grade and finality; they must agree with the
    programme's own (registry) when the row names one."""
    grade = _small_int(row.get("graad", ""), field="graad", high=3)
    year_in_grade = _small_int(row.get("leerjaar", ""), field="leerjaar", high=YEAR_IN_GRADE_MAX)
    finality = FINALITY_CODES.get(row.get("finaliteit", "").strip().lower())
    if finality is None:
        raise ServiceError(
            gettext_lazy("Unknown finality; choose from A, D/A or D."),
            code="bad_finality",
            field="finaliteit",
        )
    if programme is not None:
        if grade is not None and programme.grade is not None and grade != programme.grade:
            raise ServiceError(
                gettext_lazy(
                    "Programme {c} belongs to grade {g}, not to grade {r}.",
                    c=programme.code,
                    g=programme.grade,
                    r=grade,
                ),
                code="grade_mismatch",
                field="graad",
            )
        if finality and programme.finality and finality != programme.finality:
            raise ServiceError(
                gettext_lazy(
                    "Programme {c} has finality {f}, not {r}.",
                    c=programme.code,
                    f=programme.get_finality_display(),
                    r=Finality(finality).label,
                ),
                code="finality_mismatch",
                field="finaliteit",
            )
        grade = grade if grade is not None else programme.grade
        finality = finality or programme.finality
    if year_in_grade is not None and grade is None:
        raise ServiceError(
            gettext_lazy("A year within the grade needs the grade too (column graad)."),
            code="year_without_grade",
            field="leerjaar",
        )
    if year_in_grade == YEAR_IN_GRADE_MAX and grade != 3:
        raise ServiceError(
            gettext_lazy("Only the third grade has a third year (the seventh year)."),
            code="bad_leerjaar",
            field="leerjaar",
        )
    return grade, year_in_grade, str(finality)


def _count_row(source: CountSource) -> Callable[[dict[str, str], Any], str]:
    provinces = {p.nis_code: p for p in Province.objects.all()}
    provinces |= {p.name_nl.lower(): p for p in provinces.values()}

    def handle(row: dict[str, str], actor: Any) -> str:
        year = row.get("schooljaar", "").strip()
        if school_year_bounds(year) is None:
            raise ServiceError(
                gettext_lazy("Write the school year as 2024-2025."),
                code="bad_school_year",
                field="schooljaar",
            )
        measure = MEASURE_CODES.get(row.get("maat", "").strip().lower())
        if measure is None:
            raise ServiceError(
                gettext_lazy("Unknown measure; choose from {c}.", c=", ".join(MEASURE_CODES)),
                code="bad_measure",
                field="maat",
            )
        form = FORM_CODES.get(row.get("vorm", "").strip().lower())
        if form is None:
            raise ServiceError(
                gettext_lazy(
                    "Unknown form; choose from {c}.", c=", ".join(c for c in FORM_CODES if c)
                ),
                code="bad_form",
                field="vorm",
            )
        programme = None
        code = row.get("opleiding", "").strip()
        if code:
            programme = Programme.objects.filter(code=code).first()
            if programme is None:
                raise ServiceError(
                    gettext_lazy("Unknown programme code: {c}.", c=code[:40]),
                    code="unknown_programme",
                    field="opleiding",
                )
        province = None
        where = row.get("provincie", "").strip()
        if where:
            province = provinces.get(where) or provinces.get(where.lower())
            if province is None:
                raise ServiceError(
                    gettext_lazy("Unknown province: {p}.", p=where[:40]),
                    code="unknown_province",
                    field="provincie",
                )
        grade, year_in_grade, finality = _grade_of(row, programme)
        value = _parse_value(row.get("waarde", ""), measure)
        duplicate = OfficialCount.objects.filter(
            grade=grade,
            year_in_grade=year_in_grade,
            finality=finality,
            source=source,
            measure=measure,
            school_year=year,
            education_form=form,
            programme=programme,
            province=province,
        ).exists()
        if duplicate:
            raise ServiceError(
                gettext_lazy("This row already appears earlier in the file."),
                code="duplicate_row",
            )
        OfficialCount.objects.create(
            source=source,
            measure=measure,
            school_year=year,
            education_form=form,
            programme=programme,
            province=province,
            grade=grade,
            year_in_grade=year_in_grade,
            finality=finality,
            value=value,
            is_demo=source.is_demo,
        )
        return "created"

    return handle


def official_counts_import(
    *,
    actor: RequestUser,
    title: str,
    publisher: str,
    url: str,
    reference_date: date | None,
    note: str,
    filename: str,
    content: bytes,
    dry_run: bool = False,
) -> CountImport:
    """Import one publication's official counts (CSV/XLSX): the source and every row, or
    nothing. Raises ServiceError (bad source fields) or ImportFailed (bad rows)."""
    policy.require(actor, "import", OfficialCount())
    return _import_counts(
        actor=actor,
        title=title,
        publisher=publisher,
        url=url,
        reference_date=reference_date,
        note=note,
        filename=filename,
        content=content,
        dry_run=dry_run,
    )


def official_counts_import_as_system(
    *,
    title: str,
    publisher: str,
    url: str,
    reference_date: date | None,
    note: str,
    filename: str,
    content: bytes,
    is_context: bool = False,
    is_demo: bool = False,
    dry_run: bool = False,
) -> CountImport:
    """The same for the command line and the demo data (the operator runs those)."""
    return _import_counts(
        actor=None,
        title=title,
        publisher=publisher,
        url=url,
        reference_date=reference_date,
        note=note,
        filename=filename,
        content=content,
        is_context=is_context,
        is_demo=is_demo,
        dry_run=dry_run,
    )


def _import_counts(
    *,
    actor: RequestUser | None,
    title: str,
    publisher: str,
    url: str,
    reference_date: date | None,
    note: str,
    filename: str,
    content: bytes,
    is_context: bool = False,
    is_demo: bool = False,
    dry_run: bool = False,
) -> CountImport:
    title = text_within(title, field="title", max_length=TITLE_MAX, required=True)
    publisher = text_within(publisher, field="publisher", max_length=TITLE_MAX, required=True)
    url = text_within(url, field="url", max_length=500)
    if url and not url.startswith(("https://", "http://")):
        raise ServiceError(
            gettext_lazy("A source URL starts with https://."),
            code="bad_url",
            field="url",
        )
    note = text_within(note, field="note", max_length=NOTE_MAX)
    if reference_date is None:
        raise ServiceError(
            gettext_lazy("Fill in the reference date."),
            code="required",
            field="reference_date",
        )
    date_within(
        reference_date, field="reference_date", earliest=date(1990, 1, 1), latest=date.today()
    )
    with transaction.atomic():
        if CountSource.objects.filter(
            title=title, publisher=publisher, reference_date=reference_date
        ).exists():
            raise ServiceError(
                gettext_lazy("This source with this reference date was already imported."),
                code="duplicate_source",
                field="title",
            )
        source = CountSource.objects.create(
            title=title,
            publisher=publisher,
            url=url,
            reference_date=reference_date,
            note=note,
            is_context=is_context,
            is_demo=is_demo,
            imported_by=user_or_none(actor) if actor is not None else None,
        )
        importer = Importer(
            key="monitoring.official_counts",
            title=gettext_lazy("Official counts"),
            columns=COUNT_COLUMNS,
            handle_row=_count_row(source),
        )
        report = run_import(importer, filename=filename, content=content, actor=actor)
        if not report.rows:
            raise ServiceError(
                gettext_lazy("The file holds no rows."),
                code="empty_file",
                field="file",
            )
        audit_record(
            actor=actor,
            verb="monitoring.official_counts_imported",
            obj=source,
            changes={"rows": report.created, "reference_date": reference_date.isoformat()},
        )
        signals = 0 if is_context else _notify_phase_out(source)
        if dry_run:
            transaction.set_rollback(True)
            return CountImport(source=None, report=report, signals=signals)
    return CountImport(source=source, report=report, signals=signals)


def _notify_phase_out(source: CountSource) -> int:
    """Tell the RTC of the province and the consultants of the programme's sectors about each
    phase-out signal the new figures raise."""
    years = set(source.counts.values_list("school_year", flat=True))
    signals = [s for year in sorted(years) for s in phase_out_signals(year=year)]
    for signal in signals:
        people = Membership.objects.filter(is_active=True).filter(
            Q(role="rtc_staff", organisation__rtc_region__provinces=signal.province_id)
            | Q(
                role="consultant",
                organisation__kind=OrganisationKind.SECTOR_FUND,
                organisation__sectors__in=signal.sector_ids,
            )
        )
        notify(
            recipients=[m.user for m in people.select_related("user").distinct()],
            subject=gettext_lazy(
                "Phasing out of {p} in {v}?", p=signal.programme, v=signal.province
            ),
            body=gettext_lazy(
                "Official enrolment in {p} in {v} falls from {a} ({y1}) to {b} ({y2}). "
                "Source: {s}. Discuss it in the regional consultation.",
                p=signal.programme,
                v=signal.province,
                # Whole numbers, as the flows page shows them (not "103.0").
                a=floatformat(signal.before, 0),
                b=floatformat(signal.after, 0),
                y1=signal.from_year,
                y2=signal.to_year,
                s=signal.source,
            ),
            url=reverse("monitoring:flows") + f"?jaar={signal.to_year}",
        )
    return len(signals)
