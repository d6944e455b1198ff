"""One error format for the whole API: problem details (RFC 9457, `application/problem+json`).

Every refusal, from a service's `ServiceError` to DRF's own validation, authentication,
throttling and not-found answers, goes through `problem_exception_handler` and comes out as

    {"type": "urn:brug:problem:<code>", "title": "...", "status": 400,
     "detail": "... (in the caller's language)", "code": "<code>",
     "detail_nl": "...", "detail_en": "...", "field": "...", "errors": {...}}

`detail` is in the language of the request (Dutch unless the caller chose English);
`detail_nl` and `detail_en` always carry both. An object the caller may not see answers 404,
the same as one that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from brug.core.errors import NotAllowed, ServiceError
from brug.core.i18n import Message, gettext_lazy

PROBLEM_CONTENT_TYPE = "application/problem+json"

# Generic titles and details per HTTP status, in both languages.
_BY_STATUS: dict[int, tuple[str, Message, Message]] = {
    400: (
        "invalid",
        gettext_lazy("Invalid input"),
        gettext_lazy("The input is invalid; nothing changed."),
    ),
    401: (
        "not_authenticated",
        gettext_lazy("Not authenticated"),
        gettext_lazy("Sign in to continue."),
    ),
    403: (
        "forbidden",
        gettext_lazy("Forbidden"),
        gettext_lazy("You are not allowed to see this or do this."),
    ),
    404: (
        "not_found",
        gettext_lazy("Not found"),
        gettext_lazy("This does not exist or you may not see it."),
    ),
    405: (
        "method_not_allowed",
        gettext_lazy("Method not allowed"),
        gettext_lazy("This method is not allowed here."),
    ),
    406: (
        "not_acceptable",
        gettext_lazy("Not acceptable"),
        gettext_lazy("This response format is not supported."),
    ),
    413: (
        "too_large",
        gettext_lazy("Too large"),
        gettext_lazy("The request is too large."),
    ),
    415: (
        "unsupported_media_type",
        gettext_lazy("Unsupported media type"),
        gettext_lazy("Send JSON (application/json) or a form."),
    ),
    429: (
        "throttled",
        gettext_lazy("Too many requests"),
        gettext_lazy("Too many requests; try again later."),
    ),
}
_FALLBACK = (
    "error",
    gettext_lazy("Error"),
    gettext_lazy("The request could not be processed."),
)
_PARSE = gettext_lazy("The request body is not valid JSON or is nested too deeply.")


def problem(
    *,
    status_code: int,
    code: str | None = None,
    text: Message | None = None,
    field: str | None = None,
    errors: Any = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """A problem-details response; `text` defaults to the generic text of the status."""
    default_code, title, default_text = _BY_STATUS.get(status_code, _FALLBACK)
    code = code or default_code
    text = text or default_text
    body: dict[str, Any] = {
        "type": f"urn:brug:problem:{code}",
        "title": str(title),
        "status": status_code,
        "detail": str(text),
        "code": code,
        "detail_nl": text.nl,
        "detail_en": text.en,
    }
    if field:
        body["field"] = field
    if errors:
        body["errors"] = errors
    response = Response(body, status=status_code, headers=headers)
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def _field_of(errors: Any) -> str | None:
    if isinstance(errors, dict) and errors:
        first = next(iter(errors))
        return None if first == "non_field_errors" else str(first)
    return None


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's EXCEPTION_HANDLER: every API error as problem details; nothing was changed."""
    if isinstance(exc, ServiceError):
        set_rollback()
        return problem(status_code=400, code=exc.code, text=exc.text, field=exc.field)
    if isinstance(exc, NotAllowed):
        set_rollback()
        return problem(status_code=403, text=exc.text)
    if isinstance(exc, Http404 | exceptions.NotFound):
        set_rollback()
        return problem(status_code=404)
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    headers = {
        k: v for k, v in response.headers.items() if k in ("WWW-Authenticate", "Retry-After")
    }
    status_code = response.status_code
    if isinstance(exc, exceptions.ValidationError):
        field = _field_of(exc.detail)
        text = _BY_STATUS[400][2]
        if field:
            text = gettext_lazy(
                "The input is invalid (field '{field}'); nothing changed.", field=field
            )
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        return problem(status_code=400, text=text, field=field, errors=errors, headers=headers)
    if isinstance(exc, exceptions.ParseError):
        return problem(status_code=400, code="parse_error", text=_PARSE, headers=headers)
    if status_code == status.HTTP_429_TOO_MANY_REQUESTS:
        wait = getattr(exc, "wait", None)
        text = _BY_STATUS[429][2]
        if wait:
            text = gettext_lazy("Too many requests; try again in {s} seconds.", s=int(wait))
        return problem(status_code=429, text=text, headers=headers)
    return problem(status_code=status_code, headers=headers)


class SafeJSONParser(JSONParser):
    """DRF's JSON parser, but a body nested deeper than Python can parse is a 400, not a 500."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise exceptions.ParseError(str(_PARSE)) from exc


PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Problem details (RFC 9457) with the detail in Dutch and English.",
    "required": ["type", "title", "status", "detail", "code", "detail_nl", "detail_en"],
    "properties": {
        "type": {"type": "string", "description": "urn:brug:problem:<code>"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string", "description": "In the language of the request"},
        "code": {"type": "string", "description": "Stable machine-readable reason"},
        "detail_nl": {"type": "string"},
        "detail_en": {"type": "string"},
        "field": {"type": "string", "description": "The input field concerned, if one"},
        "errors": {
            "type": "object",
            "description": "Per field, the validation messages (language of the request)",
            "additionalProperties": True,
        },
    },
}


def problem_responses_hook(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular post-processing: every operation may answer a problem (any 4xx)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    reference = {
        "description": "Problem details: bad input (400), not signed in (401), not allowed "
        "(403), not found or not visible (404), too many requests (429), ...",
        "content": {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            if isinstance(operation, dict) and "responses" in operation:
                operation["responses"].setdefault("4XX", reference)
    return result
