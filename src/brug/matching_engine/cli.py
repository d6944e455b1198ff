"""``brug match INSTANCE.json [--mode stable|coverage] [--seed N] [--explain]``.

Writes the result as JSON to stdout. Any input problem prints one line
``error: <path>: <message>`` on stderr and returns 2, with nothing on stdout.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys

from brug.matching_engine.checks import find_blocking_pairs
from brug.matching_engine.compare import comparison_of
from brug.matching_engine.coverage import run_coverage
from brug.matching_engine.explain import explain
from brug.matching_engine.io import (
    comparison_to_dict,
    dumps_result,
    load_instance,
    result_to_dict,
)
from brug.matching_engine.model import InstanceError
from brug.matching_engine.stable import run_stable


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="brug match", description="Match learners to openings.")
    parser.add_argument("instance", help="instance JSON file")
    parser.add_argument("--mode", choices=("stable", "coverage"), default="stable")
    parser.add_argument("--seed", type=int, default=None, help="overrides the file's seed")
    parser.add_argument("--explain", action="store_true", help="add per-learner explanations")
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    except _UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    # One short-lived run builds millions of small objects and frees nothing cyclic: the
    # cyclic garbage collector would only re-scan them again and again.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(args)
    finally:
        if gc_was_enabled:
            gc.enable()


def _run(args: argparse.Namespace) -> int:
    try:
        instance = load_instance(args.instance)
    except InstanceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    stable = run_stable(instance, args.seed)
    if args.mode == "stable":
        result = stable
        comparison: dict[str, object] = {
            "blocking_pairs": len(find_blocking_pairs(instance, stable))
        }
    else:
        result = run_coverage(instance, stable.seed)
        comparison = comparison_to_dict(comparison_of(instance, stable, result))
    explanations = explain(instance, result) if args.explain else None
    payload = result_to_dict(result, comparison=comparison, explanations=explanations)
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(dumps_result(payload))
        sys.stdout.buffer.flush()
    except BrokenPipeError:  # e.g. piped into ``head``: not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return 0
