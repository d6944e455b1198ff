"""Education covenants and multi-party agreements: parties, themes, engagements and the owners'
quarterly evaluations. Each write checks the matrix, validates (nothing changes on bad input),
writes and audits in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from brug.accounts.people import RequestUser, user_or_none
from brug.core import policy
from brug.core.audit import audit_record
from brug.core.errors import NotAllowed, ServiceError
from brug.core.i18n import gettext_lazy
from brug.covenants.models import ActionCategory, Covenant, CovenantGeneration
from brug.education import models as m
from brug.education.services.consultation import _bounded_text
from brug.registry.models import Organisation, OrganisationKind

SECTOR_SIDE_KINDS = (OrganisationKind.SECTOR_FUND, OrganisationKind.FEDERATION)
EDUCATION_SIDE_KINDS = (OrganisationKind.EDUCATION_NETWORK,)
# Fewest parties per side: an education covenant is one sector with one or more networks;
# a multi-party agreement has several of each (seed 001: five federations, five networks).
MIN_PARTIES = {
    m.AgreementKind.EDUCATION_COVENANT: (1, 1),
    m.AgreementKind.MULTI_PARTY: (2, 2),
}
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)


def _required_text(value: str, limit: int, field: str) -> str:
    text = _bounded_text(value, limit, field)
    if not text:
        raise ServiceError(gettext_lazy("Fill this in."), code="required", field=field)
    return text


@transaction.atomic
def agreement_create(
    *,
    actor: RequestUser,
    kind: str,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    parties: Sequence[Organisation],
    covenants: Sequence[Covenant] = (),
    source: str = "",
) -> m.Agreement:
    if not policy.can_any(actor, "create", "education.agreement"):
        raise NotAllowed()
    if kind not in m.AgreementKind.values:
        raise ServiceError(
            gettext_lazy("Choose a kind of agreement."),
            code="bad_kind",
            field="kind",
        )
    title = _required_text(title, m.TITLE_MAX, "title")
    source = _bounded_text(source, 300, "source")
    if (
        not (EARLIEST <= starts_on < ends_on <= LATEST)
        or (ends_on - starts_on).days > m.AGREEMENT_MAX_YEARS * 366
    ):
        raise ServiceError(
            gettext_lazy(
                "The end must come after the start, within {n} years.", n=m.AGREEMENT_MAX_YEARS
            ),
            code="bad_period",
            field="ends_on",
        )
    unique_parties = list({p.pk: p for p in parties}.values())
    sector_side = [p for p in unique_parties if p.kind in SECTOR_SIDE_KINDS]
    education_side = [p for p in unique_parties if p.kind in EDUCATION_SIDE_KINDS]
    if len(sector_side) + len(education_side) != len(unique_parties):
        raise ServiceError(
            gettext_lazy("Parties are sector funds, industry federations or education networks."),
            code="bad_party",
            field="parties",
        )
    min_sector, min_education = MIN_PARTIES[m.AgreementKind(kind)]
    if len(sector_side) < min_sector or len(education_side) < min_education:
        raise ServiceError(
            gettext_lazy(
                "This agreement needs at least {s} sector party(ies) and {e} education network(s).",
                s=min_sector,
                e=min_education,
            ),
            code="too_few_parties",
            field="parties",
        )
    unique_covenants = list({c.pk: c for c in covenants}.values())
    if kind == m.AgreementKind.EDUCATION_COVENANT:
        if not unique_covenants:
            raise ServiceError(
                gettext_lazy("An education covenant belongs to a sector covenant."),
                code="no_covenant",
                field="covenants",
            )
        party_ids = {p.pk for p in sector_side}
        if any(c.sector_fund_id not in party_ids for c in unique_covenants):
            raise ServiceError(
                gettext_lazy("The sector fund of each linked sector covenant must be a party."),
                code="covenant_not_a_party",
                field="covenants",
            )
    agreement = m.Agreement.objects.create(
        kind=kind,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        source=source,
        created_by=user_or_none(actor),
    )
    agreement.parties.set(unique_parties)
    agreement.covenants.set(unique_covenants)
    # Checked once the parties are known: a party may record its own agreement (the
    # transaction rolls back when it may not).
    policy.require(actor, "create", agreement)
    audit_record(
        actor=actor,
        verb="education.agreement_created",
        obj=agreement,
        changes={
            "kind": kind,
            "parties": [p.pk for p in unique_parties],
            "covenants": [c.pk for c in unique_covenants],
        },
    )
    return agreement


@transaction.atomic
def theme_add(
    *, actor: RequestUser, agreement: m.Agreement, title: str, expectations_of_policy: str = ""
) -> m.AgreementTheme:
    policy.require(actor, "change", agreement)
    title = _required_text(title, m.TITLE_MAX, "title")
    expectations = _bounded_text(expectations_of_policy, m.TEXT_MAX, "expectations_of_policy")
    agreement = m.Agreement.objects.select_for_update().get(pk=agreement.pk)
    last = agreement.themes.aggregate(n=Max("position"))["n"] or 0
    theme = m.AgreementTheme.objects.create(
        agreement=agreement, position=last + 1, title=title, expectations_of_policy=expectations
    )
    audit_record(actor=actor, verb="education.theme_added", obj=theme, changes={"title": title})
    return theme


@transaction.atomic
def engagement_add(
    *,
    actor: RequestUser,
    theme: m.AgreementTheme,
    side: str,
    description: str,
    owner: Organisation,
) -> m.Engagement:
    engagement = m.Engagement(theme=theme, side=side, owner=owner)
    policy.require(actor, "create", engagement)
    if side not in m.EngagementSide.values:
        raise ServiceError(
            gettext_lazy("Choose the sectors or education."),
            code="bad_side",
            field="side",
        )
    engagement.description = _required_text(description, m.TEXT_MAX, "description")
    kinds = SECTOR_SIDE_KINDS if side == m.EngagementSide.SECTORS else EDUCATION_SIDE_KINDS
    if owner.kind not in kinds or not theme.agreement.parties.filter(pk=owner.pk).exists():
        raise ServiceError(
            gettext_lazy("The owner must be a party to the agreement on that side."),
            code="bad_owner",
            field="owner",
        )
    engagement.save()
    audit_record(
        actor=actor,
        verb="education.engagement_added",
        obj=engagement,
        changes={"side": side, "owner": owner.pk},
    )
    return engagement


def _quarter_dates(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


@transaction.atomic
def engagement_evaluate(
    *,
    actor: RequestUser,
    engagement: m.Engagement,
    year: int,
    quarter: int,
    status: str,
    note: str = "",
    today: dt.date | None = None,
) -> m.EngagementEvaluation:
    """The owner's evaluation of one quarter (recorded again: replaced, and audited)."""
    policy.require(actor, "evaluate", engagement)
    today = today or timezone.localdate()
    if not isinstance(quarter, int) or not 1 <= quarter <= 4:
        raise ServiceError(
            gettext_lazy("A quarter is 1 to 4."),
            code="bad_quarter",
            field="quarter",
        )
    agreement = engagement.theme.agreement
    if not isinstance(year, int) or not EARLIEST.year <= year <= LATEST.year:
        raise ServiceError(gettext_lazy("Not a valid year."), code="bad_year", field="year")
    start, end = _quarter_dates(year, quarter)
    if start > today or end < agreement.starts_on or start > agreement.ends_on:
        raise ServiceError(
            gettext_lazy("Evaluate a quarter that has started, within the agreement's period."),
            code="quarter_out_of_period",
            field="quarter",
        )
    if status not in m.EngagementStatus.values:
        raise ServiceError(gettext_lazy("Choose a status."), code="bad_status", field="status")
    note = _bounded_text(note, m.NOTE_MAX, "note")
    if status in (m.EngagementStatus.AT_RISK, m.EngagementStatus.BEHIND) and not note:
        raise ServiceError(gettext_lazy("Say what is wrong."), code="note_required", field="note")
    evaluation, created = m.EngagementEvaluation.objects.select_for_update().get_or_create(
        engagement=engagement,
        year=year,
        quarter=quarter,
        defaults={"status": status, "note": note, "evaluated_at": timezone.now()},
    )
    before = None if created else evaluation.status
    evaluation.status = status
    evaluation.note = note
    evaluation.evaluated_by = user_or_none(actor)
    evaluation.evaluated_at = timezone.now()
    evaluation.save()
    audit_record(
        actor=actor,
        verb="education.engagement_evaluated",
        obj=evaluation,
        changes={"status": [before, status], "quarter": f"{year} K{quarter}"},
    )
    return evaluation


