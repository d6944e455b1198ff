"""The shortage radar on a hand-computed world (tests/conftest.py).

Programme X in Antwerpen: learners needing a place l1 (placed), l2, l3 (start-up phase), l5
(ended early), l6 (placement in an earlier school year) = 5, placed 1, without 4; l4 is not
willing. Capacity: o1 only (3, filled 1 → 2 free); the draft opening, the expired recognition
and the ended opening do not count. Gap 4 − 2 = 2. X in Limburg: 1 learner, 2 free, gap −1.
Z in Antwerpen: 1 learner, no capacity, no sector known, gap 1. Y (finality D) never appears.
"""

from __future__ import annotations

from datetime import date

import pytest

from brug.accounts.tests.factories import user_with_role
from brug.core.errors import NotAllowed
from brug.core.metrics import MetricScope
from brug.monitoring import figures, metrics, selectors
from brug.monitoring.figures import Filters
from brug.registry.tests import factories as rf
from brug.workplace.models import PlacementKind

TODAY = date.today()


def _cells(rows: list[figures.ShortageRow]) -> list[tuple]:
    return [
        (
            r.programme,
            r.area,
            r.learners,
            r.placed,
            r.without_place,
            r.capacity,
            r.filled,
            r.free,
            r.gap,
        )
        for r in rows
    ]


def test_shortage_numbers_are_exactly_right(world) -> None:
    rows = figures.shortage_table(on=TODAY)
    assert _cells(rows) == [
        ("Ruwbouw duaal", "Antwerpen", 5, 1, 4, 3, 1, 2, 2),
        ("Schilderwerk", "Antwerpen", 1, 0, 1, 0, 0, 0, 1),
        ("Ruwbouw duaal", "Limburg", 1, 0, 1, 2, 0, 2, -1),
    ]
    top = rows[0]
    assert top.sectors == ["Bouw"]
    assert top.sector_funds == ["Constructiv"]
    assert top.brokers == ["RTC Antwerpen"]
    assert rows[1].sectors == [] and rows[1].sector_funds == []
    assert rows[2].brokers == []


def test_filters_and_kind(world) -> None:
    only_x = figures.shortage_table(on=TODAY, filters=Filters(programme_id=world.x.pk))
    assert {r.programme for r in only_x} == {"Ruwbouw duaal"}
    limburg = figures.shortage_table(on=TODAY, filters=Filters(province_id=world.p2.pk))
    assert _cells(limburg) == [("Ruwbouw duaal", "Limburg", 1, 0, 1, 2, 0, 2, -1)]
    internships = figures.shortage_table(on=TODAY, filters=Filters(kind=PlacementKind.INTERNSHIP))
    x_antwerp = next(
        r for r in internships if r.programme == "Ruwbouw duaal" and r.area == "Antwerpen"
    )
    # No internship places and l1's dual placement does not count for internships.
    assert (x_antwerp.learners, x_antwerp.placed, x_antwerp.free, x_antwerp.gap) == (5, 0, 0, 5)
    dual = figures.shortage_table(on=TODAY, filters=Filters(kind=PlacementKind.DUAL))
    assert {r.programme for r in dual} == {"Ruwbouw duaal"}  # Z is not a dual programme


def test_rtc_regions_group_provinces(world) -> None:
    rows = figures.shortage_table(on=TODAY, by="rtc")
    x_rtc = next(r for r in rows if r.programme == "Ruwbouw duaal" and r.area == "RTC Antwerpen")
    assert (x_rtc.learners, x_rtc.placed, x_rtc.free, x_rtc.gap) == (5, 1, 2, 2)
    assert x_rtc.province_ids == (world.p1.pk,)
    assert any(r.area == "Limburg" for r in rows)  # no RTC region: the province stays


def test_metrics_match_the_same_definitions(world) -> None:
    scope = MetricScope(start=figures.school_year(TODAY)[0], end=TODAY)
    assert metrics.learners_without_place(scope) == 6
    assert metrics.learners_placed(scope) == 1
    assert metrics.placement_rate(scope) == pytest.approx(100 / 7)
    assert metrics.recognised_workplaces(scope) == 2
    assert metrics.open_places(scope) == 4
    assert metrics.early_ends(scope) == 1
    in_limburg = MetricScope(start=scope.start, end=TODAY, province_ids=(world.p2.pk,))
    assert metrics.learners_without_place(in_limburg) == 1
    in_sector = MetricScope(start=scope.start, end=TODAY, sector_ids=(world.sector.pk,))
    assert metrics.learners_without_place(in_sector) == 5  # X only; Z has no sector


def test_each_role_sees_its_scope(world) -> None:
    admin = user_with_role("department_work")
    assert len(selectors.shortage_visible_to(admin, on=TODAY)) == 3
    consultant = user_with_role("consultant", organisation=world.fund)
    assert {r.programme for r in selectors.shortage_visible_to(consultant, on=TODAY)} == {
        "Ruwbouw duaal"
    }
    rtc = user_with_role("rtc_staff", organisation=world.rtc)
    assert {r.area for r in selectors.shortage_visible_to(rtc, on=TODAY)} == {"Antwerpen"}
    for role in ("company_contact", "guide", "teacher", "learner", "reviewer", "public"):
        assert selectors.shortage_visible_to(user_with_role(role), on=TODAY) == [], role
    other_consultant = user_with_role("consultant")
    assert selectors.shortage_visible_to(other_consultant, on=TODAY) == []


