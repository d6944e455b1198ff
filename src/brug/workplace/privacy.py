"""The learner's rights (GDPR): export everything held about one learner, erase (anonymise) a
learner, and the retention rule that anonymises learners a while after their last placement.

What erasure removes and what it keeps, and why, is in `ERASED` and `KEPT` (shown on the page
and in every export) and in docs/privacy.md.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, QuerySet, Value
from django.db.models.functions import Coalesce, Replace
from django.utils import timezone

from brug.core import policy
from brug.core.audit import access_record, audit_record
from brug.core.errors import ServiceError
from brug.core.i18n import Message, gettext_lazy
from brug.core.models import AccessLog, AuditEntry
from brug.workplace import models as m
from brug.workplace.privacy_guidance import erase_trajectory, export_trajectory

EXPORT_FORMAT = "brug.learner-export/1"
IDENTITY_FIELDS = ["first_name", "last_name", "birth_date", "email"]
MAX_REASON = 300

ERASED: list[Message] = [
    gettext_lazy("Identity: first name, last name, birth date, e-mail address."),
    gettext_lazy(
        "The learner's account (name, e-mail, password); signing in is no longer possible."
    ),
    gettext_lazy(
        "The advice of the class council and the trajectory guide (with reasons) and the "
        "start-up phase."
    ),
    gettext_lazy(
        "Free text about the learner: intake notes, progress notes, guidance notes, "
        "feedback comments, names of those who consented."
    ),
    gettext_lazy("The pseudonym: the learner gets a new random pseudonym."),
]
KEPT: list[Message] = [
    gettext_lazy(
        "School, programme, grade, home municipality and the support-need flag: for the "
        "figures on workplace learning and the comparison between groups "
        "(non-discrimination). They are only counted, never shown per person, and small "
        "numbers are suppressed."
    ),
    gettext_lazy(
        "Applications and placements (dates, company, mentor, status, end reason) and the "
        "progress levels of the training plan: covenant indicators and workplace capacity "
        "are computed from them."
    ),
    gettext_lazy(
        "The read log (who read what, when): accountability to the learner; it has its own "
        "retention period."
    ),
]


def _learner_days() -> int:
    return int(getattr(settings, "BRUG_LEARNER_RETENTION_DAYS", 365))


def _log_days() -> int:
    return int(getattr(settings, "BRUG_ACCESS_LOG_RETENTION_DAYS", 730))


# ---------------------------------------------------------------------------------- export


def _opening(opening: m.Opening) -> dict[str, Any]:
    return {
        "id": opening.pk,
        "company": opening.company.name,
        "programme": str(opening.programme),
        "kind": opening.kind,
        "start": opening.start.isoformat(),
        "end": opening.end.isoformat(),
    }


def _text_list(texts: list[Message]) -> list[dict[str, str]]:
    return [x.as_dict() for x in texts]


@transaction.atomic
def learner_export(*, actor: Any, learner: m.Learner) -> dict[str, Any]:
    """Everything Brug holds about one learner, including who read it, as one JSON-ready dict.

    The export itself is a read of the identity (logged) and an audited act.
    """
    policy.require(
        actor,
        "export",
        learner,
        gettext_lazy("You may not export this learner's data."),
    )
    learner = m.Learner.objects.select_related(
        "school", "programme", "home_municipality", "user"
    ).get(pk=learner.pk)
    identity = m.LearnerIdentity.objects.filter(learner=learner).first()
    applications = (
        m.Application.objects.filter(learner=learner)
        .select_related("opening__company", "opening__programme")
        .order_by("created_at", "pk")
    )
    placements = (
        m.Placement.objects.filter(learner=learner)
        .select_related("opening__company", "opening__programme", "mentor")
        .prefetch_related("training_plan__items__competence", "training_plan__items__records")
        .order_by("start", "pk")
    )
    reads = (
        AccessLog.objects.filter(subject_type="workplace.learner", subject_id=str(learner.pk))
        .select_related("reader")
        .order_by("at", "pk")
    )
    changes = (
        AuditEntry.objects.filter(object_type="workplace.learner", object_id=str(learner.pk))
        .select_related("actor")
        .order_by("at", "pk")
    )
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now().isoformat(),
        "learner": {
            "id": learner.pk,
            "pseudonym": learner.pseudonym,
            "school": learner.school.name,
            "programme": str(learner.programme),
            "grade": learner.grade,
            "year_in_grade": learner.year_in_grade,
            "learning_route": learner.programme.get_route_display(),
            "early_school_leaver": learner.early_school_leaver,
            "home_municipality": str(learner.home_municipality),
            "class_council_advice": {"ready": learner.ready, "willing": learner.willing},
            "has_support_need": learner.has_support_need,
            "registered_at": learner.created_at.isoformat(),
            "anonymised_at": learner.anonymised_at.isoformat() if learner.anonymised_at else None,
        },
        "identity": (
            {
                "first_name": identity.first_name,
                "last_name": identity.last_name,
                "birth_date": identity.birth_date.isoformat() if identity.birth_date else None,
                "email": identity.email,
            }
            if identity is not None
            else None
        ),
        "account": (
            {"username": learner.user.username, "email": learner.user.email}
            if learner.user is not None
            else None
        ),
        "applications": [
            {
                "opening": _opening(a.opening),
                "rank": a.rank,
                "status": a.status,
                "status_label": str(a.get_status_display()),
                "decline_reason": a.decline_reason,
                "decline_reason_label": str(a.get_decline_reason_display())
                if a.decline_reason
                else "",
                "intake_on": a.intake_on.isoformat() if a.intake_on else None,
                "intake_note": a.intake_note,
                "created_at": a.created_at.isoformat(),
            }
            for a in applications
        ],
        "placements": [_placement(p) for p in placements],
        "trajectory": export_trajectory(learner),  # advice, agreements, guidance, feedback
        "reads": [
            {
                "at": r.at.isoformat(),
                "reader": r.reader.get_username() if r.reader is not None else None,
                "fields": r.fields.split(",") if r.fields else [],
                "fields_label": [
                    str(FIELD_LABELS.get(k, k)) for k in (r.fields.split(",") if r.fields else [])
                ],
                "purpose": r.purpose,
                "purpose_label": purpose_label(r.purpose),
            }
            for r in reads
        ],
        "changes": [
            {
                "at": c.at.isoformat(),
                "by": c.actor.get_username() if c.actor is not None else None,
                "verb": c.verb,
                "verb_label": verb_label(c.verb),
                "changes": c.changes,
            }
            for c in changes
        ],
        "on_erasure": {"erased": _text_list(ERASED), "kept": _text_list(KEPT)},
    }
    access_record(
        reader=actor,
        subject=learner,
        fields=[*IDENTITY_FIELDS, "has_support_need"],
        purpose="export",
    )
    audit_record(actor=actor, verb="learner.export", obj=learner, changes={})
    return data


def _placement(p: m.Placement) -> dict[str, Any]:
    plan = getattr(p, "training_plan", None)
    items = []
    if plan is not None:
        for item in plan.items.all():
            items.append(
                {
                    "competence": str(item.competence),
                    "location": item.location,
                    "location_label": str(item.get_location_display()),
                    "progress": item.progress,
                    "progress_label": str(item.get_progress_display()),
                    "records": [
                        {
                            "at": r.at.isoformat(),
                            "by_role": r.author_role,
                            "progress": r.progress,
                            "progress_label": str(r.get_progress_display()),
                            "note": r.note,
                        }
                        for r in sorted(item.records.all(), key=lambda r: (r.at, r.pk))
                    ],
                }
            )
    return {
        "opening": _opening(p.opening),
        "mentor": f"{p.mentor.first_name} {p.mentor.last_name}",
        "start": p.start.isoformat(),
        "end": p.end.isoformat(),
        "status": p.status,
        "status_label": str(p.get_status_display()),
        "end_reason": p.end_reason,
        "end_reason_label": str(p.get_end_reason_display()) if p.end_reason else "",
        "ended_on": p.ended_on.isoformat() if p.ended_on else None,
        "training_plan": items,
    }


# ---------------------------------------------------------------------------------- erasure


@dataclass
class ErasureReport:
    learner_id: int
    new_pseudonym: str
    erased: list[Message] = field(default_factory=lambda: list(ERASED))
    kept: list[Message] = field(default_factory=lambda: list(KEPT))


def _anonymise(learner: m.Learner, *, actor: Any, reason: str) -> ErasureReport:
    """The erasure itself, inside the caller's transaction (no policy check here)."""
    old_pseudonym = learner.pseudonym
    m.LearnerIdentity.objects.filter(learner=learner).delete()
    if learner.user_id is not None:
        from brug.accounts.models import Membership, User

        user = User.objects.get(pk=learner.user_id)
        user.username = f"gewist-{secrets.token_hex(8)}"
        user.first_name = user.last_name = user.email = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        Membership.objects.filter(user=user).update(is_active=False)
    m.Application.objects.filter(learner=learner).update(intake_note="")
    m.ProgressRecord.objects.filter(item__plan__placement__learner=learner).update(note="")
    erase_trajectory(learner)
    learner.pseudonym = m.new_pseudonym()
    learner.user = None
    learner.ready = None
    learner.willing = None
    learner.anonymised_at = timezone.now()
    learner.save(update_fields=["pseudonym", "user", "ready", "willing", "anonymised_at"])
    # The audit trail of the learner keeps what happened, not the advice or the old pseudonym.
    for entry in AuditEntry.objects.filter(
        object_type="workplace.learner", object_id=str(learner.pk)
    ):
        entry.object_repr = learner.pseudonym
        entry.changes = {
            k: v
            for k, v in (entry.changes or {}).items()
            if k not in ("ready", "willing", "start_up_phase")
        }
        entry.save(update_fields=["object_repr", "changes"])
    # Entries about the learner's applications and placements name the pseudonym too.
    AuditEntry.objects.filter(object_repr__contains=old_pseudonym).update(
        object_repr=Replace("object_repr", Value(old_pseudonym), Value(learner.pseudonym))
    )
    audit_record(
        actor=actor,
        verb="learner.erase",
        obj=learner,
        changes={"reason": reason[:MAX_REASON]},
    )
    return ErasureReport(learner_id=learner.pk, new_pseudonym=learner.pseudonym)


