"""The audit trail. Services call `audit_record` inside their transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

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
    # By id: core types the person with Django's base classes, not the accounts app's model.
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    return AuditEntry.objects.create(
        actor_id=actor_id,
        verb=verb,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=_jsonable(changes or {}),
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields that changed."""
    return {
        k: [_jsonable(before.get(k)), _jsonable(v)] for k, v in after.items() if before.get(k) != v
    }


def access_record(
    *, reader: RequestUser | None, subject: models.Model, fields: list[str], purpose: str = ""
) -> None:
    AccessLog.objects.create(
        reader_id=reader.pk if reader is not None and reader.is_authenticated else None,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        fields=",".join(fields)[:300],
        purpose=purpose[:100],
    )


def history_of(obj: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
