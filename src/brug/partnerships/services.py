"""Every write of the partnership register. Each keeps the search document current."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction

from brug.accounts.people import RequestUser, user_or_none
from brug.core import policy
from brug.core.audit import audit_record
from brug.core.bounds import date_within, text_within
from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy
from brug.innovet.models import Material, MaterialStatus, Offer, OfferStatus
from brug.partnerships.models import (
    ROLE_MAX,
    TEXT_MAX,
    THEME_MAX,
    TITLE_MAX,
    URL_MAX,
    Partnership,
    PartnershipDecision,
    PartnershipKind,
    PartnershipMember,
    PartnerSide,
)
from brug.partnerships.search import partnerships_index
from brug.registry.models import Organisation, OrganisationKind, Programme, Province, StudyDomain

EARLIEST = date(1990, 1, 1)
LATEST_YEARS_AHEAD = 10
EDUCATION_KINDS = {
    OrganisationKind.SCHOOL,
    OrganisationKind.SUPPORT_SERVICE,
    OrganisationKind.EDUCATION_NETWORK,
}
WORK_KINDS = {
    OrganisationKind.COMPANY,
    OrganisationKind.SECTOR_FUND,
    OrganisationKind.FEDERATION,
    OrganisationKind.PARTNERSHIP,
}


def side_of(organisation: Organisation) -> str:
    """Education, work, or neither (RTC, VDAB, the departments): from the organisation's kind."""
    if organisation.kind in EDUCATION_KINDS:
        return PartnerSide.EDUCATION
    if organisation.kind in WORK_KINDS:
        return PartnerSide.WORK
    return PartnerSide.BROKER


def _latest() -> date:
    today = date.today()
    return today.replace(year=today.year + LATEST_YEARS_AHEAD)


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    if values["kind"] not in PartnershipKind.values:
        raise ServiceError(
            gettext_lazy("Choose a kind of partnership."),
            code="bad_kind",
            field="kind",
        )
    clean = dict(values)
    clean["title"] = text_within(
        values["title"], field="title", max_length=TITLE_MAX, required=True
    )
    clean["goal"] = text_within(values["goal"], field="goal", max_length=TEXT_MAX, required=True)
    clean["theme"] = text_within(
        values["theme"], field="theme", max_length=THEME_MAX, required=True
    )
    for name in ("description", "results"):
        clean[name] = text_within(values[name], field=name, max_length=TEXT_MAX)
    url = text_within(values["url"], field="url", max_length=URL_MAX)
    if url and not url.startswith(("https://", "http://")):
        raise ServiceError(
            gettext_lazy("A web address starts with https://."),
            code="bad_url",
            field="url",
        )
    clean["url"] = url
    start, end = values["start"], values["end"]
    if start is None:
        raise ServiceError(gettext_lazy("Fill in the start date."), code="required", field="start")
    date_within(start, field="start", earliest=EARLIEST, latest=_latest())
    if end is not None:
        date_within(end, field="end", earliest=EARLIEST, latest=_latest())
        if end < start:
            raise ServiceError(
                gettext_lazy("The end lies before the start."),
                code="end_before_start",
                field="end",
            )
    body = values.get("body")
    if body is not None and body.kind != OrganisationKind.PARTNERSHIP:
        raise ServiceError(
            gettext_lazy("Choose a sectoral partnership as the body."),
            code="bad_body",
            field="body",
        )
    return clean


FIELDS = ("kind", "title", "goal", "theme", "description", "results", "start", "end", "url")


@transaction.atomic
def partnership_create(
    *,
    actor: RequestUser,
    owner: Organisation,
    kind: str,
    title: str,
    goal: str,
    theme: str,
    start: date | None,
    end: date | None = None,
    description: str = "",
    results: str = "",
    url: str = "",
    province: Province | None = None,
    body: Organisation | None = None,
    study_domains: Iterable[StudyDomain] = (),
    programmes: Iterable[Programme] = (),
    publish: bool = False,
) -> Partnership:
    """Register a partnership kept current by `owner` (the actor's organisation); the owner
    is its first partner."""
    policy.require(actor, "create", Partnership(owner=owner))
    values = _clean(
        {
            "kind": kind,
            "title": title,
            "goal": goal,
            "theme": theme,
            "description": description,
            "results": results,
            "start": start,
            "end": end,
            "url": url,
            "body": body,
        }
    )
    partnership = Partnership.objects.create(
        owner=owner,
        province=province,
        is_published=publish,
        created_by=user_or_none(actor),
        **values,
    )
    partnership.study_domains.set(list(study_domains))
    partnership.programmes.set(list(programmes))
    PartnershipMember.objects.create(
        partnership=partnership, organisation=owner, side=side_of(owner)
    )
    partnerships_index([partnership])
    audit_record(
        actor=actor,
        verb="partnerships.partnership.create",
        obj=partnership,
        changes={k: str(v) for k, v in values.items()},
    )
    return partnership


