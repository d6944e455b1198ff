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
from brug.core import policy
from brug.core.audit import audit_record
from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy
from brug.core.notify import notify
from brug.innovet.models import Licence, Material, MaterialStatus, MaterialVersion
from brug.innovet.services import members_of
from brug.registry.models import Organisation, Programme, StudyDomain

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
ZIP = b"PK\x03\x04"
# Extension -> how such a file starts, so a renamed file of another type is refused too.
ALLOWED_TYPES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF",),
    "docx": (ZIP,),
    "pptx": (ZIP,),
    "xlsx": (ZIP,),
    "odt": (ZIP,),
    "odp": (ZIP,),
    "ods": (ZIP,),
    "zip": (ZIP, b"PK\x05\x06"),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}


def upload_check(upload: File[Any]) -> str:
    """Refuse a file of a type we do not accept or that is too large. Returns the extension."""
    name = PurePath(upload.name or "").name
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = ", ".join(sorted(ALLOWED_TYPES))
    if extension not in ALLOWED_TYPES:
        raise ServiceError(
            gettext_lazy("This file type is not accepted. Allowed: {a}.", a=allowed),
            code="file_type",
            field="upload",
        )
    size = upload.size or 0
    if size > MAX_UPLOAD_BYTES:
        raise ServiceError(
            gettext_lazy(
                "The file is too large ({s} MB); the maximum is {m} MB.",
                s=round(size / 1024 / 1024, 1),
                m=MAX_UPLOAD_BYTES // 1024 // 1024,
            ),
            code="file_size",
            field="upload",
        )
    if size == 0:
        raise ServiceError(gettext_lazy("The file is empty."), field="upload")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in ALLOWED_TYPES[extension]):
        raise ServiceError(
            gettext_lazy("The file's content does not match .{e}.", e=extension),
            code="file_type",
            field="upload",
        )
    return extension


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
        note=note[:300],
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
        title=title.strip()[:300],
        description=description,
        study_domain=study_domain,
        curriculum_link=curriculum_link,
        licence=licence,
        licence_note=licence_note.strip()[:300],
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