def test_drill_down_counts_per_school_and_respects_scope(world) -> None:
    consultant = user_with_role("consultant", organisation=world.fund)
    detail = selectors.shortage_detail_for(
        consultant, on=TODAY, programme_id=world.x.pk, province_id=world.p1.pk
    )
    assert detail is not None
    assert [s["n"] for s in detail.schools] == [4]
    assert sum(m["n"] for m in detail.municipalities) == 4
    # Openings go through the workplace policy; published ones at recognised workplaces are
    # public, so everyone who may drill down sees them.
    assert [o.pk for o in detail.openings] == [world.o1.pk] and detail.openings_hidden == 0
    work = user_with_role("department_work")
    detail = selectors.shortage_detail_for(
        work, on=TODAY, programme_id=world.x.pk, province_id=world.p1.pk
    )
    assert [o.pk for o in detail.openings] == [world.o1.pk]
    limburg = rf.RTCRegionFactory(code="rtc-limburg", name="RTC Limburg")
    limburg.provinces.set([world.p2])
    rtc_limburg = rf.OrganisationFactory(kind="rtc", rtc_region=limburg)
    with pytest.raises(NotAllowed):
        selectors.shortage_detail_for(
            user_with_role("rtc_staff", organisation=rtc_limburg),
            on=TODAY,
            programme_id=world.x.pk,
            province_id=world.p1.pk,
        )
    with pytest.raises(NotAllowed):
        selectors.shortage_detail_for(
            user_with_role("company_contact"),
            on=TODAY,
            programme_id=world.x.pk,
            province_id=world.p1.pk,
        )


def test_responsible_sectors_and_consultants_come_from_the_programme_mapping(world) -> None:
    """Issue 17 §4: the radar names the programme's responsible sector (reference mapping), its
    partnership, fund and consultants; recognitions only fill in for an unmapped programme."""
    from brug.registry import models as rm
    from brug.workplace.tests import factories as wf

    hout = rf.SectorFactory(name="Hout")
    woodwize = rf.OrganisationFactory(
        kind=rm.OrganisationKind.SECTOR_FUND, name="Woodwize", sectors=[hout]
    )
    wf.PartnershipFactory(name="Partnerschap hout", sectors=[hout])
    consultant = user_with_role("consultant", organisation=woodwize)
    consultant.first_name, consultant.last_name = "An", "Peeters"
    consultant.save()
    before = {r.programme: r for r in figures.shortage_table(on=TODAY)}
    assert before["Ruwbouw duaal"].sectors == ["Bouw"]  # from its recognitions ...
    assert not before["Ruwbouw duaal"].from_mapping  # ... and marked so
    assert before["Schilderwerk"].sectors == []
    world.x.sectors.set([hout])  # the mapping wins over who happened to recognise
    world.z.sectors.set([hout])
    rows = figures.shortage_table(on=TODAY)
    for row in rows:
        assert row.sectors == ["Hout"] and row.from_mapping
        assert row.sector_funds == ["Woodwize"]
        assert row.partnerships == ["Partnerschap hout"]
        assert row.consultants == ["An Peeters"]


def test_the_radar_is_paged_with_a_bounded_number_of_queries(world, client, monkeypatch) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from brug.monitoring import views

    client.force_login(user_with_role("department_work"))
    counts = []
    for size, pages in ((1, 3), (2, 2)):
        monkeypatch.setattr(views, "SHORTAGE_PAGE_SIZE", size)
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/cijfers/tekorten/").content.decode()
        counts.append(len(queries))
        table = _radar_rows(html)
        assert table.count('<th scope="row">') == size
        assert f"Pagina 1 / {pages}" in html
        assert 'role="region" tabindex="0" aria-labelledby=' in html
    assert counts[0] == counts[1], counts
    last = client.get("/cijfers/tekorten/?page=2").content.decode()
    assert _radar_rows(last).count('<th scope="row">') == 1


def _radar_rows(html: str) -> str:
    """The body of the radar's own table (the map above it has a table of its own)."""
    start = html.index("<tbody>", html.index("Tekort per opleiding"))
    return html[start : html.index("</tbody>", start)]


def test_open_places_counts_each_opening_once_in_every_scope(world) -> None:
    """A company in two sectors, scoped by both: its opening's free places count once; a
    province scope counts the openings located there."""
    from brug.registry.tests.factories import SectorFactory

    start = figures.school_year(TODAY)[0]
    other = SectorFactory()
    world.o1.company.sectors.add(world.sector, other)
    both = MetricScope(start=start, end=TODAY, sector_ids=(world.sector.pk, other.pk))
    assert metrics.open_places(both) == 2  # o1 only: capacity 3, one place filled
    assert metrics.open_places(MetricScope(start=start, end=TODAY, sector_ids=(other.pk,))) == 2
    antwerpen = MetricScope(start=start, end=TODAY, province_ids=(world.p1.pk,))
    limburg = MetricScope(start=start, end=TODAY, province_ids=(world.p2.pk,))
    assert metrics.open_places(antwerpen) + metrics.open_places(limburg) == 4
    assert metrics.open_places(limburg) == 2
