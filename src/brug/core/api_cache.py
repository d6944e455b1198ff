"""The cache of signed-in API answers and API token checks, kept current by a data version.

A signed-in caller's list page and a token's check are kept for at most
`BRUG_API_CACHE_SECONDS` under a key that holds the *data version*. Every statement that
writes the database (INSERT, UPDATE, DELETE or anything else that is not a read), in any app,
through the ORM, `update()`, `bulk_create()` or raw SQL, bumps that version: at once, and again
when its transaction commits (a reader that read the old rows before the commit stored them
under the version the commit leaves behind). So a write, a revoked role or membership, a
deactivated person and a revoked token are seen by the next request; no service has to
remember to bump. The price: any write makes every kept answer unreachable.

Only the logs that every read itself writes are quiet (`quiet()`): the token use log, the
read log of personal data and the session table; they change no answer.

The cache is used only when every app server sees the same bump: a shared cache (Redis,
`REDIS_URL`), or `BRUG_API_CACHE_LOCAL` for a deployment of one process (and the tests). With
a local cache per process a bump would not reach the other processes, so it stays off.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from brug.core import caching

VERSION_NAME = "api-data"
PREFIX = "brug:api:v1:"

# Statements that never change a row the API shows.
_READS = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SET ", "SHOW", "PRAGMA")
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?(\w+)', re.IGNORECASE)
QUIET_TABLES = frozenset({"django_session"})

_quiet: ContextVar[bool] = ContextVar("brug_api_cache_quiet", default=False)
# The data version as this request first read it (None: not read yet, or not in a request).
# A signed-in API request needs it twice (token check, kept page): one cache round trip, not
# two. Reading it once is a snapshot: a write elsewhere during the request is seen by the
# next request, as before; a write by this request itself bumps and forgets it.
_REQUEST_START = -1
_request_version: ContextVar[int | None] = ContextVar("brug_api_data_version", default=None)


def lifetime() -> int:
    return int(getattr(settings, "BRUG_API_CACHE_SECONDS", 30))


def enabled() -> bool:
    """Kept answers may be served: a lifetime above 0 and a bump reaches every process."""
    return lifetime() > 0 and (
        caching.shared() or bool(getattr(settings, "BRUG_API_CACHE_LOCAL", False))
    )


def data_version() -> int:
    kept = _request_version.get()
    if kept is None:  # outside a request (jobs, commands): read it every time
        return caching.version(VERSION_NAME)
    if kept == _REQUEST_START:
        kept = caching.version(VERSION_NAME)
        _request_version.set(kept)
    return kept


def bump() -> None:
    caching.bump(VERSION_NAME)
    if _request_version.get() is not None:
        _request_version.set(_REQUEST_START)  # read again after this request's own write


def request_started(**kwargs: Any) -> None:
    """`request_started` receiver: this request reads the data version once."""
    _request_version.set(_REQUEST_START)


def request_finished(**kwargs: Any) -> None:
    _request_version.set(None)


@contextmanager
def quiet() -> Iterator[None]:
    """Writes inside do not bump the data version: only for logs that change no answer."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def is_write(sql: Any) -> bool:
    """Does this statement (possibly) change rows the API shows?"""
    text = str(sql).lstrip()
    if text[:9].upper().startswith(_READS):
        return False
    found = _WRITE.match(text)
    return not (found is not None and found.group(1).lower() in QUIET_TABLES)


def _bump_after_commit() -> None:
    bump()


def write_hook(
    execute: Callable[..., Any], sql: Any, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    """A database execute wrapper: runs the statement, then bumps the version if it wrote."""
    result = execute(sql, params, many, context)
    if is_write(sql):
        written(context["connection"])
    return result


def written(connection: BaseDatabaseWrapper) -> None:
    """Rows changed on `connection` (the hook, or a write that passes it: PostgreSQL's COPY in
    `core.bulk`): bump now, and once more when the transaction commits."""
    if _quiet.get() or not enabled():
        return
    bump()
    if connection.in_atomic_block and not any(
        entry[1] is _bump_after_commit for entry in connection.run_on_commit
    ):
        transaction.on_commit(_bump_after_commit, using=connection.alias)


def install(connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """`connection_created` receiver: while the cache is on (`enabled()`) the connection runs
    every statement through the hook; while it is off (the default without Redis) it has no
    hook, so a statement costs nothing extra. Put first, so a `connection.execute_wrapper()`
    block that pops its own is not disturbed."""
    _hook(connection, enabled())


def _hook(connection: BaseDatabaseWrapper, on: bool) -> None:
    wrappers = connection.execute_wrappers
    if on and write_hook not in wrappers:
        wrappers.insert(0, write_hook)
    elif not on and write_hook in wrappers:
        wrappers.remove(write_hook)


# The settings `enabled()` reads.
SETTINGS = frozenset({"BRUG_API_CACHE_SECONDS", "BRUG_API_CACHE_LOCAL", "CACHES"})


def setting_changed(*, setting: str, **kwargs: Any) -> None:
    """`setting_changed` receiver (`override_settings`): the connections of this thread take
    or drop the hook as `enabled()` now says; another thread's connection decides when it next
    connects (until then `written()` still checks `enabled()`)."""
    if setting in SETTINGS:
        on = enabled()
        for connection in connections.all(initialized_only=True):
            _hook(connection, on)


def key(*parts: object) -> str:
    return PREFIX + ":".join(str(p) for p in parts)
