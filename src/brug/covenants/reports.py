"""PDF (reportlab) and XLSX reports per covenant and per generation.

A generation-wide report runs as a job with progress; its files land in the default storage and are
served back only to people who may export the generation's covenants.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from brug.core.jobs import Progress, job_handler
from brug.core.models import Job
from brug.core.tabular import export_rows
from brug.covenants import models as m
from brug.covenants.indicators import metric_or_none
from brug.covenants.services import covenant_funding

EXPORT_HEADER = [
    "generatie",
    "sector",
    "sectorfonds",
    "status convenant",
    "actie",
    "categorie",
    "thema",
    "illustratief",
    "verbintenis",
    "soort",
    "eigenaar",
    "streefwaarde",
    "eenheid",
    "termijn",
    "indicator",
    "kwartaal",
    "status",
    "waarde",
    "toelichting",
]


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
    return export_rows("covenants.xlsx", EXPORT_HEADER, commitment_rows(covenants))


def _money(value: Any) -> str:
    return f"€ {value:,.2f}".replace(",", " ").replace(".", ",")


def covenants_pdf(
    covenants: Sequence[m.Covenant],
    title: str,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=title, author="Brug")
    story: list[Any] = [Paragraph(title, styles["Title"])]
    for index, covenant in enumerate(covenants):
        if index:
            story.append(PageBreak())
        story.append(
            Paragraph(f"{covenant.sector.name} ({covenant.generation.code})", styles["h1"])
        )
        funding = covenant_funding(covenant)
        facts = [
            ["Sectorfonds", covenant.sector_fund.name if covenant.sector_fund else "–"],
            ["Status", covenant.get_status_display()],
            ["Consulenten (VTE)", "niet per sector gepubliceerd / not published per sector"
             if covenant.consultant_fte is None else f"{covenant.consultant_fte}"
             + (" (illustratief)" if covenant.consultant_fte_is_illustrative else "")],
            ["Financiering", "niet te berekenen / cannot be computed"
             if funding is None else _money(funding)],
            ["Addenda", ", ".join(a.get_kind_display() for a in covenant.addenda.all()) or "–"],
        ]  # fmt: skip
        story.append(Table(facts, hAlign="LEFT"))
        for evaluation in covenant.evaluations.all():
            story.append(
                Paragraph(
                    f"{evaluation.get_kind_display()} ({evaluation.evaluated_on}): "
                    f"{evaluation.result_commitments_met} van {evaluation.result_commitments} "
                    f"resultaatsverbintenissen gehaald; resultaatsfinanciering "
                    f"{_money(evaluation.result_funding_eur)} van "
                    f"{_money(evaluation.result_funding_base_eur)}.",
                    styles["Normal"],
                )
            )
        story.append(Spacer(1, 8))
        rows: list[list[Any]] = [["Actie / verbintenis", "Soort", "Streef", "Waarde", "Status"]]
        for c in m.Commitment.objects.filter(action__covenant=covenant).select_related("action"):
            last = (
                c.entries.filter(report__status="submitted")
                .order_by("-report__window__period_start")
                .first()
            )
            mark = " (illustratief)" if c.action.is_illustrative else ""
            rows.append(
                [
                    Paragraph(f"{c.action.title}{mark}: {c.description}", styles["BodyText"]),
                    c.get_kind_display().split(" / ")[0],
                    f"{c.target_value} {c.unit}",
                    "–" if last is None or last.value is None else f"{last.value}",
                    "–" if last is None else last.get_status_display().split(" / ")[0],
                ]
            )
        table = Table(rows, colWidths=[230, 80, 70, 70, 70], repeatRows=1)
        table.setStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
            ]
        )
        story.append(table)
        if progress is not None:
            progress(index + 1, len(covenants))
    doc.build(story)
    return buffer.getvalue()


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
    """PDF and XLSX for a whole generation. The covenant set was fixed (and permission-
    filtered) when the job was started."""
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
        f"Sectorconvenanten {generation.code} — evaluatierapport",
        progress=lambda done, _n: progress(done, total, "PDF"),
    )
    save_report(report_file(job, "pdf"), pdf)
    xlsx_rows: list[list[Any]] = []
    for index, covenant in enumerate(covenants):
        xlsx_rows.extend(commitment_rows([covenant]))
        progress(len(covenants) + index + 1, total, "XLSX")
    save_report(report_file(job, "xlsx"), export_rows("g.xlsx", EXPORT_HEADER, xlsx_rows))
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
