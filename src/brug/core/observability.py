"""What an operator sees: a request id on every log line, JSON logs, optional error reporting.

The request id comes from the load balancer's `X-Request-ID` header when it is a plausible id,
or is made here; it is sent back on the response, written on every log line of the request and
carried into the background jobs the request starts, so one id follows a piece of work from
the browser to the worker host that finished it.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import traceback
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
_PLAUSIBLE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("brug_request_id", default="")
_job_id: contextvars.ContextVar[int | None] = contextvars.ContextVar("brug_job_id", default=None)


def current_request_id() -> str:
    return _request_id.get()


def new_request_id(offered: str | None = None) -> str:
    """The offered id when it looks like one (no spaces, no markup, 8-64 characters), else a new one."""
    if offered and _PLAUSIBLE_ID.match(offered):
        return offered
    return uuid.uuid4().hex


@contextmanager
def bound(*, request_id: str | None = None, job_id: int | None = None) -> Iterator[None]:
    """Log lines written inside carry this request id and job id (a worker running a job)."""
    tokens: list[tuple[contextvars.ContextVar[Any], contextvars.Token[Any]]] = []
    if request_id is not None:
        tokens.append((_request_id, _request_id.set(request_id)))
    if job_id is not None:
        tokens.append((_job_id, _job_id.set(job_id)))
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = new_request_id(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id  # type: ignore[attr-defined]
        with bound(request_id=request_id):
            response = self.get_response(request)
        response.headers[REQUEST_ID_HEADER] = request_id
        return response


class ContextFilter(logging.Filter):
    """Puts the request id and job id on every record (empty outside a request or job)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        record.job_id = _job_id.get()
        return True


_STANDARD_ATTRS = frozenset(
    vars(logging.LogRecord("x", logging.INFO, "x", 0, "x", None, None)).keys()
) | {"message", "asctime", "request_id", "job_id"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request and job ids, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", "") or _request_id.get()
        job_id = getattr(record, "job_id", None) or _job_id.get()
        if request_id:
            entry["request_id"] = request_id
        if job_id is not None:
            entry["job_id"] = job_id
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                entry[key] = value if isinstance(value, str | int | float | bool) else repr(value)
        if record.exc_info:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


def logging_config(*, json_lines: bool, level: str) -> dict[str, Any]:
    """Django's LOGGING: JSON lines for production log shippers, plain text for a developer."""
    text = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "brug.core.observability.ContextFilter"}},
        "formatters": {
            "json": {"()": "brug.core.observability.JsonFormatter"},
            "text": {"format": text},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["context"],
                "formatter": "json" if json_lines else "text",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
    }


def sentry_init(*, dsn: str, environment: str, release: str) -> bool:
    """Optional error reporting: only when a DSN is configured (off by default).

    Learner data must not leave Brug: no request bodies, no personal data, no local variables.
    """
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=0.0,
        before_send=_tag_request_id,
    )
    return True


def _tag_request_id(event: Any, hint: dict[str, Any]) -> Any:
    request_id = _request_id.get()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    job_id = _job_id.get()
    if job_id is not None:
        event.setdefault("tags", {})["job_id"] = str(job_id)
    return event
