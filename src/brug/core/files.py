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
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header


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