@transaction.atomic
def intersectoral_action_create(
    *,
    actor: RequestUser,
    generation: CovenantGeneration,
    category: str,
    title: str,
    covenants: Sequence[Covenant],
    description: str = "",
) -> m.IntersectoralAction:
    """One action shared by the covenants of several sectors, counted once in the analysis."""
    if not policy.can_any(actor, "create", "education.intersectoralaction"):
        raise NotAllowed()
    if category not in ActionCategory.values:
        raise ServiceError(
            gettext_lazy("Choose a kind of action."),
            code="bad_category",
            field="category",
        )
    title = _required_text(title, m.TITLE_MAX, "title")
    description = _bounded_text(description, m.TEXT_MAX, "description")
    unique = list({c.pk: c for c in covenants}.values())
    if len({c.sector_id for c in unique}) < 2:
        raise ServiceError(
            gettext_lazy("At least two sectors share an intersectoral action."),
            code="too_few_sectors",
            field="covenants",
        )
    if any(c.generation_id != generation.pk for c in unique):
        raise ServiceError(
            gettext_lazy("All covenants belong to the same generation."),
            code="other_generation",
            field="covenants",
        )
    action = m.IntersectoralAction.objects.create(
        generation=generation,
        category=category,
        title=title,
        description=description,
        created_by=user_or_none(actor),
    )
    action.covenants.set(unique)
    policy.require(actor, "create", action)  # rolls back unless the actor's covenant takes part
    audit_record(
        actor=actor,
        verb="education.intersectoral_action_created",
        obj=action,
        changes={"covenants": [c.pk for c in unique]},
    )
    return action
