"""Probes for load balancers and orchestrators: `/healthz` (alive) and `/readyz` (ready).

They are answered by the first middleware, before Django's host validation and HTTPS redirect,
because probes come over plain HTTP and address the app server by its IP address (a load
balancer, a container orchestrator); answering them with a redirect or a 400 would take a
healthy server out of service. They reveal nothing but ok/failing per dependency.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

logger = logging.getLogger(__name__)

PATHS = {"/healthz", "/healthz/", "/readyz", "/readyz/"}


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _cache() -> str:
    key = f"brug:readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not return what was stored")
    cache.delete(key)
    return "ok"


def _queue() -> str:
    """The task table answers, and no job has lost its worker for longer than an hour."""
    from brug.core.models import Job, JobStatus

    cutoff = timezone.now() - timedelta(hours=1)
    if Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=cutoff).exists():
        raise RuntimeError("a running job has had no heartbeat for an hour: are workers running?")
    return "ok"


CHECKS: dict[str, Callable[[], str]] = {"database": _database, "cache": _cache, "queue": _queue}


def healthz() -> JsonResponse:
    try:
        _database()
    except Exception:
        logger.exception("Health check failed: database")
        return JsonResponse({"status": "failing"}, status=503)
    return JsonResponse({"status": "ok"})


def readyz() -> JsonResponse:
    results: dict[str, str] = {}
    started = time.monotonic()
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception:
            logger.exception("Readiness check failed: %s", name)
            results[name] = "failing"
    ok = all(value == "ok" for value in results.values())
    body = {
        "status": "ok" if ok else "failing",
        "checks": results,
        "ms": round(1000 * (time.monotonic() - started), 1),
    }
    return JsonResponse(body, status=200 if ok else 503)


class ProbeMiddleware:
    """First in the chain: answers GET/HEAD probes before host validation and HTTPS redirects."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info in PATHS and request.method in ("GET", "HEAD"):
            response = readyz() if request.path_info.startswith("/readyz") else healthz()
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)
