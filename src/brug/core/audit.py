"""The audit trail. Services call `audit_record` inside their transaction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import models
from django.utils import timezone

from brug.core import api_cache, bulk
from brug.core.models import AccessLog, AuditEntry
from brug.core.users import RequestUser


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def audit_record(
    *,
    actor: RequestUser | None,
    verb: str,
    obj: models.Model,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    return audit_event(
        actor=actor,
        verb=verb,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj),
        changes=changes,
    )


def audit_event(
    *,
    actor: Any,
    verb: str,
    object_type: str,
    object_id: str,
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """An entry about something that is not (or not yet) a row, such as a failed sign-in
    for a username that may not exist."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        verb=verb[:64],
        object_type=object_type[:100],
        object_id=object_id[:64],
        object_repr=object_repr[:300],
        changes=_jsonable(changes or {}),
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields that changed."""
    return {
        k: [_jsonable(before.get(k)), _jsonable(v)] for k, v in after.items() if before.get(k) != v
    }


# A kept API answer (brug.core.api_cache) must log the same reads each time it is served:
# while it is built, the reads logged are also noted here, and `reads_replay` logs them again.
ReadRow = tuple[int | None, str, str, str, str]  # reader id, subject type and id, fields, purpose
_noted: ContextVar[list[ReadRow] | None] = ContextVar("brug_reads_noted", default=None)


@contextmanager
def reads_noted() -> Iterator[list[ReadRow]]:
    """Note every read logged inside (besides logging it)."""
    rows: list[ReadRow] = []
    token = _noted.set(rows)
    try:
        yield rows
    finally:
        _noted.reset(token)


def _log(rows: list[AccessLog]) -> None:
    # The read log changes no answer: it does not make kept API answers stale.
    noted = _noted.get()
    if noted is not None:
        noted.extend((r.reader_id, r.subject_type, r.subject_id, r.fields, r.purpose) for r in rows)
    with api_cache.quiet():
        if len(rows) == 1:
            rows[0].save(force_insert=True)
        else:
            AccessLog.objects.bulk_create(rows)


def reads_replay(rows: list[ReadRow]) -> None:
    """Log again the reads noted while a kept answer was built: one plain multi-row INSERT
    (COPY on PostgreSQL), without building a model object per row."""
    noted = _noted.get()
    if noted is not None:
        noted.extend(rows)
    if rows:
        now = timezone.now()
        with api_cache.quiet():
            bulk.insert_rows(
                AccessLog,
                ("at", "reader", "subject_type", "subject_id", "fields", "purpose"),
                [(now, *row) for row in rows],
            )


def access_record(
    *, reader: RequestUser | None, subject: models.Model, fields: list[str], purpose: str = ""
) -> None:
    _log(
        [
            AccessLog(
                reader_id=reader.pk if reader is not None and reader.is_authenticated else None,
                subject_type=subject._meta.label_lower,
                subject_id=str(subject.pk),
                fields=",".join(fields)[:300],
                purpose=purpose[:100],
            )
        ]
    )


def access_record_many(
    *, reader: Any, subjects: Iterable[models.Model], fields: list[str], purpose: str = ""
) -> int:
    """Log one read of `fields` for each subject (a page or API list of them) in one statement.

    Returns how many reads were logged. Used for learners' support-need flags and mentors'
    birth dates and criminal-record check dates, like `access_record` for one identity.
    """
    user = reader if getattr(reader, "is_authenticated", False) else None
    joined = ",".join(fields)[:300]
    rows = [
        AccessLog(
            reader=user,
            subject_type=subject._meta.label_lower,
            subject_id=str(subject.pk),
            fields=joined,
            purpose=purpose[:100],
        )
        for subject in subjects
    ]
    if rows:
        _log(rows)
    return len(rows)


def history_of(obj: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
