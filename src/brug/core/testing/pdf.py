"""Render a PDF in a test, keep its pages as PNG artefacts a person can look at, read its text.

Artefacts land in `.artifacts/reports/` at the repository root (git-ignored; CI may keep the
folder). pypdfium2 (a dev dependency: PDFium in a wheel, nothing to install on the machine)
renders; without it the render step skips and says why.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[4] / ".artifacts" / "reports"


def pdf_text(pdf: bytes) -> list[str]:
    """The text of every page (pypdfium2), or skip when it is not installed."""
    pdfium = pytest.importorskip(
        "pypdfium2", reason="pypdfium2 is not installed: PDF text and rendering checks skipped"
    )
    document = pdfium.PdfDocument(pdf)
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


def render_pdf(pdf: bytes, name: str, *, pages: int = 1, scale: float = 1.5) -> list[Path]:
    """Render the first `pages` pages to `.artifacts/reports/<name>-p<n>.png`; also keep the PDF."""
    pdfium = pytest.importorskip(
        "pypdfium2", reason="pypdfium2 is not installed: the report is not rendered to an image"
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.pdf").write_bytes(pdf)
    document = pdfium.PdfDocument(pdf)
    out = []
    try:
        for index in range(min(pages, len(document))):
            image = document[index].render(scale=scale).to_pil()
            path = ARTIFACTS / f"{name}-p{index + 1}.png"
            image.save(path)
            out.append(path)
    finally:
        document.close()
    return out
