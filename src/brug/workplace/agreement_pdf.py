"""The agreement of a placement as a PDF for signing (reportlab, like the project's reports).

In the reader's language. The learner is named as far as the reader may see (the school and
the learner: full name; the company: first name and pseudonym); the read is logged by
`selectors.learner_identity_for`. Consents already recorded are printed with who and when;
the others get a line to sign on.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone

from brug.accounts.people import RequestUser
from brug.core.i18n import t
from brug.workplace import models as m
from brug.workplace import selectors
from brug.workplace.services.agreements import required_parties


def _learner_name(user: RequestUser, learner: m.Learner) -> str:
    identity = selectors.learner_identity_for(user, learner, purpose="agreement PDF") or {}
    name = " ".join(p for p in (identity.get("first_name"), identity.get("last_name")) if p)
    return f"{name} ({learner.pseudonym})" if name else learner.pseudonym


def agreement_pdf(user: RequestUser, agreement: m.LearningAgreement) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    placement = agreement.placement
    opening = placement.opening
    buffer = io.BytesIO()
    title = agreement.kind_label
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=title, author="Brug")
    styles = getSampleStyleSheet()
    hours = t(
        "{days} dagen, {hours} uur per week",
        "{days} days, {hours} hours a week",
        days=agreement.days_per_week,
        hours=agreement.hours_per_week,
    )
    allowance = t(
        "{amount} euro per maand", "{amount} euro a month", amount=agreement.allowance_per_month
    )
    rows: list[list[Any]] = [
        [str(t("Lerende", "Learner")), _learner_name(user, placement.learner)],
        [str(t("School", "School")), placement.learner.school.name],
        [str(t("Onderneming", "Company")), opening.company.name],
        [str(t("Werkplek", "Workplace")), str(opening.site)],
        [str(t("Opleiding", "Programme")), str(opening.programme)],
        [str(t("Mentor", "Mentor")), f"{placement.mentor.first_name} {placement.mentor.last_name}"],
        [
            str(t("Periode", "Period")),
            f"{placement.start.isoformat()} – {placement.end.isoformat()}",
        ],
        [str(t("Werktijd", "Working time")), str(hours)],
        [str(t("Vergoeding van de lerende", "Learner's allowance")), str(allowance)],
        [str(t("Verzekering door", "Insured by")), agreement.insurer_label],
    ]
    consents = {c.party: c for c in agreement.consents.all()}
    signatures: list[list[Any]] = [
        [
            str(t("Partij", "Party")),
            str(t("Naam", "Name")),
            str(t("Ingestemd op", "Consented on")),
        ]
    ]
    for party in required_parties(agreement):
        consent = consents.get(party)
        signatures.append(
            [
                str(m.PARTY_LABELS[party]),
                consent.signer_name if consent else "",
                timezone.localtime(consent.given_at).strftime("%Y-%m-%d %H:%M")
                if consent
                else "______________________",
            ]
        )
    status = (
        t("Ondertekend: alle partijen stemden in.", "Signed: every party consented.")
        if agreement.is_signed
        else t(
            "Nog niet ondertekend: niet alle partijen stemden in.",
            "Not signed yet: not every party has consented.",
        )
    )
    story: list[Any] = [
        Paragraph(title, styles["Title"]),
        Table(rows, colWidths=[170, 300]),
        Spacer(1, 16),
        Paragraph(str(t("Instemming van de partijen", "The parties' consent")), styles["Heading2"]),
        Table(signatures, colWidths=[130, 200, 140]),
        Spacer(1, 12),
        Paragraph(str(status), styles["Normal"]),
    ]
    doc.build(story)
    return buffer.getvalue()
