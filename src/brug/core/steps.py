"""Run a list of independent operator steps: each is reported, a failure does not stop the rest.

`brug daily` (the daily commands) and `brug figures-refresh` (the figures' warmers) both run a
list of steps that do not depend on each other. One rule for both: every step runs, its time is
reported, a failed step is reported with its error and the others still run, and the caller
turns the returned failures into a non-zero exit status.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Protocol


class _Writer(Protocol):
    def write(self, msg: str, /) -> object: ...


def steps_run(
    steps: Iterable[tuple[str, Callable[[], object]]],
    *,
    stdout: _Writer,
    stderr: _Writer,
    announce: bool = False,
) -> list[str]:
    """Run each `(name, step)` in order; return the names of the steps that raised.

    With `announce`, each step's name is written before it runs (for steps that write output of
    their own); the time taken is written after it.
    """
    failed: list[str] = []
    for name, step in steps:
        if announce:
            stdout.write(f"== {name}\n")
        started = time.perf_counter()
        try:
            step()
        except Exception as exc:  # report this step and go on with the next one
            failed.append(name)
            stderr.write(f"{name}: failed: {type(exc).__name__}: {exc}\n")
            continue
        stdout.write(f"{name}: done in {time.perf_counter() - started:.2f} s\n")
    return failed
