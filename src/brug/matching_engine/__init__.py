"""Brug matching engine: pure-Python, Django-free placement algorithms.

Stable mode (learner-proposing deferred acceptance), coverage mode (maximum placements at
minimum total preference rank), reserved capacity, post-condition checks, explanations.
"""

from brug.matching_engine.checks import check_stable, check_valid, find_blocking_pairs
from brug.matching_engine.compare import compare
from brug.matching_engine.coverage import run_coverage
from brug.matching_engine.explain import (
    COVERAGE,
    FILLED,
    NO_CAPACITY,
    NOT_ACCEPTABLE,
    RESERVED,
    explain,
    explain_compact,
    render_en,
    render_nl,
)
from brug.matching_engine.io import parse_instance, result_to_dict
from brug.matching_engine.lottery import lottery_numbers
from brug.matching_engine.model import (
    Comparison,
    Explanation,
    Instance,
    InstanceError,
    LearnerSpec,
    OpeningSpec,
    ProgressCallback,
    Reason,
    Result,
    Stats,
)
from brug.matching_engine.stable import run_stable
from brug.matching_engine.stats import assigned_indices

__all__ = [
    "COVERAGE",
    "FILLED",
    "NOT_ACCEPTABLE",
    "NO_CAPACITY",
    "RESERVED",
    "Comparison",
    "Explanation",
    "Instance",
    "InstanceError",
    "LearnerSpec",
    "OpeningSpec",
    "ProgressCallback",
    "Reason",
    "Result",
    "Stats",
    "assigned_indices",
    "check_stable",
    "check_valid",
    "compare",
    "explain",
    "explain_compact",
    "find_blocking_pairs",
    "lottery_numbers",
    "parse_instance",
    "render_en",
    "render_nl",
    "result_to_dict",
    "run_coverage",
    "run_stable",
]
