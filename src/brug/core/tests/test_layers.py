"""The dependency directions drawn in docs/architecture.md, enforced.

Every production module of an app (tests, test helpers and migrations aside) may import only
the apps listed for it below. `core` is the ground floor: it imports no domain app; an app
that needs core to know something registers it (policies, the source of a user's roles,
menu entries, home panels, metrics) from its `AppConfig.ready`. Every import counts,
including one inside a function or under `TYPE_CHECKING`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import brug

SRC = Path(brug.__file__).parent

# app -> the other parts of brug its production code may import.
ALLOWED: dict[str, frozenset[str]] = {
    "core": frozenset(),
    "matching_engine": frozenset(),
    "accounts": frozenset({"core", "registry"}),
    "registry": frozenset({"core"}),
    "access": frozenset({"core", "registry", "accounts"}),
    "workplace": frozenset({"core", "registry", "accounts"}),
    "matching": frozenset({"core", "registry", "accounts", "workplace", "matching_engine"}),
    "covenants": frozenset({"core", "registry", "accounts"}),
    "education": frozenset({"core", "registry", "accounts", "covenants"}),
    "corework": frozenset({"core", "registry", "accounts", "covenants"}),
    "innovet": frozenset({"core", "registry", "accounts"}),
    "monitoring": frozenset({"core", "registry", "accounts", "workplace"}),
    "partnerships": frozenset({"core", "registry", "accounts", "innovet"}),
}
# The project level (settings, urls, the permission matrix, the command line) may import any app.
PROJECT_LEVEL = frozenset({"config", "permission_matrix", "cli", "__main__", "__init__", "locale"})
# Named exceptions, one module each, with the reason. Keep this list short.
EXCEPTIONS: dict[str, frozenset[str]] = {
    # The demo organisations come with their demo logins; the operator command creates one user.
    "brug.registry.demo": frozenset({"accounts"}),
    "brug.registry.management.commands._operator": frozenset({"accounts"}),
}
SKIPPED_PARTS = frozenset({"tests", "testing", "migrations"})


def brug_imports(source: str) -> set[str]:
    """The parts of brug (`core`, `accounts`, ...) a module's source imports."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
            if node.module == "brug":
                names = [f"brug.{alias.name}" for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "brug" and len(parts) > 1:
                found.add(parts[1])
    return found


def violations(app: str, module: str, source: str) -> list[str]:
    allowed = ALLOWED[app] | EXCEPTIONS.get(module, frozenset()) | {app}
    return [
        f"{module} imports brug.{target} (allowed for {app}: {sorted(ALLOWED[app]) or 'nothing'})"
        for target in sorted(brug_imports(source) - allowed)
    ]


def production_modules() -> list[tuple[str, str, Path]]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC)
        if len(relative.parts) < 2 or SKIPPED_PARTS & set(relative.parts):
            continue
        module = ".".join(("brug", *relative.with_suffix("").parts)).removesuffix(".__init__")
        found.append((relative.parts[0], module, path))
    return found


def test_every_app_is_placed_in_the_layers() -> None:
    apps = {
        path.name for path in SRC.iterdir() if path.is_dir() and (path / "__init__.py").exists()
    }
    assert apps - PROJECT_LEVEL == set(ALLOWED), "add the new app to ALLOWED and the docs"


def test_every_module_imports_only_the_layers_below_it() -> None:
    problems = [
        problem
        for app, module, path in production_modules()
        if app in ALLOWED
        for problem in violations(app, module, path.read_text(encoding="utf-8"))
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "source",
    [
        "from brug.accounts.models import Membership",
        "import brug.registry.models",
        "from brug import workplace",
        "def f():\n    from brug.accounts.roles import PUBLIC\n    return PUBLIC",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from brug.innovet import models",
    ],
)
def test_an_import_from_core_into_a_domain_app_is_caught(source: str) -> None:
    assert violations("core", "brug.core.example", source)


def test_imports_within_the_layers_pass() -> None:
    assert not violations("core", "brug.core.x", "from brug.core import policy\nimport django")
    assert not violations("workplace", "brug.workplace.x", "from brug.registry import models")
    assert violations("workplace", "brug.workplace.x", "from brug.matching import services")


def test_every_domain_app_registers_through_one_app_config_base() -> None:
    from django.apps import apps

    from brug.core.registration import BrugAppConfig

    domain = [c for c in apps.get_app_configs() if c.name.startswith("brug.") and c.label != "core"]
    assert domain and all(isinstance(c, BrugAppConfig) for c in domain), [
        type(c).__name__ for c in domain if not isinstance(c, BrugAppConfig)
    ]


def test_the_menu_panels_and_metrics_come_from_the_apps() -> None:
    from brug.core.home import _PANELS
    from brug.core.metrics import metrics_all
    from brug.core.navigation import _ENTRIES

    assert {e.url_name.split(":")[0] for e in _ENTRIES} >= {
        "registry",
        "workplace",
        "matching",
        "covenants",
        "innovet",
        "monitoring",
    }
    assert {key.split(".")[0] for key in _PANELS} >= {
        "workplace",
        "matching",
        "covenants",
        "innovet",
        "monitoring",
    }
    assert {m.key.split(".")[0] for m in metrics_all()} >= {"workplace", "innovet", "monitoring"}
