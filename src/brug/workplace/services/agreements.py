"""The agreement of a placement as the parties sign it (issue 14): its terms and the consents.

An agreement is signed once every required party consented: the learner (or a parent when the
learner is a minor at the start), the company and the school. Changing the terms of an unsigned
agreement clears the consents given so far (they agreed to other terms); a signed agreement
is not changed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from brug.accounts.people import RequestUser, signed_in
from brug.core import bounds, policy
from brug.core.audit import audit_record
from brug.core.i18n import Message, gettext_lazy
from brug.core.notify import notify
from brug.workplace import models as m
from brug.workplace import people
from brug.workplace.models_guidance import (
    ALLOWANCE_MAX,
    DAYS_MAX,
    DAYS_MIN,
    HOURS_MAX,
    HOURS_MIN,
    HOURS_PER_DAY_MAX,
    SIGNER_NAME_MAX,
)
from brug.workplace.services._common import _fail, _url

ADULT_AGE = 18


def _years_between(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def learner_is_minor(placement: m.Placement) -> bool:
    """A minor at the start of the placement; an unknown birth date counts as a minor (the
    safe side: a parent then consents)."""
    try:
        identity = placement.learner.identity
    except m.LearnerIdentity.DoesNotExist:
        return True
    if identity.birth_date is None:
        return True
    return _years_between(identity.birth_date, placement.start) < ADULT_AGE


def required_parties(agreement: m.LearningAgreement) -> list[str]:
    learner_side = "parent" if learner_is_minor(agreement.placement) else "learner"
    return [learner_side, "company", "school"]


def agreement_status(agreement: m.LearningAgreement | None) -> str:
    """none, awaiting_consent or signed: what a placement shows about its agreement."""
    if agreement is None:
        return "none"
    return "signed" if agreement.is_signed else "awaiting_consent"


def _check_terms(
    *, kind: str, days_per_week: int, hours_per_week: int, allowance: object, insurer: str
) -> Decimal:
    if kind not in m.AGREEMENT_KIND_LABELS:
        _fail(
            gettext_lazy("Choose the kind of agreement."),
            code="kind",
            field="kind",
        )
    if insurer not in m.INSURER_LABELS:
        _fail(
            gettext_lazy("Choose who insures the learner: the school or the company."),
            code="insurer",
            field="insurer",
        )
    bounds.int_within(days_per_week, field="days_per_week", low=DAYS_MIN, high=DAYS_MAX)
    bounds.int_within(hours_per_week, field="hours_per_week", low=HOURS_MIN, high=HOURS_MAX)
    if hours_per_week > days_per_week * HOURS_PER_DAY_MAX:
        _fail(
            gettext_lazy(
                "A young person works at most {h} hours a day: {hours} hours in {days} days is "
                "not possible."
            ),
            code="hours_per_day",
            field="hours_per_week",
            h=HOURS_PER_DAY_MAX,
            hours=hours_per_week,
            days=days_per_week,
        )
    try:
        amount = Decimal(str(allowance)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        amount = Decimal(-1)
    if not amount.is_finite() or amount < 0 or amount > ALLOWANCE_MAX:
        _fail(
            gettext_lazy("The allowance lies between 0 and {max} euro a month."),
            code="out_of_range",
            field="allowance_per_month",
            max=ALLOWANCE_MAX,
        )
    return amount


def _notify_parties(agreement: m.LearningAgreement, subject: Message, body: Message) -> None:
    placement = agreement.placement
    notify(
        recipients=people.company_contacts(placement.opening.company_id)
        + people.guides(placement.learner.school_id)
        + people.learner_user(placement.learner),
        subject=subject,
        body=body,
        url=_url("placement-detail", placement.pk),
    )


@transaction.atomic
def learning_agreement_create(
    *,
    actor: RequestUser,
    placement: m.Placement,
    kind: str,
    days_per_week: int,
    hours_per_week: int,
    allowance_per_month: Decimal | int | str,
    insurer: str,
) -> m.LearningAgreement:
    agreement = m.LearningAgreement(placement=placement)
    policy.require(actor, "create", agreement)
    if m.LearningAgreement.objects.filter(placement=placement).exists():
        _fail(
            gettext_lazy("This placement already has an agreement."),
            code="agreement_exists",
        )
    if placement.status != m.PlacementStatus.ACTIVE:
        _fail(
            gettext_lazy("The placement has ended; no new agreement can be made."),
            code="placement_ended",
        )
    amount = _check_terms(
        kind=kind,
        days_per_week=days_per_week,
        hours_per_week=hours_per_week,
        allowance=allowance_per_month,
        insurer=insurer,
    )
    agreement.kind, agreement.insurer = kind, insurer
    agreement.days_per_week, agreement.hours_per_week = days_per_week, hours_per_week
    agreement.allowance_per_month = amount
    agreement.created_by = signed_in(actor)
    agreement.save()
    audit_record(
        actor=actor,
        verb="learningagreement.create",
        obj=agreement,
        changes=_terms(agreement),
    )
    _notify_parties(
        agreement,
        gettext_lazy("Agreement ready for signing"),
        gettext_lazy(
            "The agreement of {pseudonym} awaits the parties' consent.",
            pseudonym=placement.learner.pseudonym,
        ),
    )
    return agreement


def _terms(agreement: m.LearningAgreement) -> dict[str, object]:
    return {
        "kind": agreement.kind,
        "days_per_week": agreement.days_per_week,
        "hours_per_week": agreement.hours_per_week,
        "allowance_per_month": str(agreement.allowance_per_month),
        "insurer": agreement.insurer,
    }


@transaction.atomic
def learning_agreement_update(
    *,
    actor: RequestUser,
    agreement: m.LearningAgreement,
    kind: str,
    days_per_week: int,
    hours_per_week: int,
    allowance_per_month: Decimal | int | str,
    insurer: str,
) -> m.LearningAgreement:
    """New terms for an unsigned agreement; the consents given so far lapse."""
    policy.require(actor, "change", agreement)
    if agreement.is_signed:
        _fail(
            gettext_lazy("A signed agreement is not changed any more."),
            code="agreement_signed",
        )
    amount = _check_terms(
        kind=kind,
        days_per_week=days_per_week,
        hours_per_week=hours_per_week,
        allowance=allowance_per_month,
        insurer=insurer,
    )
    before = _terms(agreement)
    agreement.kind, agreement.insurer = kind, insurer
    agreement.days_per_week, agreement.hours_per_week = days_per_week, hours_per_week
    agreement.allowance_per_month = amount
    after = _terms(agreement)
    if after == before:
        return agreement
    agreement.save()
    lapsed = sorted(agreement.consents.values_list("party", flat=True))
    agreement.consents.all().delete()
    audit_record(
        actor=actor,
        verb="learningagreement.change",
        obj=agreement,
        changes={"before": before, "after": after, "consents_lapsed": lapsed},
    )
    return agreement


def sides_of(actor: RequestUser, agreement: m.LearningAgreement) -> set[str]:
    """The parties for which this actor may record consent: the company contact for the
    company; the learner's guide for the school, the parent and the learner; the learner for
    themself."""
    placement = agreement.placement
    if "platform_admin" in policy.roles_of(actor):
        return set(m.PARTY_LABELS)
    sides: set[str] = set()
    if placement.opening.company_id in policy.organisations_of(actor, roles=("company_contact",)):
        sides.add("company")
    if placement.learner.school_id in policy.organisations_of(actor, roles=("guide",)):
        sides |= {"school", "parent", "learner"}
    if placement.learner.user_id is not None and placement.learner.user_id == getattr(
        actor, "pk", None
    ):
        sides.add("learner")
    return sides


@transaction.atomic
def learning_agreement_consent(
    *,
    actor: RequestUser,
    agreement: m.LearningAgreement,
    party: str,
    signer_name: str,
) -> m.AgreementConsent:
    """Record one party's consent: who consented (name), who recorded it, when. The last
    required consent signs the agreement."""
    policy.require(actor, "consent", agreement)
    agreement = m.LearningAgreement.objects.select_for_update().get(pk=agreement.pk)
    required = required_parties(agreement)
    if party not in m.PARTY_LABELS:
        _fail(gettext_lazy("Choose a party."), code="party", field="party")
    if party not in required:
        if party == "learner":
            _fail(
                gettext_lazy("The learner is a minor: a parent or guardian consents."),
                code="parent_required",
                field="party",
            )
        _fail(
            gettext_lazy("The learner is an adult and consents personally."),
            code="learner_consents",
            field="party",
        )
    if party not in sides_of(actor, agreement):
        _fail(
            gettext_lazy("You cannot consent on behalf of this party."),
            code="not_your_party",
            field="party",
        )
    if agreement.consents.filter(party=party).exists():
        _fail(
            gettext_lazy("This party has already consented."),
            code="already_consented",
            field="party",
        )
    signer_name = bounds.text_within(
        signer_name, field="signer_name", max_length=SIGNER_NAME_MAX, required=True
    )
    now = timezone.now()
    consent = m.AgreementConsent.objects.create(
        agreement=agreement,
        party=party,
        signer_name=signer_name,
        recorded_by=signed_in(actor),
        given_at=now,
    )
    given = set(agreement.consents.values_list("party", flat=True))
    if set(required) <= given:
        agreement.signed_at = now
        agreement.save(update_fields=["signed_at", "updated_at"])
    audit_record(
        actor=actor,
        verb="learningagreement.consent",
        obj=agreement,
        changes={"party": party, "signed": agreement.is_signed},
    )
    if agreement.is_signed:
        _notify_parties(
            agreement,
            gettext_lazy("Agreement signed"),
            gettext_lazy(
                "All parties consented to the agreement of {pseudonym}.",
                pseudonym=agreement.placement.learner.pseudonym,
            ),
        )
    return consent
