"""The `brug` console command: the entry point for every management task.

`brug match ...` runs the pure matching engine without Django; every other
sub-command is a Django management command (`brug migrate`, `brug demo-data`, ...).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "match":
        from brug.matching_engine.cli import main as match_main

        return match_main(args[1:])
    if args and not args[0].startswith("-"):
        # `brug demo-data` and `brug demo_data` are the same command.
        args[0] = args[0].replace("-", "_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brug.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["brug", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
