"""The demo data framework: deterministic, seeded, shaped by the seeds' figures, labelled as demo.

Each app contributes steps in `brug/<app>/demo.py` with `@demo_step(order, "name")`; the
`brug demo-data --scale small|flanders|netherlands --seed N` command runs them in order.
Every step draws from its own `ctx.rng_for(name)`, so one app's change never reshuffles another's.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

DEMO_PASSWORD = "brug-demo"  # noqa: S105 — demo logins only; production has no demo data


@dataclass(frozen=True)
class Scale:
    name: str
    schools: int
    companies: int
    learners: int
    offers: int
    teachers_per_school: int


SCALES: dict[str, Scale] = {
    # small: tests and `make demo` (loads in seconds)
    "small": Scale(
        "small", schools=24, companies=150, learners=600, offers=200, teachers_per_school=3
    ),
    # flanders: tens of thousands of learners, ~15,000 companies
    "flanders": Scale(
        "flanders",
        schools=900,
        companies=15_000,
        learners=45_000,
        offers=5_000,
        teachers_per_school=6,
    ),
    # netherlands: a country the size of SBB's register
    "netherlands": Scale(
        "netherlands",
        schools=3_000,
        companies=190_000,
        learners=500_000,
        offers=20_000,
        teachers_per_school=6,
    ),
}


@dataclass
class DemoContext:
    scale: Scale
    seed: int
    progress: Callable[[str, int, int], None] = lambda step, done, total: None
    counts: Counter[str] = field(default_factory=Counter)
    # Shared between steps: e.g. "demo_users" -> {role: User}, "schools" -> [Organisation], ...
    shared: dict[str, Any] = field(default_factory=dict)

    def rng_for(self, step: str) -> random.Random:
        return random.Random(f"{self.seed}:{step}")


StepFn = Callable[[DemoContext], None]


@dataclass(frozen=True)
class Step:
    order: int
    name: str
    fn: StepFn


_STEPS: dict[str, Step] = {}


def demo_step(order: int, name: str) -> Callable[[StepFn], StepFn]:
    def register(fn: StepFn) -> StepFn:
        _STEPS[name] = Step(order, name, fn)
        return fn

    return register


def steps() -> list[Step]:
    return sorted(_STEPS.values(), key=lambda s: (s.order, s.name))
