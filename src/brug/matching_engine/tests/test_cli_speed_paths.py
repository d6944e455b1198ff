"""`brug match` gives byte-identical output on the fast paths (orjson, whole-instance
compilation, int-backed assignment) and on the standard-library / learner-by-learner paths,
and the same output as before the speed work (issue 18): the digests below were taken with
the previous implementation on the same fixed-seed instances."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import pytest

from brug.matching_engine import cli, compiled, io

# sha256 of the previous implementation's stdout for _instance(seed) and the given mode.
BEFORE = {
    ("stable", 3): "e7cf215257819c750791677cf98d966f7cdf296555d53f43ff8abfcbc6b903f7",
    ("coverage", 3): "954500650fc63cb0b582242ae1c673673e9286334fa885c3803726b87da76b56",
    ("stable", 11): "581a208a6f15216e7ed37c497e0783715389587996ca3719a2ff9881079a1511",
}


def _instance(seed: int, learners: int = 1500, openings: int = 500) -> dict[str, object]:
    rng = random.Random(seed)
    opening_ids = [f"o-{k}" for k in range(openings)]
    weights = [1.0 / (k + 10) ** 0.8 for k in range(openings)]
    rows = []
    applicants: list[list[str]] = [[] for _ in range(openings)]
    for i in range(learners):
        picks = list(dict.fromkeys(rng.choices(range(openings), weights=weights, k=12)))[:6]
        lid = f"leerling-{i:05d}-é"
        for k in picks:
            applicants[k].append(lid)
        rows.append(
            {
                "id": lid,
                "preferences": [opening_ids[k] for k in picks],
                "support_need": rng.random() < 0.1,
            }
        )
    opening_rows: list[dict[str, object]] = []
    for k, oid in enumerate(opening_ids):
        row: dict[str, object] = {"id": oid, "capacity": rng.randint(0, 5)}
        if rng.random() < 0.2:
            pool = [a for a in applicants[k] if rng.random() < 0.9]
            rng.shuffle(pool)
            row["priority"] = pool
        opening_rows.append(row)
    return {"seed": seed, "reserve": {"share": 0.2}, "learners": rows, "openings": opening_rows}


def _run(path: Path, mode: str, capsysbinary: pytest.CaptureFixture[bytes]) -> bytes:
    assert cli.main([str(path), "--mode", mode]) == 0
    return capsysbinary.readouterr().out


@pytest.mark.parametrize(("mode", "seed"), sorted(BEFORE))
def test_fast_and_careful_paths_agree_and_match_the_previous_output(
    mode: str,
    seed: int,
    tmp_path: Path,
    capsysbinary: pytest.CaptureFixture[bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(_instance(seed), ensure_ascii=False), encoding="utf-8")
    fast = _run(path, mode, capsysbinary)
    assert hashlib.sha256(fast).hexdigest() == BEFORE[(mode, seed)]
    monkeypatch.setattr(io, "orjson", None)
    monkeypatch.setattr(compiled, "_compile_preferences", compiled._preferences_checked)
    careful = _run(path, mode, capsysbinary)
    assert careful == fast


def test_rejected_by_the_fast_codec_still_read_like_before(tmp_path: Path) -> None:
    """NaN and huge integers are accepted by the standard library only; the seed check then
    names them exactly as before."""
    path = tmp_path / "nan.json"
    path.write_text('{"learners": [], "openings": [], "seed": NaN}')
    with pytest.raises(io.InstanceError, match=r"seed: must be an integer, got NaN"):
        io.load_instance(path)
    path.write_text('{"learners": [], "openings": [], "seed": 123456789012345678901234567890}')
    assert io.load_instance(path).seed == 123456789012345678901234567890


def test_a_float_outside_the_safe_range_is_written_by_the_standard_library() -> None:
    payload: dict[str, object] = {"assignment": {"a": None}, "stats": {"share": 1e-05}}
    assert (
        io.dumps_result(payload)
        == (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode()
    )


def test_a_huge_capacity_is_an_integer_as_before(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text(
        '{"learners": [{"id": "a", "preferences": ["o"]}],'
        ' "openings": [{"id": "o", "capacity": 123456789012345678901234567890}]}'
    )
    assert io.load_instance(path).openings[0].capacity == 123456789012345678901234567890


def test_plain_blocking_pairs_equal_the_general_check() -> None:
    """Without reserved seats the inlined check finds the same pairs, in the same order, as
    the reserve-aware one (a coverage result has many)."""
    from brug.matching_engine import checks
    from brug.matching_engine.coverage import run_coverage
    from brug.matching_engine.lottery import lottery_numbers

    data = _instance(5, learners=600, openings=200)
    data["reserve"] = {"share": 0.0}
    instance = io.parse_instance(data)
    result = run_coverage(instance, 5)
    c = instance.compiled
    lottery = lottery_numbers(c.learner_ids, result.seed)
    assigned = checks._assigned_ints(c, result, [])
    views = checks.opening_views(c, lottery, assigned, 0.0)
    general = [
        (c.learner_ids[learner], c.opening_ids[opening])
        for learner, current in enumerate(assigned)
        for opening in c.preferences(learner)[
            : c.preferences(learner).index(current) if current >= 0 else None
        ]
        if (pos := checks.position(c, lottery, learner, opening)) is not None
        and views[opening].admits(pos, c.support[learner])
    ]
    assert general
    assert checks.find_blocking_pairs(instance, result) == general
