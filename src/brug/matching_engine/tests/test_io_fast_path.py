"""The one-pass parse of a well-formed file gives what the careful, field-by-field parse gives,
and any malformed file still gets the careful parse's error with its field path."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from brug.matching_engine import io
from brug.matching_engine.model import InstanceError

ids = st.sampled_from(["a", "b", "c", "o1", "o2", ""]) | st.integers(0, 2) | st.none()
id_lists = st.lists(ids, max_size=4) | ids
learner = st.fixed_dictionaries(
    {"id": ids, "preferences": id_lists},
    optional={"support_need": st.booleans() | st.integers(0, 1) | st.none()},
)
opening = st.fixed_dictionaries(
    {"id": ids, "capacity": st.integers(-1, 3) | st.booleans() | st.floats(0, 2) | st.none()},
    optional={"priority": id_lists | st.none()},
)
items = st.lists(learner | ids, max_size=4)
documents = st.fixed_dictionaries(
    {"learners": st.lists(learner, max_size=4) | items, "openings": st.lists(opening, max_size=4)}
)


def _careful(data: dict[str, Any]) -> Any:
    learners = [io._learner(x, f"learners[{i}]") for i, x in enumerate(data["learners"])]
    openings = [io._opening(x, f"openings[{i}]") for i, x in enumerate(data["openings"])]
    return learners, openings


def _outcome(fn: Any, data: dict[str, Any]) -> Any:
    try:
        return ("ok", fn(data))
    except InstanceError as exc:
        return ("error", str(exc))


@settings(max_examples=400, deadline=None)
@given(documents)
def test_fast_parse_equals_careful_parse(data: dict[str, Any]) -> None:
    careful = _outcome(_careful, data)
    fast_learners = io._learners_fast(data["learners"])
    fast_openings = io._openings_fast(data["openings"])
    if careful[0] == "ok":
        learners, openings = careful[1]
        # A well-formed document never needs the careful path, and both agree.
        assert fast_learners == learners
        assert fast_openings == openings
    else:
        # Whatever was malformed, the fast path declined the part the careful path refused.
        assert fast_learners is None or fast_openings is None
        full = _outcome(io.parse_instance, data)
        assert full[0] == "error"
        # The document-level error is the careful path's (or a later reference check).
        assert full[1] == careful[1] or careful[1] in full[1]
