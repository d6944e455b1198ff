"""API token scopes: read or write, per domain app. Write includes read."""

from __future__ import annotations

from brug.core.i18n import Message, gettext_lazy

READ = "read"
WRITE = "write"

# The domain apps whose endpoints live under /api/<domain>/.
DOMAINS: dict[str, Message] = {
    "registry": gettext_lazy("Reference registry"),
    "workplace": gettext_lazy("Workplace learning"),
    "matching": gettext_lazy("Matching"),
    "covenants": gettext_lazy("Sector covenants"),
    "innovet": gettext_lazy("InnoVET"),
    "monitoring": gettext_lazy("Figures"),
}
LEVELS: dict[str, Message] = {
    READ: gettext_lazy("read"),
    WRITE: gettext_lazy("read and write"),
}

ALL_SCOPES: tuple[str, ...] = tuple(f"{d}:{level}" for d in DOMAINS for level in LEVELS)


def scope_label(scope: str) -> str:
    domain, _, level = scope.partition(":")
    if domain not in DOMAINS or level not in LEVELS:
        return scope
    return f"{DOMAINS[domain]} ({LEVELS[level]})"


def grants(scopes: list[str], domain: str, *, write: bool) -> bool:
    """Do `scopes` allow a request to `domain` (a write when `write`)?"""
    if f"{domain}:{WRITE}" in scopes:
        return True
    return not write and f"{domain}:{READ}" in scopes
