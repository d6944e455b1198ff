"""The API documentation is served locally: no CDN, nothing fetched at run time."""

from __future__ import annotations

import re

import pytest


@pytest.mark.django_db
def test_api_docs_load_nothing_from_outside(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/docs/")
    assert response.status_code == 200
    external = re.findall(r"""(?:src|href)=["'](https?://[^"']+)""", response.content.decode())
    assert external == []


@pytest.mark.django_db
def test_schema_is_served(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"openapi: 3" in response.content
