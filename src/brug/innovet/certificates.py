"""The certificate of participation as a PDF (reportlab). Anyone can check its code online."""

from __future__ import annotations

import io

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas

from brug.innovet.models import Certificate


def certificate_pdf(certificate: Certificate, verify_url: str) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"Attest {certificate.code}")
    pdf.setAuthor("Brug")
    _width, height = A4
    y = height - 3 * cm
    pdf.setFont("Helvetica-Bold", 22)
    pdf.drawString(2.5 * cm, y, "Attest van deelname")
    pdf.setFont("Helvetica", 12)
    pdf.drawString(2.5 * cm, y - 0.8 * cm, "Certificate of participation · InnoVET")
    start = timezone.localtime(certificate.session_start)
    end = timezone.localtime(certificate.session_end)
    lines = [
        ("Leerkracht / Teacher", certificate.teacher_name),
        ("School", certificate.school_name),
        ("Aanbod / Offer", certificate.offer_title),
        ("Aanbieder / Provider", certificate.provider_name),
        ("Datum / Date", f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"),
        ("Uitgereikt / Issued", f"{timezone.localtime(certificate.issued_at):%d/%m/%Y}"),
    ]
    y -= 2.5 * cm
    for label, value in lines:
        pdf.setFont("Helvetica-Bold", 11)
        pdf.drawString(2.5 * cm, y, label)
        pdf.setFont("Helvetica", 11)
        pdf.drawString(7.5 * cm, y, value[:80])
        y -= 0.8 * cm
    y -= 1 * cm
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawString(2.5 * cm, y, f"Verificatiecode / Verification code: {certificate.code}")
    pdf.setFont("Helvetica", 10)
    pdf.drawString(2.5 * cm, y - 0.7 * cm, f"Controleer op / Check at: {verify_url}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
