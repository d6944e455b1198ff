"""PDF (reportlab) and XLSX reports per covenant and per generation.

A generation-wide report runs as a job with progress; its files land in the default storage and are
served back only to people who may export the generation's covenants.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation

from brug.core.i18n import Message, by_language, gettext_lazy, one_side
from brug.core.jobs import Progress, job_handler
from brug.core.models import Job
from brug.core.numbers import be_money, be_number_auto
from brug.core.pdf import ReportDocument
from brug.core.tabular import export_rows
from brug.covenants import models as m
from brug.covenants.indicators import metric_or_none
from brug.covenants.services import covenant_funding

EXPORT_COLUMNS: list[Message] = [
    gettext_lazy("Generation"),
    gettext_lazy("Sector"),
    gettext_lazy("Sector fund"),
    gettext_lazy("Status of the covenant"),
    gettext_lazy("Action"),
    gettext_lazy("Category"),
    gettext_lazy("Theme"),
    gettext_lazy("Illustrative"),
    gettext_lazy("Commitment"),
    gettext_lazy("Kind"),
    gettext_lazy("Owner"),
    gettext_lazy("Target value"),
    gettext_lazy("Unit"),
    gettext_lazy("Deadline"),
    gettext_lazy("Indicator"),
    gettext_lazy("Quarter"),
    gettext_lazy("Status"),
    gettext_lazy("Value"),
    gettext_lazy("Explanation"),
]


def export_header() -> list[str]:
    """The header row in the active language (the reader's, or the requester's in a job)."""
    return [str(h) for h in EXPORT_COLUMNS]


def ILLUSTRATIVE_MARK() -> str:
    return " (" + str(gettext_lazy("illustrative")) + ")"


def commitment_rows(covenants: Iterable[m.Covenant]) -> Iterable[list[Any]]:
    """One row per commitment × submitted report (or one row without progress)."""
    for covenant in covenants:
        commitments = (
            m.Commitment.objects.filter(action__covenant=covenant)
            .select_related("action__theme", "indicator")
            .prefetch_related("entries__report__window")
        )
        for c in commitments:
            base = [
                covenant.generation.code,
                covenant.sector.name,
                covenant.sector_fund.name if covenant.sector_fund else "",
                covenant.get_status_display(),
                c.action.title,
                c.action.get_category_display(),
                c.action.theme.name_nl,
                "ja" if c.action.is_illustrative or c.is_illustrative else "nee",
                c.description,
                c.get_kind_display(),
                c.get_owner_display(),
                float(c.target_value),
                c.unit,
                c.deadline.isoformat(),
                getattr(getattr(c, "indicator", None), "metric_key", "") or "manueel",
            ]
            entries = [e for e in c.entries.all() if e.report.is_frozen]
            if not entries:
                yield [*base, "", "", "", ""]
            for e in sorted(entries, key=lambda e: e.report.window.period_start):
                yield [
                    *base,
                    e.report.window.label,
                    e.get_status_display(),
                    None if e.value is None else float(e.value),
                    e.narrative,
                ]


def covenants_xlsx(covenants: Iterable[m.Covenant]) -> bytes:
    return export_rows("covenants.xlsx", export_header(), commitment_rows(covenants))


def _money(value: Any) -> str:
    return be_money(value)


def format_amount(value: Decimal | float | None, unit: str) -> str:
    """A target or reported value in its unit, the Belgian way: 12.345, 12,5 %, € 1.250,00."""
    if value is None:
        return ""
    if unit == m.Unit.EUR:
        return be_money(value)
    number = be_number_auto(value)
    if unit == m.Unit.PERCENT:
        return f"{number} %"
    if unit == m.Unit.HOURS:
        return str(gettext_lazy("{n} hours", n=number))
    return number


KIND_SHORT: dict[str, Message] = {
    m.CommitmentKind.EFFORT: gettext_lazy("Effort"),
    m.CommitmentKind.RESULT: gettext_lazy("Result"),
}


def reporting_window(generation: m.CovenantGeneration, on: date) -> m.ReportingWindow | None:
    """The latest window of the generation that has started on `on` (the one a report covers)."""
    return (
        generation.windows.filter(period_start__lte=on).order_by("-period_start").first()
        or generation.windows.order_by("period_start").first()
    )


def window_text(window: m.ReportingWindow | None, generation: m.CovenantGeneration) -> str:
    if window is None:
        return str(
            gettext_lazy("generation {code} (no reporting window yet)", code=generation.code)
        )
    return f"{window.label} ({window.period_start:%d/%m/%Y} – {window.period_end:%d/%m/%Y})"


def report_issuer() -> str:
    return str(
        by_language({"nl": settings.BRUG_REPORT_ISSUER_NL, "en": settings.BRUG_REPORT_ISSUER_EN})
    )


def _progress(commitment: m.Commitment, window: m.ReportingWindow | None) -> tuple[str, str]:
    """(value, status) from the last submitted report up to the window; words, never a bare
    dash, when nothing was reported."""
    entries = [
        e
        for e in commitment.entries.all()
        if e.report.is_frozen
        and (window is None or e.report.window.period_start <= window.period_start)
    ]
    if not entries:
        return str(gettext_lazy("no report")), str(gettext_lazy("not reported yet"))
    last = max(entries, key=lambda e: e.report.window.period_start)
    status = f"{one_side(last.get_status_display())} ({last.report.window.label})"
    if last.value is None:
        value = (
            str(gettext_lazy("no figure (effort)"))
            if commitment.kind == m.CommitmentKind.EFFORT
            else str(gettext_lazy("not filled in"))
        )
    else:
        value = format_amount(last.value, last.unit or commitment.unit)
    return value, status


def covenants_pdf(
    covenants: Sequence[m.Covenant],
    title: str,
    progress: Callable[[int, int], None] | None = None,
    *,
    on: date | None = None,
) -> bytes:
    """One report for one or more covenants of a generation: issuer, reporting window,
    reference date and page numbers on every page; a table per covenant."""
    on = on or date.today()
    generation = covenants[0].generation if covenants else None
    window = reporting_window(generation, on) if generation is not None else None
    doc = ReportDocument(
        title=title,
        issuer=report_issuer(),
        window=window_text(window, generation) if generation is not None else "–",
        reference_date=on,
        subtitle=str(
            gettext_lazy(
                "Source: the progress reports the sectors submitted in Brug (frozen on "
                "submission); targets from the covenants."
            )
        ),
        is_demo=bool(generation is not None and generation.is_demo)
        or any(getattr(c, "is_demo", False) for c in covenants),
    )
    for index, covenant in enumerate(covenants):
        if index:
            doc.page_break()
        if len(covenants) > 1:  # one covenant: the title already names it
            doc.heading(
                str(
                    gettext_lazy(
                        "{s} · generation {g}", s=covenant.sector.name, g=covenant.generation.code
                    )
                )
            )
        funding = covenant_funding(covenant)
        fte = covenant.consultant_fte
        doc.facts(
            [
                (str(gettext_lazy("Sector fund")),
                 covenant.sector_fund.name if covenant.sector_fund else str(gettext_lazy("none"))),
                (str(gettext_lazy("Status")), one_side(covenant.get_status_display())),
                (str(gettext_lazy("Consultants (FTE)")),
                 str(gettext_lazy("not published per sector")) if fte is None
                 else be_number_auto(fte) + (ILLUSTRATIVE_MARK()
                                             if covenant.consultant_fte_is_illustrative else "")),
                (str(gettext_lazy("Funding")),
                 str(gettext_lazy("cannot be computed")) if funding is None
                 else _money(funding)),
                (str(gettext_lazy("Addenda")),
                 ", ".join(one_side(a.get_kind_display()) for a in covenant.addenda.all())
                 or str(gettext_lazy("none"))),
            ]
        )  # fmt: skip
        for evaluation in covenant.evaluations.all():
            doc.paragraph(
                str(
                    gettext_lazy(
                        "{kind} ({on}): {met} of {total} result commitments met; result "
                        "funding {funding} of {base}.",
                        kind=one_side(evaluation.get_kind_display()),
                        on=f"{evaluation.evaluated_on:%d/%m/%Y}",
                        met=evaluation.result_commitments_met,
                        total=evaluation.result_commitments,
                        funding=_money(evaluation.result_funding_eur),
                        base=_money(evaluation.result_funding_base_eur),
                    )
                )
            )
        doc.spacer(6)
        commitments = (
            m.Commitment.objects.filter(action__covenant=covenant)
            .select_related("action")
            .prefetch_related("entries__report__window")
        )
        rows = []
        previous_action = None
        for c in commitments:
            mark = ILLUSTRATIVE_MARK() if c.action.is_illustrative else ""
            value, status = _progress(c, window)
            action = f"{c.action.title}{mark}\n" if c.action_id != previous_action else ""
            previous_action = c.action_id
            rows.append(
                [
                    f"{action}{c.description}",
                    str(KIND_SHORT.get(c.kind, c.kind)),
                    format_amount(c.target_value, c.unit),
                    f"{c.deadline:%d/%m/%Y}",
                    value,
                    status,
                ]
            )
        doc.table(
            [
                str(gettext_lazy("Action and commitment")),
                str(gettext_lazy("Kind")),
                str(gettext_lazy("Target")),
                str(gettext_lazy("Deadline")),
                str(gettext_lazy("Last reported")),
                str(gettext_lazy("Status")),
            ],
            rows,
            widths=[0.36, 0.11, 0.13, 0.1, 0.13, 0.17],
            numeric={2, 4},
            caption=str(gettext_lazy("Commitments and progress")),
        )
        if not rows:
            doc.paragraph(str(gettext_lazy("No commitments.")))
        if progress is not None:
            progress(index + 1, len(covenants))
    return doc.build()


def report_file(job: Job, fmt: str) -> str:
    """The report's name in the default storage (the file system or an object store)."""
    return f"covenants/generation-report-{job.pk}.{fmt}"


