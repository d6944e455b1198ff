"""Deterministic synthetic instances with realistic skew (a few very popular openings)."""

from __future__ import annotations

import random

from brug.matching_engine.model import Instance, LearnerSpec, OpeningSpec


def generate(
    learners: int,
    openings: int,
    prefs: int = 10,
    *,
    seed: int = 1,
    priority_share: float = 0.1,
    support_share: float = 0.0,
    reserve_share: float = 0.0,
) -> Instance:
    """Zipf-like popularity: opening ``k`` is drawn with weight ``1 / (k + 10) ** 0.8``.

    Capacities are 1-5 (mean 3), so seats exceed learners for the default 5:2 ratio, but
    popular openings are heavily over-demanded. A ``priority_share`` of openings carries an
    explicit priority list (a shuffle of a random superset-ish sample of its applicants).
    """
    rng = random.Random(seed)
    opening_ids = [f"o{k}" for k in range(openings)]
    weights = [1.0 / (k + 10) ** 0.8 for k in range(openings)]
    cum: list[float] = []
    acc = 0.0
    for w in weights:
        acc += w
        cum.append(acc)
    draw = rng.choices
    learner_specs = []
    applicants: list[list[str]] = [[] for _ in range(openings)]
    for i in range(learners):
        chosen: dict[int, None] = {}
        while len(chosen) < min(prefs, openings):
            for k in draw(range(openings), cum_weights=cum, k=prefs):
                chosen.setdefault(k, None)
        picks = list(chosen)[:prefs]
        lid = f"l{i}"
        for k in picks:
            applicants[k].append(lid)
        learner_specs.append(
            LearnerSpec(lid, tuple(opening_ids[k] for k in picks), rng.random() < support_share)
        )
    opening_specs = []
    for k in range(openings):
        cap = rng.randint(1, 5)
        priority = None
        if rng.random() < priority_share:
            pool = [a for a in applicants[k] if rng.random() < 0.9]
            rng.shuffle(pool)
            priority = tuple(pool)
        opening_specs.append(OpeningSpec(opening_ids[k], cap, priority))
    return Instance(tuple(learner_specs), tuple(opening_specs), seed, reserve_share)
