"""Recognition conditions besides the mentor: the checklist with evidence and verdicts, site
visits, and renewal as a new request by the company (docs/workplace.md).

Seed 002 names welfare law (risk analysis, protective equipment, health surveillance), labour
law (working hours of young people) and insurance; the public rules add financial capacity,
no convictions, and the organisation and equipment to carry out the training plan. A condition
is approved on evidence only; a recognition is approved only when every condition is met.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import PurePath
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from brug.accounts.people import RequestUser, User, signed_in
from brug.core import bounds, policy
from brug.core.audit import audit_record
from brug.core.files import upload_check
from brug.core.i18n import gettext_lazy
from brug.core.notify import notify
from brug.workplace import models as m
from brug.workplace import people
from brug.workplace.services._common import _fail, _today, _url

# A renewal may be requested from this many days before the recognition expires.
RENEWAL_WINDOW_DAYS = 365


def conditions_create(recognition: m.Recognition) -> None:
    """The checklist of a new application: one row per condition, no evidence, no verdict."""
    m.RecognitionCondition.objects.bulk_create(
        [m.RecognitionCondition(recognition=recognition, kind=k) for k in m.ConditionKind.values],
        ignore_conflicts=True,
    )


def conditions_of(recognition: m.Recognition) -> list[m.RecognitionCondition]:
    """Every condition of the checklist, in the order of `ConditionKind` (a row that does not
    exist yet, for an application from before the checklist, is shown unsaved)."""
    rows = {c.kind: c for c in recognition.conditions.all()}
    return [
        rows.get(k) or m.RecognitionCondition(recognition=recognition, kind=k)
        for k in m.ConditionKind.values
    ]


def conditions_refusal(recognition: m.Recognition) -> None:
    """Refuse approval while a condition is not met (or not yet assessed)."""
    open_ = [c for c in conditions_of(recognition) if c.verdict != m.ConditionVerdict.MET]
    if open_:
        _fail(
            gettext_lazy("Not every condition is met: {names}."),
            code="conditions_not_met",
            field="conditions",
            names=", ".join(c.get_kind_display() for c in open_),
        )


def _condition(recognition: m.Recognition, kind: str) -> m.RecognitionCondition:
    if kind not in m.ConditionKind.values:
        _fail(gettext_lazy("Unknown condition."), code="kind", field="kind")
    condition, _ = m.RecognitionCondition.objects.select_for_update().get_or_create(
        recognition=recognition, kind=kind
    )
    return condition


@transaction.atomic
def condition_evidence_record(
    *,
    actor: RequestUser,
    recognition: m.Recognition,
    kind: str,
    evidence: str,
    evidence_file: File[Any] | None = None,
) -> m.RecognitionCondition:
    """The company describes (and may upload) its evidence for one condition. New evidence
    sends the condition back to the reviewer (verdict pending)."""
    probe = m.RecognitionCondition(recognition=recognition, kind=kind)
    policy.require(actor, "change", probe)
    if recognition.status not in m.OPEN_RECOGNITION_STATES or recognition.status in (
        m.RecognitionStatus.APPROVED,
        m.RecognitionStatus.SUSPENDED,
    ):
        _fail(
            gettext_lazy("Evidence can only be added to an application in progress."),
            code="invalid_state",
        )
    evidence = bounds.text_within(evidence, field="evidence", max_length=m.LONG_TEXT_MAX)
    if evidence_file is not None:
        upload_check(evidence_file)
    condition = _condition(recognition, kind)
    if not evidence and evidence_file is None and not condition.evidence_file:
        _fail(
            gettext_lazy("Describe the evidence or add a file."),
            code="evidence_required",
            field="evidence",
        )
    condition.evidence = evidence
    if evidence_file is not None:
        condition.evidence_file.save(
            PurePath(evidence_file.name or "bewijs").name[-100:], evidence_file, save=False
        )
    condition.evidence_by = signed_in(actor)
    condition.evidence_at = timezone.now()
    before = condition.verdict
    condition.verdict = m.ConditionVerdict.PENDING
    condition.save()
    audit_record(
        actor=actor,
        verb="recognition.condition.evidence",
        obj=recognition,
        changes={
            "kind": kind,
            "file": bool(condition.evidence_file),
            "verdict": [before, condition.verdict],
        },
    )
    return condition


@transaction.atomic
def condition_verdict_record(
    *,
    actor: RequestUser,
    recognition: m.Recognition,
    kind: str,
    verdict: str,
    note: str = "",
) -> m.RecognitionCondition:
    """The reviewer's verdict on one condition: met only on evidence; not met with a reason."""
    probe = m.RecognitionCondition(recognition=recognition, kind=kind)
    policy.require(actor, "review", probe)
    if recognition.status not in m.IN_REVIEW_STATES:
        _fail(
            gettext_lazy("A verdict can only be given on a submitted application."),
            code="invalid_state",
        )
    if verdict not in m.ConditionVerdict.values:
        _fail(gettext_lazy("Unknown verdict."), code="verdict", field="verdict")
    note = bounds.text_within(note, field="note", max_length=m.LONG_TEXT_MAX)
    condition = _condition(recognition, kind)
    if verdict == m.ConditionVerdict.MET and not condition.has_evidence:
        _fail(
            gettext_lazy("A condition without evidence cannot be met."),
            code="evidence_missing",
            field="verdict",
        )
    if verdict == m.ConditionVerdict.NOT_MET and not note:
        _fail(
            gettext_lazy("Say why the condition is not met."),
            code="reason_required",
            field="note",
        )
    before = condition.verdict
    condition.verdict = verdict
    condition.verdict_note = note
    condition.verdict_by = signed_in(actor)
    condition.verdict_at = timezone.now()
    condition.save(update_fields=["verdict", "verdict_note", "verdict_by", "verdict_at"])
    audit_record(
        actor=actor,
        verb="recognition.condition.verdict",
        obj=recognition,
        changes={"kind": kind, "verdict": [before, verdict], "note": note},
    )
    return condition


