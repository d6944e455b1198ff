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
from brug.core.i18n import gettext_lazy
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
    hours = gettext_lazy(
        "{days} days, {hours} hours a week",
        days=agreement.days_per_week,
        hours=agreement.hours_per_week,
    )
    allowance = gettext_lazy("{amount} euro a month", amount=agreement.allowance_per_month)
    rows: list[list[Any]] = [
        [str(gettext_lazy("Learner")), _learner_name(user, placement.learner)],
        [str(gettext_lazy("School")), placement.learner.school.name],
        [str(gettext_lazy("Company")), opening.company.name],
        [str(gettext_lazy("Workplace")), str(opening.site)],
        [str(gettext_lazy("Programme")), str(opening.programme)],
        [
            str(gettext_lazy("Mentor")),
            f"{placement.mentor.first_name} {placement.mentor.last_name}",
        ],
        [
            str(gettext_lazy("Period")),
            f"{placement.start.isoformat()} – {placement.end.isoformat()}",
        ],
        [str(gettext_lazy("Working time")), str(hours)],
        [str(gettext_lazy("Learner's allowance")), str(allowance)],
        [str(gettext_lazy("Insured by")), agreement.insurer_label],
    ]
    consents = {c.party: c for c in agreement.consents.all()}
    signatures: list[list[Any]] = [
        [
            str(gettext_lazy("Party")),
            str(gettext_lazy("Name")),
            str(gettext_lazy("Consented on")),
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
        gettext_lazy("Signed: every party consented.")
        if agreement.is_signed
        else gettext_lazy("Not signed yet: not every party has consented.")
    )
    story: list[Any] = [
        Paragraph(title, styles["Title"]),
        Table(rows, colWidths=[170, 300]),
        Spacer(1, 16),
        Paragraph(str(gettext_lazy("The parties' consent")), styles["Heading2"]),
        Table(signatures, colWidths=[130, 200, 140]),
        Spacer(1, 12),
        Paragraph(str(status), styles["Normal"]),
    ]
    doc.build(story)
    return buffer.getvalue()
