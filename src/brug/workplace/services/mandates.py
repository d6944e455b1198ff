"""Mandates: a company lets another organisation act for it."""

from __future__ import annotations

from django.db import transaction

from brug.accounts.people import RequestUser, signed_in
from brug.core import policy
from brug.core.audit import audit_record
from brug.core.i18n import gettext_lazy
from brug.registry.models import Organisation, OrganisationKind
from brug.workplace import models as m
from brug.workplace.services._common import _fail, _today


@transaction.atomic
def mandate_grant(
    *, actor: RequestUser, company: Organisation, mandatee: Organisation
) -> m.Mandate:
    mandate = m.Mandate.objects.filter(company=company, mandatee=mandatee).first()
    candidate = mandate or m.Mandate(company=company, mandatee=mandatee)
    policy.require(actor, "create" if mandate is None else "change", candidate)
    if mandatee.kind not in (OrganisationKind.SCHOOL, OrganisationKind.SECTOR_FUND):
        _fail(
            gettext_lazy("Only a school or a sector fund can receive a mandate."),
            code="mandatee_kind",
            field="mandatee",
        )
    if mandatee.pk == company.pk:
        _fail(
            gettext_lazy("A company does not give itself a mandate."),
            code="mandate_self",
            field="mandatee",
        )
    candidate.is_active = True
    candidate.granted_by = signed_in(actor)
    candidate.granted_on = _today()
    candidate.save()
    audit_record(actor=actor, verb="mandate.grant", obj=candidate, changes={"mandatee": mandatee})
    return candidate


@transaction.atomic
def mandate_revoke(*, actor: RequestUser, mandate: m.Mandate) -> m.Mandate:
    policy.require(actor, "change", mandate)
    mandate.is_active = False
    mandate.save(update_fields=["is_active"])
    audit_record(actor=actor, verb="mandate.revoke", obj=mandate)
    return mandate
