"""PDF (reportlab) and XLSX reports per covenant and per generation.

A generation-wide report runs as a job with progress; its files land in MEDIA_ROOT and are
served back only to people who may export the generation's covenants.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format

from brug.core import formatting
from brug.core.i18n import gettext_lazy, pgettext_lazy
from brug.core.jobs import Progress, job_handler
from brug.core.models import Job
from brug.core.tabular import export_rows
from brug.covenants import models as m
from brug.covenants.indicators import metric_or_none
from brug.covenants.services import covenant_funding
from brug.covenants.templatetags.covenants import target_text

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
    return formatting.money(value)


def _target(c: m.Commitment) -> str:
    """ "100", "20 %", "12 uren", "€ 1.250,00": the target with its unit, no unit codes."""
    return target_text(c.target_value, c.unit)


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
        illustrative = str(gettext_lazy("(illustrative)"))
        fte = (
            str(gettext_lazy("not published per sector"))
            if covenant.consultant_fte is None
            else formatting.number(covenant.consultant_fte)
            + (f" {illustrative}" if covenant.consultant_fte_is_illustrative else "")
        )
        facts = [
            [
                str(gettext_lazy("Sector fund")),
                covenant.sector_fund.name if covenant.sector_fund else "–",
            ],
            [str(gettext_lazy("Status")), covenant.get_status_display()],
            [str(gettext_lazy("Consultants (FTE)")), fte],
            [
                str(gettext_lazy("Funding")),
                str(gettext_lazy("cannot be computed")) if funding is None else _money(funding),
            ],
            [
                str(gettext_lazy("Addenda")),
                ", ".join(a.get_kind_display() for a in covenant.addenda.all()) or "–",
            ],
        ]
        story.append(Table(facts, hAlign="LEFT"))
        for evaluation in covenant.evaluations.all():
            story.append(
                Paragraph(
                    str(
                        gettext_lazy(
                            "{kind} ({on}): {met} of {total} result commitments met; "
                            "result funding {funding} of {base}.",
                            kind=evaluation.get_kind_display(),
                            on=date_format(evaluation.evaluated_on),
                            met=evaluation.result_commitments_met,
                            total=evaluation.result_commitments,
                            funding=_money(evaluation.result_funding_eur),
                            base=_money(evaluation.result_funding_base_eur),
                        )
                    ),
                    styles["Normal"],
                )
            )
        story.append(Spacer(1, 8))
        head = [
            gettext_lazy("Action and commitment"),
            pgettext_lazy("Soort", "Kind"),
            pgettext_lazy("Streef", "Target"),
            gettext_lazy("Value"),
            gettext_lazy("Status"),
        ]
        rows: list[list[Any]] = [[str(h) for h in head]]
        for c in m.Commitment.objects.filter(action__covenant=covenant).select_related("action"):
            last = (
                c.entries.filter(report__status="submitted")
                .order_by("-report__window__period_start")
                .first()
            )
            mark = f" {illustrative}" if c.action.is_illustrative else ""
            rows.append(
                [
                    Paragraph(f"{c.action.title}{mark}: {c.description}", styles["BodyText"]),
                    c.get_kind_display(),
                    _target(c),
                    "–" if last is None or last.value is None else formatting.number(last.value),
                    "–" if last is None else last.get_status_display(),
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


def report_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "covenants"
    path.mkdir(parents=True, exist_ok=True)
    return path


def report_file(job: Job, fmt: str) -> Path:
    return report_dir() / f"generation-report-{job.pk}.{fmt}"


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
    report_file(job, "pdf").write_bytes(pdf)
    xlsx_rows: list[list[Any]] = []
    for index, covenant in enumerate(covenants):
        xlsx_rows.extend(commitment_rows([covenant]))
        progress(len(covenants) + index + 1, total, "XLSX")
    report_file(job, "xlsx").write_bytes(export_rows("g.xlsx", EXPORT_HEADER, xlsx_rows))
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
