"""JSON parsing errors and the CLI (in-process and as ``python -m brug.matching_engine``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from brug.matching_engine import InstanceError, parse_instance, run_stable
from brug.matching_engine.cli import main

SRC = Path(__file__).resolve().parents[3]

GOOD: dict[str, Any] = {
    "seed": 42,
    "learners": [
        {"id": "l1", "preferences": ["o1", "o2"], "support_need": False},
        {"id": "l2", "preferences": ["o1"], "support_need": True},
        {"id": "l3", "preferences": ["o1", "o2"]},
    ],
    "openings": [
        {"id": "o1", "capacity": 1, "priority": ["l2", "l1"]},
        {"id": "o2", "capacity": 1},
    ],
    "reserve": {"share": 0.2},
}


def write(tmp_path: Path, data: object) -> str:
    path = tmp_path / "instance.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def with_change(path: list[Any], value: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(GOOD))
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


BAD = [
    (
        with_change(["openings", 1, "capacity"], -1),
        "openings[1].capacity: must be a non-negative integer, got -1",
    ),
    (
        with_change(["openings", 1, "capacity"], 1.5),
        "openings[1].capacity: must be a non-negative integer",
    ),
    (with_change(["openings", 1, "capacity"], True), "openings[1].capacity"),
    (with_change(["openings", 0, "capacity"], KeyError), "openings[0].capacity: missing field"),
    (
        with_change(["learners", 0, "preferences"], KeyError),
        "learners[0].preferences: missing field",
    ),
    (
        with_change(["learners", 2, "preferences"], ["o1", "o9"]),
        "learners[2].preferences[1]: unknown opening id 'o9'",
    ),
    (
        with_change(["learners", 2, "preferences"], ["o1", "o1"]),
        "learners[2].preferences[1]: duplicate entry 'o1'",
    ),
    (
        with_change(["openings", 0, "priority"], ["l2", "zz"]),
        "openings[0].priority[1]: unknown learner id 'zz'",
    ),
    (
        with_change(["openings", 0, "priority"], ["l2", "l2"]),
        "openings[0].priority[1]: duplicate entry",
    ),
    (with_change(["learners", 1, "id"], "l1"), "learners[1].id: duplicate learner id 'l1'"),
    (with_change(["openings", 1, "id"], "o1"), "openings[1].id: duplicate opening id 'o1'"),
    (with_change(["learners", 0, "support_need"], "yes"), "learners[0].support_need"),
    (with_change(["reserve", "share"], 2), "reserve.share: must be a number between 0 and 1"),
    (with_change(["seed"], "x"), "seed: must be an integer"),
    (with_change(["learners"], KeyError), "learners: missing field"),
    ([], "$: must be an object"),
]


@pytest.mark.parametrize(("data", "message"), BAD)
def test_parse_errors_have_paths(data: object, message: str) -> None:
    with pytest.raises(InstanceError) as excinfo:
        parse_instance(data)
    assert str(excinfo.value).startswith(message)
    assert excinfo.value.path == message.split(":")[0]


@pytest.mark.parametrize(("data", "message"), [*BAD, ("{not json", "invalid JSON")])
def test_cli_errors_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: object, message: str
) -> None:
    assert main([write(tmp_path, data)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("error: ")
    assert message in err


def test_cli_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "nope.json")]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.strip().endswith("nope.json: file not found")


def test_cli_bad_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["x.json", "--mode", "fancy"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1


def test_cli_stable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([write(tmp_path, GOOD)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["mode"] == "stable"
    assert out["seed"] == 42
    assert out["assignment"] == {"l1": "o2", "l2": "o1", "l3": None}
    assert out["stats"]["placed"] == 2
    assert out["stats"]["unplaced"] == 1
    assert set(out["stats"]) >= {"first_choice_share", "top3_share", "mean_rank", "rank_histogram"}
    assert out["comparison"] == {"blocking_pairs": 0}
    assert "explanations" not in out


def test_cli_seed_override_and_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([write(tmp_path, GOOD), "--seed", "7"]) == 0
    assert json.loads(capsys.readouterr().out)["seed"] == 7
    data = dict(GOOD)
    del data["seed"]
    assert main([write(tmp_path, data)]) == 0
    assert json.loads(capsys.readouterr().out)["seed"] == 0


def test_cli_coverage_explain(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([write(tmp_path, GOOD), "--mode", "coverage", "--explain"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["mode"] == "coverage"
    assert {"extra_placed", "blocking_pairs", "stable_placed"} <= set(out["comparison"])
    expl = out["explanations"]["l3"]
    assert expl["reasons"][0]["code"] == "not_acceptable"
    assert list(expl["messages"]) == ["nl", "en"]


def test_parse_round_trip_matches_api() -> None:
    instance = parse_instance(GOOD)
    assert instance.reserve_share == 0.2
    assert instance.learners[1].support_need is True
    assert dict(run_stable(instance).assignment) == {"l1": "o2", "l2": "o1", "l3": None}


def run_module(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "brug.matching_engine", *args],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(SRC), "PATH": ""},
        check=False,
    )


def test_subprocess_ok(tmp_path: Path) -> None:
    proc = run_module(write(tmp_path, GOOD), "--explain")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["assignment"]["l2"] == "o1"


def test_subprocess_error(tmp_path: Path) -> None:
    proc = run_module(write(tmp_path, with_change(["openings", 1, "capacity"], -1)))
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == "error: openings[1].capacity: must be a non-negative integer, got -1\n"
