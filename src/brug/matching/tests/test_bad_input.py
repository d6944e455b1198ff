"""Issue 11 §2: the preferences endpoint bounds its ids and the length of a ranked list."""

from __future__ import annotations

import pytest

from brug.matching.api.serializers import MAX_PREFERENCES, PreferencesSetSerializer


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"round": 10**30, "openings": []}, "round"),
        ({"round": 1, "learner": -1, "openings": []}, "learner"),
        ({"round": 1, "openings": [10**30]}, "openings"),
        ({"round": 1, "openings": list(range(1, MAX_PREFERENCES + 2))}, "openings"),
    ],
    ids=["huge-round", "negative-learner", "huge-opening", "too-many-openings"],
)
def test_preferences_body_is_bounded(body: dict[str, object], field: str) -> None:
    data = PreferencesSetSerializer(data=body)
    assert not data.is_valid() and field in data.errors


def test_a_full_ranked_list_is_accepted() -> None:
    body = {"round": 1, "openings": list(range(1, MAX_PREFERENCES + 1))}
    assert PreferencesSetSerializer(data=body).is_valid()
