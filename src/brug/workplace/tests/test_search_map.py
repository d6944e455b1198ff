"""The workplace search shows its results on a map too: the same openings, no others, and a
bounded number of queries whatever the number of results."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from brug.workplace import models as m
from brug.workplace.tests import factories as f

pytestmark = pytest.mark.django_db


def _points(html: str) -> list[dict[str, Any]]:
    match = re.search(
        r'<script id="chart-points-[0-9a-f]+-points" type="application/json">(.*?)</script>',
        html,
        re.S,
    )
    assert match is not None
    return list(json.loads(match.group(1)))


def test_map_shows_the_same_openings_as_the_list() -> None:
    shown = f.OpeningFactory()
    hidden = f.OpeningFactory(workplace=f.RecognitionFactory(status=m.RecognitionStatus.SUSPENDED))
    html = Client().get(reverse("workplace:search"), {"kind": ""}).content.decode()
    points = _points(html)
    urls = {p["url"] for p in points}
    assert reverse("workplace:opening-detail", args=[shown.pk]) in urls
    assert reverse("workplace:opening-detail", args=[hidden.pk]) not in urls
    assert "data-brug-map=" in html and "brug/vendor/leaflet/leaflet.js" in html


def test_no_map_without_results() -> None:
    html = Client().get(reverse("workplace:search"), {"kind": "", "programme": ""}).content.decode()
    assert "data-brug-map=" not in html


def test_search_with_map_query_count_does_not_grow_with_results() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (2, 6):
        m.Opening.objects.all().delete()
        for _ in range(size):
            f.OpeningFactory()
        with CaptureQueriesContext(connection) as queries:
            html = Client().get(reverse("workplace:search"), {"kind": ""}).content.decode()
        assert len(_points(html)) == size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
