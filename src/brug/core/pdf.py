"""Reports fit to hand over: one PDF layout for every report Brug issues (reportlab).

Every page names the issuing body and the report; every page's footer gives the reference
date, the reporting window and "pagina X van Y". Tables wrap their text inside fixed column
widths that add up to the printable width (no text runs into the next column), numbers are
right-aligned in Belgian format (`brug.core.numbers`), and the header row repeats on each page.
A report on demo data says so on every page.

    doc = ReportDocument(title=..., issuer=..., window=..., reference_date=date.today())
    doc.heading("Bouw (2021-2022)")
    doc.facts([("Sectorfonds", "Constructiv"), ...])
    doc.table(header, rows, widths=[0.45, 0.15, ...], numeric={2, 3})
    pdf_bytes = doc.build()
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from brug.core.i18n import gettext_lazy

MARGIN = 18 * mm
HEADER_GAP = 14 * mm


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle("BrugBody", parent=base["BodyText"], fontSize=9, leading=11.5)
    return {
        "title": ParagraphStyle(
            "BrugTitle", parent=base["Title"], fontSize=17, leading=21, alignment=0, spaceAfter=4
        ),
        "meta": ParagraphStyle("BrugMeta", parent=body, textColor=colors.HexColor("#3d3d3d")),
        "h1": ParagraphStyle(
            "BrugH1", parent=base["Heading2"], fontSize=13, leading=16, spaceBefore=6
        ),
        "h2": ParagraphStyle("BrugH2", parent=base["Heading3"], fontSize=10.5, leading=13),
        "body": body,
        "cell": ParagraphStyle("BrugCell", parent=body, fontSize=8, leading=10),
        "cell_num": ParagraphStyle(
            "BrugCellNum", parent=body, fontSize=8, leading=10, alignment=TA_RIGHT
        ),
        "head": ParagraphStyle(
            "BrugHead", parent=body, fontSize=8, leading=10, fontName="Helvetica-Bold"
        ),
        "head_num": ParagraphStyle(
            "BrugHeadNum",
            parent=body,
            fontSize=8,
            leading=10,
            fontName="Helvetica-Bold",
            alignment=TA_RIGHT,
        ),
    }


def _p(text: object, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


@dataclass
class ReportDocument:
    title: str
    issuer: str
    window: str
    reference_date: date
    subtitle: str = ""
    is_demo: bool = False
    orientation: str = "portrait"
    story: list[Any] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.styles = _styles()
        self.pagesize = landscape(A4) if self.orientation == "landscape" else A4
        self.width = self.pagesize[0] - 2 * MARGIN
        self.story.append(_p(self.title, self.styles["title"]))
        meta = [
            str(gettext_lazy("Issued by: {v}", v=self.issuer)),
            str(gettext_lazy("Reporting window: {v}", v=self.window)),
            str(gettext_lazy("Reference date: {v}", v=f"{self.reference_date:%d/%m/%Y}")),
        ]
        if self.subtitle:
            meta.append(self.subtitle)
        if self.is_demo:
            meta.append(
                str(gettext_lazy("DEMO: generated data, no figures of real organisations."))
            )
        self.story.append(_p("\n".join(meta), self.styles["meta"]))
        self.story.append(Spacer(1, 6))

    # ------------------------------------------------------------------ content

    def heading(self, text: str, level: int = 1) -> None:
        self.story.append(_p(text, self.styles["h1" if level == 1 else "h2"]))

    def paragraph(self, text: str) -> None:
        self.story.append(_p(text, self.styles["body"]))

    def spacer(self, height: float = 6) -> None:
        self.story.append(Spacer(1, height))

    def page_break(self) -> None:
        self.story.append(PageBreak())

    def facts(self, pairs: Sequence[tuple[str, str]]) -> None:
        """Label–value pairs, label column a third of the width."""
        rows = [[_p(k, self.styles["head"]), _p(v, self.styles["cell"])] for k, v in pairs]
        table = Table(rows, colWidths=[self.width * 0.3, self.width * 0.7], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#cbd2da")),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        self.story.append(table)

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[object]],
        *,
        widths: Sequence[float],
        numeric: set[int] | frozenset[int] = frozenset(),
        caption: str = "",
    ) -> None:
        """A table whose columns take `widths` (fractions of the printable width, summing
        to 1); every cell wraps; `numeric` columns (already formatted text) align right."""
        assert abs(sum(widths) - 1) < 0.01, widths
        s = self.styles
        data = [[_p(h, s["head_num"] if i in numeric else s["head"]) for i, h in enumerate(header)]]
        for row in rows:
            data.append(
                [_p(v, s["cell_num"] if i in numeric else s["cell"]) for i, v in enumerate(row)]
            )
        table = Table(data, colWidths=[self.width * w for w in widths], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#8a949e")),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8ebef")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        if caption:
            self.story.append(KeepTogether([_p(caption, self.styles["h2"]), Spacer(1, 2)]))
        self.story.append(table)

    # ------------------------------------------------------------------ output

    def _decorate(self, canvas: Canvas, page: int, pages: int) -> None:
        w, h = self.pagesize
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(colors.HexColor("#3d3d3d"))
        canvas.drawString(MARGIN, h - MARGIN + 12, _clip(self.issuer, 90))
        canvas.drawRightString(w - MARGIN, h - MARGIN + 12, _clip(self.title, 80))
        canvas.setStrokeColor(colors.HexColor("#cbd2da"))
        canvas.line(MARGIN, h - MARGIN + 8, w - MARGIN, h - MARGIN + 8)
        canvas.line(MARGIN, MARGIN - 8, w - MARGIN, MARGIN - 8)
        footer = str(
            gettext_lazy(
                "Reference date {d} · Window {w}",
                d=f"{self.reference_date:%d/%m/%Y}",
                w=self.window,
            )
        )
        if self.is_demo:
            footer += " · DEMO"
        canvas.drawString(MARGIN, MARGIN - 18, _clip(footer, 110))
        canvas.drawRightString(
            w - MARGIN,
            MARGIN - 18,
            str(gettext_lazy("Page {page} of {pages}", page=page, pages=pages)),
        )
        canvas.restoreState()

    def build(self) -> bytes:
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer,
            pagesize=self.pagesize,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + 4,
            bottomMargin=MARGIN + 4,
            title=self.title,
            author=self.issuer,
            subject=self.window,
            creator="Brug",
        )
        decorate = self._decorate

        class NumberedCanvas(Canvas):
            """Holds every page until the end so each footer can say "of Y"."""

            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self._pages: list[dict[str, Any]] = []

            def showPage(self) -> None:
                self._pages.append(dict(self.__dict__))
                self._startPage()  # type: ignore[attr-defined]

            def save(self) -> None:
                total = len(self._pages)
                for number, state in enumerate(self._pages, 1):
                    self.__dict__.update(state)
                    decorate(self, number, total)
                    super().showPage()
                super().save()

        doc.build(list(self.story), canvasmaker=NumberedCanvas)
        return buffer.getvalue()


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