@transaction.atomic
def partnership_change(
    *,
    actor: RequestUser,
    partnership: Partnership,
    study_domains: Iterable[StudyDomain] | None = None,
    programmes: Iterable[Programme] | None = None,
    **changes: Any,
) -> Partnership:
    """Change the fields named in `changes` (any of FIELDS, `province`, `body`, `is_published`)."""
    policy.require(actor, "change", partnership)
    unknown = set(changes) - {*FIELDS, "province", "body", "is_published"}
    if unknown:
        raise ServiceError(
            gettext_lazy("Unknown field: {f}.", f=", ".join(sorted(unknown))),
            code="unknown_field",
        )
    current = {name: getattr(partnership, name) for name in FIELDS} | {"body": partnership.body}
    values = _clean(current | {k: v for k, v in changes.items() if k in (*FIELDS, "body")})
    for name, value in values.items():
        setattr(partnership, name, value)
    if "province" in changes:
        partnership.province = changes["province"]
    if "is_published" in changes:
        partnership.is_published = bool(changes["is_published"])
    partnership.save()
    if study_domains is not None:
        partnership.study_domains.set(list(study_domains))
    if programmes is not None:
        partnership.programmes.set(list(programmes))
    partnerships_index([partnership])
    audit_record(
        actor=actor,
        verb="partnerships.partnership.change",
        obj=partnership,
        changes={k: str(v) for k, v in changes.items()},
    )
    return partnership


@transaction.atomic
def partnership_member_add(
    *, actor: RequestUser, partnership: Partnership, organisation: Organisation, role: str = ""
) -> PartnershipMember:
    policy.require(actor, "change", partnership)
    role = text_within(role, field="role", max_length=ROLE_MAX)
    if partnership.members.filter(organisation=organisation).exists():
        raise ServiceError(
            gettext_lazy("This organisation is already a partner."),
            code="duplicate_member",
            field="organisation",
        )
    member = PartnershipMember.objects.create(
        partnership=partnership, organisation=organisation, side=side_of(organisation), role=role
    )
    partnerships_index([partnership])
    audit_record(
        actor=actor,
        verb="partnerships.member.add",
        obj=partnership,
        changes={"organisation": organisation.pk, "role": role},
    )
    return member


@transaction.atomic
def partnership_member_remove(*, actor: RequestUser, member: PartnershipMember) -> None:
    partnership = member.partnership
    policy.require(actor, "change", partnership)
    if member.organisation_id == partnership.owner_id:
        raise ServiceError(
            gettext_lazy("The organisation that keeps the entry stays a partner."),
            code="owner_stays",
        )
    organisation_id = member.organisation_id
    member.delete()
    partnerships_index([partnership])
    audit_record(
        actor=actor,
        verb="partnerships.member.remove",
        obj=partnership,
        changes={"organisation": organisation_id},
    )


@transaction.atomic
def partnership_decision_add(
    *,
    actor: RequestUser,
    partnership: Partnership,
    decided_on: date | None,
    subject: str,
    decision: str,
) -> PartnershipDecision:
    """Record a decision of a sectoral partnership for dual learning."""
    policy.require(actor, "change", partnership)
    if partnership.kind != PartnershipKind.DUAL_SECTORAL:
        raise ServiceError(
            gettext_lazy("Only a sectoral partnership for dual learning records decisions."),
            code="not_dual_sectoral",
        )
    if decided_on is None:
        raise ServiceError(gettext_lazy("Fill in the date."), code="required", field="decided_on")
    date_within(decided_on, field="decided_on", earliest=EARLIEST, latest=date.today())
    row = PartnershipDecision.objects.create(
        partnership=partnership,
        decided_on=decided_on,
        subject=text_within(subject, field="subject", max_length=TITLE_MAX, required=True),
        decision=text_within(decision, field="decision", max_length=TEXT_MAX, required=True),
        created_by=user_or_none(actor),
    )
    audit_record(
        actor=actor,
        verb="partnerships.decision.add",
        obj=partnership,
        changes={"subject": row.subject, "decided_on": decided_on.isoformat()},
    )
    return row


@transaction.atomic
def partnership_link(
    *,
    actor: RequestUser,
    partnership: Partnership,
    offers: Iterable[Offer] = (),
    materials: Iterable[Material] = (),
) -> Partnership:
    """Link published InnoVET offers and approved materials the actor may see to the
    partnership they came from."""
    policy.require(actor, "change", partnership)
    offers, materials = list(offers), list(materials)
    for offer in offers:
        if offer.status != OfferStatus.PUBLISHED or not policy.can(actor, "view", offer):
            raise ServiceError(
                gettext_lazy("Only published offers can be linked."),
                code="offer_not_published",
                field="offers",
            )
    for material in materials:
        if material.status != MaterialStatus.APPROVED or not policy.can(actor, "view", material):
            raise ServiceError(
                gettext_lazy("Only approved material can be linked."),
                code="material_not_approved",
                field="materials",
            )
    partnership.offers.add(*offers)
    partnership.materials.add(*materials)
    audit_record(
        actor=actor,
        verb="partnerships.partnership.link",
        obj=partnership,
        changes={"offers": [o.pk for o in offers], "materials": [m.pk for m in materials]},
    )
    return partnership