@transaction.atomic
def learner_erase(*, actor: Any, learner: m.Learner, reason: str) -> ErasureReport:
    """Erase (anonymise) a learner on request. Refused while a placement is active."""
    policy.require(
        actor,
        "erase",
        learner,
        gettext_lazy("You may not erase this learner."),
    )
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(
            gettext_lazy("Give a reason (e.g. 'request of the parents')."),
            code="reason_required",
            field="reason",
        )
    if len(reason) > MAX_REASON:
        raise ServiceError(
            gettext_lazy("The reason is too long (max. {n} characters).", n=MAX_REASON),
            code="reason_too_long",
            field="reason",
        )
    locked = m.Learner.objects.select_for_update().get(pk=learner.pk)
    if locked.anonymised_at is not None:
        raise ServiceError(
            gettext_lazy("This learner has already been erased."),
            code="already_erased",
        )
    if m.Placement.objects.filter(learner=locked, status=m.PlacementStatus.ACTIVE).exists():
        raise ServiceError(
            gettext_lazy("The learner has an active placement: end it first."),
            code="active_placement",
        )
    return _anonymise(locked, actor=actor, reason=reason)


# ---------------------------------------------------------------------------------- retention


@dataclass
class RetentionReport:
    dry_run: bool
    learner_cutoff: date
    log_cutoff: date
    learners_due: int = 0
    learners_anonymised: int = 0
    reads_due: int = 0
    reads_deleted: int = 0


