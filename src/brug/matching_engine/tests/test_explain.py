"""Explanations: codes, positions, no identities, Dutch and English."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from brug.matching_engine import (
    Instance,
    LearnerSpec,
    OpeningSpec,
    explain,
    explain_compact,
    lottery_numbers,
    render_en,
    render_nl,
    run_coverage,
    run_stable,
)
from brug.matching_engine.tests.helpers import instances

NUMBERS = ("position", "cutoff_position", "priority_list")


def test_filled_and_not_acceptable() -> None:
    instance = Instance.build(
        [
            LearnerSpec("ann", ("x", "y", "z")),
            LearnerSpec("bob", ("x",)),
            LearnerSpec("cas", ("x",)),
        ],
        [
            OpeningSpec("x", 2, ("bob", "cas", "ann")),
            OpeningSpec("y", 1, ("bob",)),
            OpeningSpec("z", 1),
        ],
    )
    result = run_stable(instance, seed=1)
    expl = explain(instance, result)["ann"]
    assert expl.assigned == "z"
    assert expl.assigned_rank == 3
    assert expl.lottery_number == lottery_numbers(["ann", "bob", "cas"], 1)[0]
    first, second = expl.reasons
    assert first.code == "filled_by_higher_priority"
    assert first.params["position"] == 3
    assert first.params["cutoff_position"] == 2
    assert second.code == "not_acceptable"
    nl, en = render_nl(first), render_en(first)
    assert "voorrangspositie 2; de jouwe was 3" in nl
    assert "the last admitted applicant had priority position 2; yours was 3" in en.lower()
    for text in (nl, en, render_nl(second), render_en(second)):
        assert "bob" not in text
        assert "cas" not in text
    assert explain(instance, result)["bob"].reasons == ()


def test_reserved_reason() -> None:
    learners = [LearnerSpec(f"r{i}", ("x",)) for i in range(5)] + [
        LearnerSpec("s", ("x",), support_need=True)
    ]
    openings = [OpeningSpec("x", 5, tuple(lr.id for lr in learners))]
    instance = Instance.build(learners, openings, reserve_share=0.2)
    result = run_stable(instance)
    reason = explain(instance, result)["r4"].reasons[0]
    assert reason.code == "reserved_for_support_need"
    assert "ondersteuningsnood" in render_nl(reason)
    assert "reserved for learners with a support need" in render_en(reason)


def test_coverage_tradeoff_reason() -> None:
    instance = Instance.build(
        [LearnerSpec("a", ("x",)), LearnerSpec("b", ("x", "y"))],
        [OpeningSpec("x", 1, ("b", "a")), OpeningSpec("y", 1)],
    )
    result = run_coverage(instance)
    reason = explain(instance, result)["b"].reasons[0]
    assert reason.code == "coverage_tradeoff"


@settings(max_examples=200, deadline=None)
@given(
    instances(max_learners=12, max_openings=5, max_prefs=4),
    st.sampled_from(["stable", "coverage"]),
)
def test_compact_form_holds_the_same_reasons(instance: Instance, mode: str) -> None:
    """`explain_compact` is `explain` written positionally: same lottery numbers, ranks,
    codes and numbers, params in the order position, cutoff_position, priority_list."""
    result = (run_stable if mode == "stable" else run_coverage)(instance)
    keys = [f"key-{oid}" for oid in instance.compiled.opening_ids]
    index = instance.compiled.opening_index
    compact = explain_compact(instance, result, keys)
    full = explain(instance, result)
    assert list(compact) == list(full)
    for lid, e in full.items():
        rows = [
            [
                keys[index[r.opening]],
                r.preference_rank,
                r.code,
                *(r.params[k] for k in NUMBERS if k in r.params),
            ]
            for r in e.reasons
        ]
        assert compact[lid] == [e.lottery_number, e.assigned_rank or 0, rows]
    # without keys the rows name the openings by their ids
    ids = dict(zip(keys, instance.compiled.opening_ids, strict=True))
    assert explain_compact(instance, result) == {
        lid: [n, rank, [[ids[row[0]], *row[1:]] for row in rows]]
        for lid, (n, rank, rows) in compact.items()
    }
