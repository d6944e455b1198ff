"""Derive requirements/production.txt from requirements/lock.txt: the pinned packages that the
runtime dependencies of pyproject.toml need, and nothing of the development tools.

    python requirements/production.py          # rewrite requirements/production.txt
    python requirements/production.py --check  # exit 1 when it is out of date
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _name(text: str) -> str:
    return re.split(r"[\[<>=!~; ]", text.strip(), maxsplit=1)[0].lower().replace("_", "-")


def production_lines() -> list[str]:
    project = tomllib.loads((HERE.parent / "pyproject.toml").read_text())["project"]
    roots = {_name(dep) for dep in project["dependencies"]}
    pins: dict[str, str] = {}
    parents: dict[str, set[str]] = {}
    current = ""
    for line in (HERE / "lock.txt").read_text().splitlines():
        if line and not line.startswith((" ", "#")):
            current = _name(line)
            pins[current] = line.split(" ")[0]
            parents[current] = set()
        elif current and line.strip().startswith("#"):
            via = line.strip().lstrip("#").strip()
            via = via.removeprefix("via").strip()
            if via:
                parents[current].add("brug" if via.startswith("brug ") else _name(via))
    needed = {name for name in roots if name in pins}
    missing = roots - needed
    if missing:
        raise SystemExit(f"runtime dependencies missing from lock.txt: {sorted(missing)}")
    changed = True
    while changed:
        changed = False
        for name, via in parents.items():
            if name not in needed and via & needed:
                needed.add(name)
                changed = True
    return [pins[name] for name in sorted(needed)]


def render() -> str:
    header = (
        "# Runtime packages only (no development tools), derived from lock.txt by\n"
        "# requirements/production.py; install with: pip install -r requirements/production.txt\n"
    )
    return header + "\n".join(production_lines()) + "\n"


if __name__ == "__main__":
    target = HERE / "production.txt"
    if "--check" in sys.argv:
        if not target.exists() or target.read_text() != render():
            print("requirements/production.txt is out of date: run python requirements/production.py")
            sys.exit(1)
        print("requirements/production.txt is current.")
    else:
        target.write_text(render())