@transaction.atomic
def site_visit_record(
    *,
    actor: RequestUser,
    recognition: m.Recognition,
    on: date,
    visitor_name: str,
    findings: str = "",
    visitor: User | None = None,
) -> m.SiteVisit:
    """Record a site visit: when, who visited, what they found (a visit up to a year ahead
    may be recorded as planned)."""
    visit = m.SiteVisit(recognition=recognition, on=on)
    policy.require(actor, "create", visit)
    today = _today()
    bounds.date_within(
        on,
        field="on",
        earliest=max(m.OPENING_EARLIEST, bounds.add_years(today, -m.CONTACT_MAX_YEARS_BACK)),
        latest=today + timedelta(days=m.SITE_VISIT_MAX_DAYS_AHEAD),
    )
    visit.visitor_name = bounds.text_within(
        visitor_name, field="visitor_name", max_length=m.NAME_MAX * 2, required=True
    )
    visit.findings = bounds.text_within(findings, field="findings", max_length=m.LONG_TEXT_MAX)
    visit.visitor = visitor
    visit.recorded_by = signed_in(actor)
    visit.save()
    audit_record(
        actor=actor,
        verb="recognition.site_visit",
        obj=recognition,
        changes={"on": on, "visitor": visit.visitor_name},
    )
    notify(
        recipients=people.company_contacts(recognition.company_id),
        subject=gettext_lazy(
            "Site visit {site} on {on}", site=recognition.site.name, on=on.isoformat()
        ),
        body=gettext_lazy("A site visit was recorded for the recognition."),
        url=_url("recognition-detail", recognition.pk),
    )
    return visit


@transaction.atomic
def recognition_renewal_request(
    *, actor: RequestUser, recognition: m.Recognition, activities: str | None = None
) -> m.Recognition:
    """The company asks for a renewal before the recognition expires: a new application
    (draft, with a fresh checklist) linked to the recognition it renews."""
    renewal = m.Recognition(
        company_id=recognition.company_id,
        site_id=recognition.site_id,
        programme_id=recognition.programme_id,
        renews=recognition,
        activities=(activities if activities is not None else recognition.activities).strip(),
    )
    policy.require(actor, "create", renewal)
    today = _today()
    valid_until = recognition.valid_until
    if (
        recognition.status != m.RecognitionStatus.APPROVED
        or valid_until is None
        or valid_until < today
    ):
        _fail(
            gettext_lazy("Only a valid recognition can be renewed; otherwise apply anew."),
            code="not_renewable",
        )
    if valid_until is not None and valid_until > today + timedelta(days=RENEWAL_WINDOW_DAYS):
        _fail(
            gettext_lazy("A renewal can be requested from {n} days before expiry."),
            code="renewal_too_early",
            n=RENEWAL_WINDOW_DAYS,
        )
    if recognition.renewals.filter(status__in=m.IN_RENEWAL_STATES).exists():
        _fail(
            gettext_lazy("A renewal of this recognition is already in progress."),
            code="duplicate",
        )
    renewal.activities = bounds.text_within(
        renewal.activities, field="activities", max_length=m.LONG_TEXT_MAX, required=True
    )
    renewal.applicant = signed_in(actor)
    renewal.applicant_organisation_id = recognition.applicant_organisation_id
    renewal.save()
    renewal.mentors.set(recognition.mentors.filter(is_active=True))
    conditions_create(renewal)
    m.RecognitionEvent.objects.create(
        recognition=renewal,
        actor=signed_in(actor),
        transition="renewal_request",
        to_status=renewal.status,
    )
    audit_record(
        actor=actor,
        verb="recognition.renewal_request",
        obj=renewal,
        changes={"renews": recognition.pk, "valid_until": recognition.valid_until},
    )
    return renewal


def renewal_validity_start(recognition: m.Recognition) -> date:
    """An approved renewal starts the day after the recognition it renews ends (today when
    that lies in the past)."""
    previous = recognition.renews
    if previous is None or previous.valid_until is None:
        return _today()
    return max(_today(), previous.valid_until + timedelta(days=1))