def learners_due_for_retention(today: date, days: int | None = None) -> QuerySet[m.Learner]:
    """Learners not yet anonymised, without an active placement, whose last placement ended
    more than `days` (BRUG_LEARNER_RETENTION_DAYS) before `today`."""
    cutoff = today - timedelta(days=_learner_days() if days is None else days)
    active = m.Placement.objects.filter(learner=OuterRef("pk"), status=m.PlacementStatus.ACTIVE)
    return (
        m.Learner.objects.filter(anonymised_at__isnull=True)
        .annotate(last_end=Max(Coalesce("placements__ended_on", "placements__end")))
        .filter(last_end__lt=cutoff)
        .exclude(Exists(active))
        .order_by("pk")
    )


def retention_run(
    *,
    today: date,
    dry_run: bool,
    learner_days: int | None = None,
    log_days: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RetentionReport:
    """Apply the retention rules (system task, run from `brug retention`): anonymise learners
    past the learner term, delete reads older than the read-log term. A dry run only counts."""
    l_days = _learner_days() if learner_days is None else learner_days
    r_days = _log_days() if log_days is None else log_days
    if l_days < 1 or r_days < 1:
        raise ServiceError(
            gettext_lazy("A retention period is at least 1 day."),
            code="retention_days",
        )
    report = RetentionReport(
        dry_run=dry_run,
        learner_cutoff=today - timedelta(days=l_days),
        log_cutoff=today - timedelta(days=r_days),
    )
    due = list(learners_due_for_retention(today, l_days).values_list("pk", flat=True))
    report.learners_due = len(due)
    old_reads = AccessLog.objects.filter(at__date__lt=report.log_cutoff)
    report.reads_due = old_reads.count()
    if dry_run:
        return report
    for done, pk in enumerate(due, start=1):
        with transaction.atomic():
            learner = m.Learner.objects.select_for_update().get(pk=pk)
            if learner.anonymised_at is None:
                _anonymise(learner, actor=None, reason="retention")
                report.learners_anonymised += 1
        if progress is not None:
            progress(done, len(due))
    report.reads_deleted, _ = old_reads.delete()
    return report


# ---------------------------------------------------------------------------------- read log


def reads_visible_to(user: Any) -> QuerySet[AccessLog]:
    """The read log as `user` may see it (the platform admin: all; a school's data-protection
    contact: reads about the school's learners), newest first."""
    return policy.visible(user, AccessLog.objects.select_related("reader")).order_by("-at", "-pk")


FIELD_LABELS: dict[str, Message] = {
    "first_name": gettext_lazy("first name"),
    "last_name": gettext_lazy("last name"),
    "birth_date": gettext_lazy("birth date"),
    "email": gettext_lazy("e-mail"),
    "has_support_need": gettext_lazy("support need"),
    "criminal_record_checked_on": gettext_lazy("criminal-record check date"),
}
PURPOSE_LABELS: dict[str, Message] = {
    "learner page": gettext_lazy("learner page"),
    "candidates": gettext_lazy("candidate list"),
    "company page": gettext_lazy("company page"),
    "api": gettext_lazy("API"),
    "export": gettext_lazy("export for the learner"),
}


# What the audit trail records about a learner (object workplace.learner), in words a learner
# reads in the export. The JSON keeps the stable code (`verb`) next to the label.
VERB_LABELS: dict[str, Message] = {
    "learner.register": gettext_lazy("registered in Brug by the school"),
    "learner.screening": gettext_lazy("class council advice or support need recorded"),
    "learner.export": gettext_lazy("data exported for the learner"),
    "learner.erase": gettext_lazy("data erased"),
    "trajectoryadvice.record": gettext_lazy("advice on the trajectory recorded"),
    "startuptrajectory.save": gettext_lazy("start-up phase recorded"),
}


def verb_label(verb: str) -> str:
    """The recorded action in the active language; an action without a label of its own is a
    "change" (the code stays in the JSON), never a raw code on the page."""
    label = VERB_LABELS.get(verb)
    return str(label if label is not None else gettext_lazy("other change"))


def purpose_label(purpose: str) -> str:
    label = PURPOSE_LABELS.get(purpose)
    return str(label if label is not None else gettext_lazy("other purpose"))


@dataclass(frozen=True)
class ReadRow:
    read: AccessLog
    subject: str

    @property
    def fields_label(self) -> str:
        keys = [k for k in self.read.fields.split(",") if k]
        return ", ".join(str(FIELD_LABELS.get(k, k)) for k in keys)

    @property
    def purpose_label(self) -> str:
        return purpose_label(self.read.purpose)


def with_subjects(reads: list[AccessLog]) -> list[ReadRow]:
    """Each read with the pseudonym (learners) or name (mentors) of its subject: one query per
    kind of subject for the whole page."""
    ids: dict[str, set[int]] = {}
    for r in reads:
        if r.subject_id.isdigit():
            ids.setdefault(r.subject_type, set()).add(int(r.subject_id))
    names: dict[tuple[str, str], str] = {}
    for pk, pseudonym in m.Learner.objects.filter(
        pk__in=ids.get("workplace.learner", set())
    ).values_list("pk", "pseudonym"):
        names[("workplace.learner", str(pk))] = pseudonym
    for pk, first, last in m.Mentor.objects.filter(
        pk__in=ids.get("workplace.mentor", set())
    ).values_list("pk", "first_name", "last_name"):
        names[("workplace.mentor", str(pk))] = f"{first} {last}"
    return [ReadRow(read=r, subject=names.get((r.subject_type, r.subject_id), "–")) for r in reads]
