"""Validation of Belgian identifiers, with reasons in Dutch and English."""

from __future__ import annotations

import re

from brug.core.errors import ServiceError
from brug.core.i18n import gettext_lazy

_ENTERPRISE_RE = re.compile(r"^[01]\d{9}$")


def normalise_enterprise_number(raw: str) -> str:
    """Return the 10-digit enterprise number (KBO/BCE) or raise ServiceError.

    Accepts `0123.456.749`, `BE0123456749`, `0123 456 749` and `123456749` (old 9-digit form).
    The last two digits are 97 minus the first eight modulo 97.
    """
    digits = re.sub(r"[\s.\-]", "", raw.strip().upper())
    if digits.startswith("BE"):
        digits = digits[2:]
    if len(digits) == 9 and digits.isdigit():
        digits = "0" + digits
    if not _ENTERPRISE_RE.match(digits):
        raise ServiceError(
            gettext_lazy(
                "Enterprise number '{raw}' is not of the form 0123.456.789 (10 digits starting with 0 or 1).",
                raw=raw,
            ),
            code="enterprise_number_format",
            field="enterprise_number",
        )
    if 97 - int(digits[:8]) % 97 != int(digits[8:]):
        raise ServiceError(
            gettext_lazy(
                "Enterprise number '{raw}' is invalid: its check digits (modulo 97) are wrong.",
                raw=raw,
            ),
            code="enterprise_number_checksum",
            field="enterprise_number",
        )
    return digits


def format_enterprise_number(digits: str) -> str:
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def enterprise_number_check_digits(first_eight: int) -> int:
    return 97 - first_eight % 97
