"""The chunked reader of GeoNames' large JSON object returns exactly what json.load returns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brug.registry.reference import iter_json_object_values

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=60, deadline=None)
@given(
    entries=st.dictionaries(st.text(min_size=1), values, max_size=12),
    chunk=st.integers(min_value=1, max_value=64),
    indent=st.sampled_from([None, 1]),
    ascii_only=st.booleans(),
)
def test_values_equal_json_load_whatever_the_chunk_size(
    tmp_path_factory: pytest.TempPathFactory,
    entries: dict[str, object],
    chunk: int,
    indent: int | None,
    ascii_only: bool,
) -> None:
    path = Path(tmp_path_factory.mktemp("json")) / "object.json"
    path.write_text(json.dumps(entries, indent=indent, ensure_ascii=ascii_only), encoding="utf-8")
    assert list(iter_json_object_values(path, chunk=chunk)) == list(entries.values())


def test_a_truncated_file_is_an_error_not_a_short_list(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    path.write_text('{"1": {"name": "Eeklo"}, "2": {"name": "Ge', encoding="utf-8")
    with pytest.raises(ValueError, match="not a complete JSON object"):
        list(iter_json_object_values(path, chunk=8))