def save_report(name: str, content: bytes) -> None:
    """Store a generated report under its fixed name, replacing an earlier run's file."""
    if default_storage.exists(name):
        default_storage.delete(name)
    saved = default_storage.save(name, ContentFile(content))
    if saved != name:  # pragma: no cover - the name was free a moment ago
        raise RuntimeError(f"report stored as {saved}, expected {name}")


@job_handler("covenants.generation_report", retries=1)
def generation_report(job: Job, progress: Progress) -> dict[str, Any]:
    """PDF and XLSX for a whole generation, in the requester's language. The covenant set was
    fixed (and permission-filtered) when the job was started."""
    with translation.override(job.params.get("language") or "nl"):
        return _generation_report(job, progress)


def _generation_report(job: Job, progress: Progress) -> dict[str, Any]:
    generation = m.CovenantGeneration.objects.get(pk=job.params["generation"])
    covenants = list(
        m.Covenant.objects.filter(pk__in=job.params["covenants"])
        .select_related("sector", "sector_fund", "generation")
        .prefetch_related("addenda", "evaluations")
        .order_by("sector__name")
    )
    total = len(covenants) * 2
    progress(0, total, "PDF")
    pdf = covenants_pdf(
        covenants,
        str(gettext_lazy("Sector covenants {code}: progress and evaluation", code=generation.code)),
        progress=lambda done, _n: progress(done, total, "PDF"),
    )
    save_report(report_file(job, "pdf"), pdf)
    xlsx_rows: list[list[Any]] = []
    for index, covenant in enumerate(covenants):
        xlsx_rows.extend(commitment_rows([covenant]))
        progress(len(covenants) + index + 1, total, "XLSX")
    save_report(report_file(job, "xlsx"), export_rows("g.xlsx", export_header(), xlsx_rows))
    return {
        "url": reverse("covenants:generation_report_file", args=[job.pk, "pdf"]),
        "xlsx": reverse("covenants:generation_report_file", args=[job.pk, "xlsx"]),
        "covenants": len(covenants),
    }


def metric_definition(key: str) -> dict[str, str] | None:
    metric = metric_or_none(key)
    if metric is None:
        return None
    return {"title": str(metric.title), "definition": str(metric.definition), "unit": metric.unit}
