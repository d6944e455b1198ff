from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _base_template_urls(settings: Any) -> None:
    """base.html links to `registry:sources`; until the registry app has it, use a stub urlconf."""
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("registry:sources")
    except NoReverseMatch:
        settings.ROOT_URLCONF = "brug.innovet.tests.urlconf"
