"""`steps_run`: the one "run each, report, go on" loop of `brug daily` and `brug figures-refresh`."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from brug.core import caching


def test_every_step_runs_and_failures_are_reported_in_order() -> None:
    from brug.core.steps import steps_run

    ran: list[str] = []

    def fail() -> None:
        ran.append("b")
        raise ValueError("no database")

    out, err = io.StringIO(), io.StringIO()
    failed = steps_run(
        [("a", lambda: ran.append("a")), ("b", fail), ("c", lambda: ran.append("c"))],
        stdout=out,
        stderr=err,
        announce=True,
    )
    assert ran == ["a", "b", "c"]  # the step after the failure still ran
    assert failed == ["b"]
    assert "b: failed: ValueError: no database" in err.getvalue()
    lines = out.getvalue().splitlines()
    assert lines[0] == "== a" and lines[1].startswith("a: done in ")
    assert not any(line.startswith("b: done") for line in lines)


@pytest.mark.django_db
def test_a_failing_warmer_fails_the_refresh_but_the_others_run(
    monkeypatch: pytest.MonkeyPatch, settings: object
) -> None:
    ran: list[str] = []

    def broken() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(
        caching, "warmers", lambda: {"a-broken": broken, "b-fine": lambda: ran.append("b")}
    )
    settings.BRUG_FIGURES_CACHE_SECONDS = 300  # type: ignore[attr-defined]
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 of the figures failed: a-broken"):
        call_command("figures_refresh", stdout=io.StringIO(), stderr=err)
    assert ran == ["b"]
    assert "a-broken: failed: RuntimeError: boom" in err.getvalue()
