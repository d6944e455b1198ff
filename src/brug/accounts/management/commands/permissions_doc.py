"""Render the permission matrix to docs/permissions.md (`--check` fails when it is out of date)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import NoReverseMatch, reverse

from brug.accounts.roles import ALL_ROLES
from brug.core import policy

INTRO = """# Permissions

Generated from `src/brug/permission_matrix.py` by `brug permissions-doc`; do not edit by hand.
CI fails when this file is out of date.

**Deny by default**: a role may do an action on an object only where a row below grants it
for a relation the role has to that object. `any` = every object of that kind. A logged-in
person always also has the rights of `public`. The relations are defined per resource in the
app's `permissions.py`; common ones:

| relation | meaning |
|---|---|
| `any` | every object |
| `organisation` | the object belongs to the organisation the role is held for |
| `sector` | the object lies in a sector served by the role's sector fund or partnership |
| `region` | the object lies in a province of the role's RTC |
| `network` | the object belongs to the role's education network |
| `own` | the person's own record |

Every cell is checked by a generated test (`src/brug/core/tests/test_permission_matrix.py`):
for each resource × role × relation, an object with that relation is built and every action is
checked against `policy.can` (one object) and `policy.visible` (lists).
"""


PAGES_INTRO = """
## Pages

Every named page (`src/brug/*/urls.py`, `config/urls.py`) and the resource above that decides
who may open it and what it shows, or why it is open to everyone. A page without a row fails
`src/brug/core/tests/test_pages_in_matrix.py`, which also checks that a signed-in person
without any role (the outsider) is refused every page whose resource the matrix opens to no
one, and that "all sections" (`/onderdelen/`) lists only what the matrix opens to the person.
"""


def render() -> str:
    lines = [INTRO]
    rows = policy.matrix()
    for resource in sorted(rows):
        relations = ", ".join(f"`{r}`" for r in policy.policy_for(resource).relations)
        lines.append(
            f"\n## `{resource}`\n\nActions: {', '.join(f'`{a}`' for a in policy.matrix_actions(resource))}. Relations: {relations}.\n"
        )
        lines.append("| role | relation | allowed actions |")
        lines.append("|---|---|---|")
        granted = sorted(
            ((role, relation, actions) for (role, relation), actions in rows[resource].items()),
            key=lambda r: (ALL_ROLES.index(r[0]) if r[0] in ALL_ROLES else 99, r[1]),
        )
        for role, relation, actions in granted:
            ordered = [a for a in policy.matrix_actions(resource) if a in actions]
            lines.append(f"| {role} | {relation} | {', '.join(ordered)} |")
        denied = [r for r in ALL_ROLES if not any(g[0] == r for g in granted)]
        if denied:
            lines.append(f"\nNo access: {', '.join(denied)}.")
    open_word, page_rows = policy.pages()
    lines.append(PAGES_INTRO)
    lines.append("| page | address | decided by |")
    lines.append("|---|---|---|")
    for name in sorted(page_rows):
        row = page_rows[name]
        try:
            address = f"`{reverse(name)}`"
        except NoReverseMatch:
            address = "(per object)"
        decided = row if row.startswith(f"{open_word}:") else f"`{row}`"
        lines.append(f"| `{name}` | {address} | {decided} |")
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "Render the permission matrix to docs/permissions.md."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Fail when the file is out of date."
        )
        parser.add_argument(
            "--output", default=str(Path(settings.SRC_DIR).parent / "docs" / "permissions.md")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(options["output"])
        content = render()
        if options["check"]:
            if not target.exists() or target.read_text() != content:
                raise CommandError(f"{target} is out of date: run `brug permissions-doc`.")
            self.stdout.write("docs/permissions.md is current.")
            return
        target.write_text(content)
        self.stdout.write(f"Wrote {target}")
