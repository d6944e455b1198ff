from __future__ import annotations

import pytest

from brug.registry.reference import LoadReport, load_reference


@pytest.fixture
def reference(db) -> LoadReport:  # type: ignore[no-untyped-def]
    """The real reference lists (REFNIS 2025, GeoNames, CSV data), loaded into the test database."""
    return load_reference()


@pytest.fixture
def admin_user(db):  # type: ignore[no-untyped-def]
    from brug.accounts.tests.factories import user_with_role

    return user_with_role("platform_admin")
