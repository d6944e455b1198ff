"""Enterprise numbers: format and the modulo-97 check digits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brug.core.errors import ServiceError
from brug.registry.validators import (
    enterprise_number_check_digits,
    format_enterprise_number,
    normalise_enterprise_number,
)

first_eight = st.integers(min_value=0, max_value=19_999_999)


def _number(base: int) -> str:
    return f"{base:08d}{enterprise_number_check_digits(base):02d}"


@given(first_eight)
def test_numbers_made_with_the_check_digit_function_always_pass(base: int) -> None:
    number = _number(base)
    assert normalise_enterprise_number(number) == number
    assert normalise_enterprise_number(format_enterprise_number(number)) == number
    assert normalise_enterprise_number("BE" + number) == number


@given(first_eight, st.integers(min_value=0, max_value=9), st.integers(min_value=1, max_value=9))
def test_any_single_digit_change_fails(base: int, position: int, delta: int) -> None:
    number = _number(base)
    digits = list(number)
    digits[position] = str((int(digits[position]) + delta) % 10)
    changed = "".join(digits)
    with pytest.raises(ServiceError) as caught:
        normalise_enterprise_number(changed)
    assert caught.value.field == "enterprise_number"
    assert caught.value.text.resolve("nl") and caught.value.text.resolve("en")


@pytest.mark.parametrize("raw", ["", "abc", "2123456789", "01234567890", "0123.456.7890.1"])
def test_malformed_numbers_are_refused_with_a_bilingual_reason(raw: str) -> None:
    with pytest.raises(ServiceError) as caught:
        normalise_enterprise_number(raw)
    assert caught.value.code == "enterprise_number_format"
    assert "0123.456.789" in caught.value.text.resolve(
        "nl"
    ) and "0123.456.789" in caught.value.text.resolve("en")
