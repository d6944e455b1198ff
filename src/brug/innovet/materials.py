"""Teaching material: upload with licence and curriculum link, versions, quality check by a
pedagogical support service (submitted -> approved / changes requested), counted downloads.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from brug.accounts.people import RequestUser, user_or_none
from brug.core import bounds, policy
from brug.core.audit import audit_record
from brug.core.errors import ServiceError
from brug.core.files import ALLOWED_TYPES, MAX_UPLOAD_BYTES, upload_check
from brug.core.i18n import gettext_lazy
from brug.core.notify import notify
from brug.innovet.models import LONG_TEXT_MAX, Licence, Material, MaterialStatus, MaterialVersion
from brug.innovet.services import members_of
from brug.registry.models import Organisation, Programme, StudyDomain

# The upload check is core's (shared with workplace evidence); re-exported under its old names.
__all__ = ["ALLOWED_TYPES", "MAX_UPLOAD_BYTES", "upload_check"]


def _add_version(
    material: Material, upload: File[Any], actor: RequestUser, note: str
) -> MaterialVersion:
    number = (
        material.versions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    version = MaterialVersion(
        material=material,
        number=number,
        original_name=PurePath(upload.name or "file").name[:255],
        size_bytes=upload.size or 0,
        note=bounds.text_within(note, field="note", max_length=300),
        uploaded_by=user_or_none(actor),
    )
    version.file.save(version.original_name, upload, save=False)
    version.save()
    return version


@transaction.atomic
def material_create(
    *,
    actor: RequestUser,
    provider: Organisation,
    title: str,
    licence: str,
    upload: File[Any],
    description: str = "",
    study_domain: StudyDomain | None = None,
    programmes: Iterable[Programme] = (),
    curriculum_link: str = "",
    licence_note: str = "",
) -> Material:
    material = Material(
        provider=provider,
        title=bounds.text_within(title, field="title", max_length=300),
        description=bounds.text_within(description, field="description", max_length=LONG_TEXT_MAX),
        study_domain=study_domain,
        curriculum_link=bounds.text_within(
            curriculum_link, field="curriculum_link", max_length=LONG_TEXT_MAX
        ),
        licence=licence,
        licence_note=bounds.text_within(licence_note, field="licence_note", max_length=300),
    )
    policy.require(actor, "create", material)
    if not material.title:
        raise ServiceError(gettext_lazy("Give a title."), field="title")
    if licence not in Licence.values:
        raise ServiceError(gettext_lazy("Choose a licence."), field="licence")
    if licence == Licence.OTHER and not material.licence_note:
        raise ServiceError(gettext_lazy("Describe the licence."), field="licence_note")
    upload_check(upload)
    material.save()
    material.programmes.set(list(programmes))
    version = _add_version(material, upload, actor, "")
    audit_record(
        actor=actor,
        verb="innovet.material.create",
        obj=material,
        changes={"licence": licence, "version": version.number},
    )
    return material


@transaction.atomic
def material_version_add(
    *, actor: RequestUser, material: Material, upload: File[Any], note: str = ""
) -> MaterialVersion:
    """A new file is a new version; it must pass the quality check again before it is public."""
    policy.require(actor, "change", material)
    upload_check(upload)
    material = Material.objects.select_for_update().get(pk=material.pk)
    version = _add_version(material, upload, actor, note)
    before = material.status
    material.status = MaterialStatus.DRAFT
    material.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        verb="innovet.material.version",
        obj=material,
        changes={"version": version.number, "status": [before, material.status]},
    )
    return version


@transaction.atomic
def material_submit(*, actor: RequestUser, material: Material) -> Material:
    policy.require(actor, "submit", material)
    if material.status not in (MaterialStatus.DRAFT, MaterialStatus.CHANGES_REQUESTED):
        raise ServiceError(gettext_lazy("This material has already been submitted."))
    before = material.status
    material.status = MaterialStatus.SUBMITTED
    material.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        verb="innovet.material.submit",
        obj=material,
        changes={"status": [before, material.status]},
    )
    return material


@transaction.atomic
def material_review(
    *, actor: RequestUser, material: Material, reviewer: Organisation, approve: bool, note: str = ""
) -> Material:
    """The quality check by a pedagogical support service."""
    policy.require(actor, "review", material)
    if reviewer.pk not in policy.organisations_of(actor, roles=("support_staff", "platform_admin")):
        raise ServiceError(gettext_lazy("Choose your own service."), field="reviewer")
    if material.status != MaterialStatus.SUBMITTED:
        raise ServiceError(gettext_lazy("Only submitted material can be reviewed."))
    if not approve and not note.strip():
        raise ServiceError(gettext_lazy("Say what must change."), field="note")
    before = material.status
    material.status = MaterialStatus.APPROVED if approve else MaterialStatus.CHANGES_REQUESTED
    material.reviewed_by = reviewer
    material.review_note = note.strip()
    material.reviewed_at = timezone.now()
    material.save()
    audit_record(
        actor=actor,
        verb="innovet.material.review",
        obj=material,
        changes={"status": [before, material.status], "note": material.review_note},
    )
    notify(
        recipients=members_of(material.provider_id),
        subject=gettext_lazy("Quality check of teaching material: {m}", m=material.title),
        body=gettext_lazy(
            "Outcome: {s}. {n}", s=material.get_status_display(), n=material.review_note
        ),
        url=reverse("innovet:material-detail", args=[material.pk]),
    )
    return material


@transaction.atomic
def material_download(*, actor: RequestUser, material: Material) -> MaterialVersion:
    """The current version to download; the download is counted."""
    policy.require(actor, "download", material)
    version = material.current_version
    if version is None:
        raise ServiceError(gettext_lazy("There is no file yet."))
    Material.objects.filter(pk=material.pk).update(download_count=F("download_count") + 1)
    return version
