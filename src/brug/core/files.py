"""Sending stored files: only after the caller's view has asked the policy.

Uploaded files (teaching material) and generated reports live in Django's default storage (the
file system under MEDIA_ROOT, or a private S3-compatible bucket with BRUG_STORAGE=s3), but that
storage is never served as a public directory: `/media/...` is not a URL of Brug, in the demo or
in production. A view finds the object, asks `policy.can(...)` (404 when the caller may not see
it) and returns `file_response(...)`.

In production the app server does not stream the bytes itself: with
`BRUG_MEDIA_ACCEL_PREFIX` set (e.g. `/protected-media/`) the answer is an empty response with
an `X-Accel-Redirect` header, and nginx sends the file from an `internal` location that no
browser can request directly (see docs/deployment.md). Without it (demo, tests), and always with
an object store, Django streams the file from the storage: no presigned URL is handed out, so
every download passes the policy check and no link can be shared past it.
"""

from __future__ import annotations

import mimetypes
from pathlib import PurePath, PurePosixPath
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy


def _accel_response(relative: str, filename: str, as_attachment: bool) -> HttpResponse:
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = HttpResponse(content_type=content_type)
    response["X-Accel-Redirect"] = (
        settings.BRUG_MEDIA_ACCEL_PREFIX.rstrip("/") + "/" + quote(relative)
    )
    disposition = content_disposition_header(as_attachment, filename)
    if disposition:
        response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _uses_filesystem() -> bool:
    """X-Accel-Redirect needs the file on nginx's disk: not with an object store."""
    return getattr(settings, "BRUG_STORAGE", "filesystem") == "filesystem"


def file_response(
    *, name: str, filename: str, as_attachment: bool = True
) -> HttpResponse | FileResponse:
    """Send a stored file: `name` is a name in the default storage (a FileField's `.name`, or
    the name a generated report was saved under). Anything else, or a missing file, is a 404.

    Call this only after the policy allowed the caller to read the object the file belongs to.
    """
    parts = PurePosixPath(name).parts
    if not name or name.startswith(("/", "\\")) or ".." in parts or "\\" in name:
        raise Http404
    if not default_storage.exists(name):
        raise Http404
    if getattr(settings, "BRUG_MEDIA_ACCEL_PREFIX", "") and _uses_filesystem():
        return _accel_response(name, filename, as_attachment)
    # Any other storage (an S3-compatible object store): Django streams the object in chunks
    # from the store; the bucket stays private and no URL outlives the policy check.
    return FileResponse(
        default_storage.open(name, "rb"), as_attachment=as_attachment, filename=filename
    )


# ---------------------------------------------------------------- uploads

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
