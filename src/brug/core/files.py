"""Sending stored files: only after the caller's view has asked the policy.

Uploaded files (teaching material) and generated reports live under MEDIA_ROOT, but MEDIA_ROOT
is never served as a public directory: `/media/...` is not a URL of Brug, in the demo or in
production. A view finds the object, asks `policy.can(...)` (404 when the caller may not see
it) and returns `file_response(...)`.

In production the app server does not stream the bytes itself: with
`BRUG_MEDIA_ACCEL_PREFIX` set (e.g. `/protected-media/`) the answer is an empty response with
an `X-Accel-Redirect` header, and nginx sends the file from an `internal` location that no
browser can request directly (see docs/deployment.md). Without it (demo, tests) Django streams
the file.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path, PurePath, PurePosixPath
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


def file_response(
    *, name: str | Path, filename: str, as_attachment: bool = True
) -> HttpResponse | FileResponse:
    """Send a stored file: `name` is a name in the default storage (a FileField's `.name`) or a
    `Path` inside MEDIA_ROOT (a generated report). Anything else, or a missing file, is a 404.

    Call this only after the policy allowed the caller to read the object the file belongs to.
    """
    accel = bool(getattr(settings, "BRUG_MEDIA_ACCEL_PREFIX", ""))
    if isinstance(name, Path):
        root = Path(settings.MEDIA_ROOT).resolve()
        path = name.resolve()
        if not path.is_relative_to(root) or not path.is_file():
            raise Http404
        if accel:
            return _accel_response(path.relative_to(root).as_posix(), filename, as_attachment)
        return FileResponse(path.open("rb"), as_attachment=as_attachment, filename=filename)
    parts = PurePosixPath(name).parts
    if not name or name.startswith(("/", "\\")) or ".." in parts or "\\" in name:
        raise Http404
    if not default_storage.exists(name):
        raise Http404
    if accel:
        return _accel_response(name, filename, as_attachment)
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
