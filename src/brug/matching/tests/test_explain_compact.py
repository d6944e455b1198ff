"""The preview keeps explanations positionally; publishing reads back exactly the engine's."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from brug.matching.explain import result_reasons, round_details
from brug.matching_engine import (
    Instance,
    LearnerSpec,
    OpeningSpec,
    explain,
    run_coverage,
    run_stable,
)


@st.composite
def numeric_instances(draw: st.DrawFn) -> Instance:
    """Like a round's: ids are database pks as strings; priorities, reserves, capacity 0."""
    n = draw(st.integers(0, 7))
    m = draw(st.integers(1, 4))
    lids = [str(100 + i) for i in range(n)]
    oids = [str(900 + j) for j in range(m)]
    learners = [
        LearnerSpec(
            lid,
            tuple(draw(st.permutations(oids))[: draw(st.integers(0, m))]),
            draw(st.booleans()),
        )
        for lid in lids
    ]
    openings = []
    for oid in oids:
        priority = None
        if draw(st.booleans()):
            priority = tuple(draw(st.permutations(lids))[: draw(st.integers(0, n))])
        openings.append(OpeningSpec(oid, draw(st.integers(0, 3)), priority))
    share = draw(st.sampled_from([0.0, 0.34, 1.0]))
    return Instance(tuple(learners), tuple(openings), draw(st.integers(0, 2**31)), share)


@settings(max_examples=150, deadline=None)
@given(numeric_instances(), st.sampled_from([run_stable, run_coverage]))
def test_compact_details_read_back_as_the_engines_reasons(instance: Instance, run: object) -> None:
    result = run(instance)  # type: ignore[operator]
    details = round_details(instance, result)
    for learner, explanation in explain(instance, result).items():
        lottery, rank, _rows = details[learner]
        assert lottery == explanation.lottery_number
        assert rank == (explanation.assigned_rank or 0)
        assert result_reasons(details[learner]) == [
            [int(r.opening), r.preference_rank, r.code, dict(r.params)] for r in explanation.reasons
        ]


def test_a_preview_computed_before_compaction_still_publishes_its_reasons() -> None:
    params = {"lottery_number": 12, "position": 4, "cutoff_position": 3, "priority_list": 0}
    old = [12, 0, [[7, 1, "filled_by_higher_priority", params], [8, 2, "not_acceptable", {}]]]
    assert result_reasons(old) == [
        [7, 1, "filled_by_higher_priority", params],
        [8, 2, "not_acceptable", {}],
    ]
