"""The field log: contacts between guide, mentor and learner."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from brug.accounts.people import RequestUser, signed_in
from brug.core import bounds, policy
from brug.core.audit import audit_record
from brug.core.errors import NotAllowed
from brug.core.i18n import gettext_lazy
from brug.registry.models import Organisation, OrganisationKind
from brug.workplace import models as m
from brug.workplace.services._common import _fail, _today


@transaction.atomic
def contact_record(
    *,
    actor: RequestUser,
    company: Organisation,
    kind: str,
    purpose: str,
    on: date,
    notes: str = "",
    school: Organisation | None = None,
) -> m.Contact:
    mine = policy.organisations_of(actor, roles=("consultant", "reviewer", "platform_admin"))
    if not mine:
        raise NotAllowed()
    contact = m.Contact(
        organisation_id=mine[0],
        recorded_by=signed_in(actor),
        company=company,
        school=school,
        kind=kind,
        purpose=purpose,
        on=on,
        notes=notes,
    )
    policy.require(actor, "create", contact)
    if company.kind != OrganisationKind.COMPANY:
        _fail(gettext_lazy("Choose a company."), code="not_a_company", field="company")
    if school is not None and school.kind != OrganisationKind.SCHOOL:
        _fail(gettext_lazy("Choose a school."), code="not_a_school", field="school")
    if kind not in m.ContactKind.values:
        _fail(gettext_lazy("Choose a kind of contact."), code="kind", field="kind")
    if purpose not in m.ContactPurpose.values:
        _fail(gettext_lazy("Choose a purpose."), code="purpose", field="purpose")
    if on > _today():
        _fail(
            gettext_lazy("Record a contact after it happened: the date is in the future."),
            code="date_in_future",
            field="on",
        )
    bounds.date_within(
        on,
        field="on",
        earliest=bounds.add_years(_today(), -m.CONTACT_MAX_YEARS_BACK),
        latest=_today(),
    )
    contact.notes = bounds.text_within(notes, field="notes", max_length=m.LONG_TEXT_MAX)
    contact.save()
    audit_record(
        actor=actor,
        verb="contact.record",
        obj=contact,
        changes={"kind": kind, "purpose": purpose, "on": on},
    )
    return contact
