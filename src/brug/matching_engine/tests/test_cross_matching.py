"""Cross-check stable mode against the ``matching`` package (resident-optimal HR)."""

from __future__ import annotations

import random
import warnings

import pytest
from matching.games import HospitalResident

from brug.matching_engine import Instance, LearnerSpec, OpeningSpec, run_stable
from brug.matching_engine.lottery import lottery_numbers


def random_instance(rng: random.Random, n: int, m: int) -> Instance:
    oids = [f"o{j}" for j in range(m)]
    lids = [f"l{i}" for i in range(n)]
    learners = [
        LearnerSpec(lid, tuple(rng.sample(oids, rng.randint(0, min(5, m))))) for lid in lids
    ]
    openings = []
    for oid in oids:
        priority = None
        if rng.random() < 0.4:
            priority = tuple(rng.sample(lids, rng.randint(0, n)))
        openings.append(OpeningSpec(oid, rng.randint(0, 4), priority))
    return Instance(tuple(learners), tuple(openings), rng.randint(0, 10**6))


def solve_with_matching(instance: Instance, seed: int) -> dict[str, str | None]:
    """Build a game in which both sides see the same strict priorities and solve it."""
    lids = [lr.id for lr in instance.learners]
    lottery = dict(zip(lids, lottery_numbers(lids, seed), strict=True))
    openings = {o.id: o for o in instance.openings}

    def acceptable(lid: str, oid: str) -> bool:
        o = openings[oid]
        return o.capacity > 0 and (o.priority is None or lid in o.priority)

    resident_prefs = {
        lr.id: [oid for oid in lr.preferences if acceptable(lr.id, oid)] for lr in instance.learners
    }
    resident_prefs = {lid: prefs for lid, prefs in resident_prefs.items() if prefs}
    hospital_prefs: dict[str, list[str]] = {}
    for oid, o in openings.items():
        applicants = [lid for lid, prefs in resident_prefs.items() if oid in prefs]
        if not applicants:
            continue
        if o.priority is None:
            applicants.sort(key=lottery.__getitem__)
        else:
            applicants.sort(key=o.priority.index)
        hospital_prefs[oid] = applicants
    out: dict[str, str | None] = dict.fromkeys(lids)
    if not resident_prefs:
        return out
    capacities = {oid: openings[oid].capacity for oid in hospital_prefs}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
        matching = game.solve(optimal="resident")
        assert game.check_validity()
        assert game.check_stability()
    for hospital, residents in matching.items():
        for resident in residents:
            out[resident.name] = hospital.name
    return out


@pytest.mark.parametrize("case", range(150))
def test_identical_to_matching_package(case: int) -> None:
    rng = random.Random(case)
    instance = random_instance(rng, rng.randint(1, 40), rng.randint(1, 15))
    result = run_stable(instance)
    assert dict(result.assignment) == solve_with_matching(instance, result.seed)
