"""The public front door's figures: the public shortage radar and the headline open figures,
both built only from the disclosure-controlled open figures."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from brug.accounts.tests.factories import user_with_role
from brug.monitoring import selectors
from brug.registry.tests import factories as rf
from brug.workplace.tests import factories as wf

pytestmark = pytest.mark.django_db


def test_public_radar_is_open_and_suppresses_small_cells(world) -> None:  # type: ignore[no-untyped-def]
    response = Client().get(reverse("monitoring:shortage-public"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ruwbouw duaal" in html and "Tekortenradar" in html
    # Every learner figure of the small world is suppressed: x, and no gap computed from it.
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert ">x<" in body.replace(" ", "")
    # Nothing of the full radar: no sector fund, no RTC, no drill-down, no pseudonym.
    assert "Constructiv" not in body and "RTC Antwerpen" not in body
    assert "L-" not in html
    assert reverse("monitoring:shortage-detail", args=[world.x.pk, world.p1.pk]) not in html


def test_public_radar_gap_uses_only_published_figures(world) -> None:  # type: ignore[no-untyped-def]
    data = selectors.open_data(on=date.today(), k=1)
    rows = selectors.public_shortage(data)
    for row in rows:
        if row.gap is not None:
            assert row.without_place is not None and row.free_places is not None
            assert row.gap == row.without_place - row.free_places
    gaps = [r.gap for r in rows if r.gap is not None]
    assert gaps == sorted(gaps, reverse=True)
    suppressed = selectors.public_shortage(selectors.open_data(on=date.today()))
    assert all(r.gap is None for r in suppressed if r.without_place is None)


def test_signed_in_people_without_the_radar_read_the_public_one(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user_with_role("teacher"))
    assert client.get(reverse("monitoring:shortage-public")).status_code == 200
    assert client.get(reverse("monitoring:shortage")).status_code == 403


def test_front_door_has_both_searches_figures_and_what_organisations_can_do(world) -> None:  # type: ignore[no-untyped-def]
    html = Client().get("/").content.decode()
    assert 'action="/werkplekleren/zoeken/"' in html and 'action="/innovet/"' in html
    assert "Ruwbouw duaal" in html  # a programme with a published opening to choose
    assert "Open cijfers werkplekleren" in html
    assert reverse("monitoring:shortage-public") in html
    assert "Wat uw organisatie kan doen in Brug" in html
    assert "L-" not in html  # nothing about learners
    signed_in = Client()
    signed_in.force_login(user_with_role("guide"))
    assert "Een leerwerkplek zoeken" not in signed_in.get("/").content.decode()


def test_public_radar_queries_do_not_grow_with_the_rows(world) -> None:  # type: ignore[no-untyped-def]
    counts = []
    for extra in (0, 30):
        for _ in range(extra):
            wf.LearnerFactory(
                programme=rf.ProgrammeFactory(is_dual=True),
                home_municipality=rf.MunicipalityFactory(province=world.p1),
                school=world.school,
            )
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(reverse("monitoring:shortage-public")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
