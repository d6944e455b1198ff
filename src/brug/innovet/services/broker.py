"""The RTC as broker: opportunity signals."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.urls import reverse

from brug.accounts.models import User
from brug.accounts.people import RequestUser, signed_in
from brug.core import policy
from brug.core.audit import audit_record
from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy
from brug.core.notify import notify
from brug.innovet.models import (
    Offer,
    OpportunitySignal,
)
from brug.innovet.services._common import members_of
from brug.innovet.services.registrations import _offer_url
from brug.registry.models import (
    Organisation,
    OrganisationKind,
)


@transaction.atomic
def opportunity_signal(
    *,
    actor: RequestUser,
    rtc: Organisation,
    subject: str,
    message: str,
    recipients: Sequence[Organisation],
    offer: Offer | None = None,
) -> OpportunitySignal:
    signal = OpportunitySignal(
        rtc=rtc,
        sent_by=signed_in(actor),
        subject=subject.strip()[:300],
        message=message.strip(),
        offer=offer,
    )
    policy.require(actor, "create", signal)
    if not signal.subject or not signal.message:
        raise ServiceError(
            gettext_lazy("Give a subject and a message."),
            field="subject",
        )
    chosen = [
        o for o in recipients if o.kind in (OrganisationKind.SCHOOL, OrganisationKind.COMPANY)
    ]
    if not chosen or len(chosen) != len(recipients):
        raise ServiceError(
            gettext_lazy("Choose one or more schools or companies."),
            field="recipients",
        )
    signal.save()
    signal.recipients.set(chosen)
    audit_record(
        actor=actor,
        verb="innovet.signal.send",
        obj=signal,
        changes={"recipients": [o.pk for o in chosen]},
    )
    people: list[User] = []
    for organisation in chosen:
        people += members_of(organisation.pk, ["guide", "teacher", "company_contact"])
    notify(
        recipients=people,
        subject=gettext_lazy("Opportunity from {r}: {s}", r=rtc.name, s=signal.subject),
        body=gettext_lazy("{m}", m=signal.message),
        url=_offer_url(offer) if offer is not None else reverse("innovet:search"),
    )
    return signal
