"""Issue 17 §4: a shortage on the radar is signalled to the responsible sector, which answers with
what it did and the places it found; the places count on its covenant."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from brug.accounts.tests.factories import user_with_role
from brug.core.errors import ServiceError
from brug.core.metrics import MetricScope, metric_get
from brug.core.models import Notification
from brug.covenants import models as m
from brug.covenants import selectors, services
from brug.covenants.tests import factories as f
from brug.registry import models as rm
from brug.registry.tests.factories import (
    OrganisationFactory,
    ProgrammeFactory,
    ProvinceFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db


@dataclass
class World:
    programme: rm.Programme
    province: rm.Province
    sector: rm.Sector
    other_sector: rm.Sector
    guide: Any
    consultant: Any
    other_consultant: Any
    covenant: m.Covenant


@pytest.fixture
def world() -> World:
    sector = SectorFactory(name="Bouw")
    other_sector = SectorFactory(name="Voeding")
    programme = ProgrammeFactory(name="Ruwbouw duaal")
    programme.sectors.add(sector)
    fund = OrganisationFactory(kind=rm.OrganisationKind.SECTOR_FUND, sectors=[sector])
    other_fund = OrganisationFactory(kind=rm.OrganisationKind.SECTOR_FUND, sectors=[other_sector])
    covenant = f.CovenantFactory(sector=sector, sector_fund=fund)
    return World(
        programme=programme,
        province=ProvinceFactory(),
        sector=sector,
        other_sector=other_sector,
        guide=user_with_role("guide"),
        consultant=user_with_role("consultant", organisation=fund),
        other_consultant=user_with_role("consultant", organisation=other_fund),
        covenant=covenant,
    )


def _signal(world: World, **extra: Any) -> m.ShortageSignal:
    values: dict[str, Any] = {
        "actor": world.guide,
        "programme": world.programme,
        "province": world.province,
        "sector": world.sector,
        "organisation": services.signaller_organisation(world.guide),
        "shortfall": 4,
        "message": "Twaalf lerenden zoeken nog een werkplek.",
    }
    values.update(extra)
    return services.shortage_signal_create(**values)


def test_a_school_signals_and_the_sectors_consultants_are_told(world: World) -> None:
    signal = _signal(world)
    assert signal.status == m.SignalStatus.OPEN
    assert signal.signalled_by_organisation == world.guide.memberships.get().organisation
    told = Notification.objects.filter(recipient=world.consultant)
    assert told.count() == 1 and "Ruwbouw duaal" in told.get().subject
    assert not Notification.objects.filter(recipient=world.other_consultant).exists()


def test_bad_signals_are_refused_and_nothing_is_stored(world: World) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"sector": world.other_sector}, "not_responsible"),
        ({"shortfall": 0}, "out_of_range"),
        ({"shortfall": 10**7}, "out_of_range"),
        ({"message": "x" * (m.SIGNAL_MESSAGE_MAX + 1)}, "too_long"),
    ]
    for extra, code in cases:
        with pytest.raises(ServiceError) as exc:
            _signal(world, **extra)
        assert exc.value.code == code, extra
    assert not m.ShortageSignal.objects.exists()
    _signal(world)
    with pytest.raises(ServiceError) as exc:
        _signal(world)  # a second open signal for the same cell adds nothing
    assert exc.value.code == "already_open"
    assert m.ShortageSignal.objects.count() == 1


def test_a_company_or_learner_cannot_signal(world: World) -> None:
    for role in ("company_contact", "learner", "teacher"):
        with pytest.raises(PermissionDenied):
            _signal(world, actor=user_with_role(role), organisation=None)


def test_the_sector_answers_and_the_places_count_on_its_covenant(world: World) -> None:
    signal = _signal(world)
    with pytest.raises(PermissionDenied):  # another sector's consultant
        services.shortage_signal_answer(
            actor=world.other_consultant, signal=signal, answer="x", places_found=1
        )
    for answer, places, code in (("", 2, "required"), ("Gedaan", -1, "out_of_range")):
        with pytest.raises(ServiceError) as exc:
            services.shortage_signal_answer(
                actor=world.consultant, signal=signal, answer=answer, places_found=places
            )
        assert exc.value.code == code
    services.shortage_signal_answer(
        actor=world.consultant,
        signal=signal,
        answer="Drie aannemers aangesproken; twee nieuwe erkenningen aangevraagd.",
        places_found=3,
    )
    signal.refresh_from_db()
    assert signal.status == m.SignalStatus.ANSWERED and signal.places_found == 3
    assert Notification.objects.filter(recipient=world.guide).count() == 1
    assert selectors.places_found_for(world.sector.pk) == 3
    today = dt.date.today()
    scope = MetricScope(
        start=today.replace(month=1, day=1), end=today, sector_ids=(world.sector.pk,)
    )
    assert metric_get("covenants.shortage_places_found").compute(scope) == 3.0
    other = MetricScope(start=scope.start, end=today, sector_ids=(world.other_sector.pk,))
    assert metric_get("covenants.shortage_places_found").compute(other) == 0.0
    services.shortage_signal_answer(
        actor=world.consultant, signal=signal, answer="Opgevolgd.", places_found=5, close=True
    )
    with pytest.raises(ServiceError) as exc:
        services.shortage_signal_answer(
            actor=world.consultant, signal=signal, answer="Nog eens", places_found=6
        )
    assert exc.value.code == "closed"


def test_pages_signal_from_the_radar_and_answer(world: World) -> None:
    guide = Client()
    guide.force_login(world.guide)
    page = guide.get(
        f"/convenanten/tekortsignalen/nieuw/?programme={world.programme.pk}"
        f"&province={world.province.pk}&shortfall=4"
    )
    assert page.status_code == 200
    text = page.content.decode()
    # The only responsible sector is preselected; the shortfall comes from the radar.
    assert f'<option value="{world.sector.pk}" selected>' in text
    assert 'value="4"' in text
    bad = guide.post(
        "/convenanten/tekortsignalen/nieuw/",
        {
            "programme": world.programme.pk,
            "province": world.province.pk,
            "sector": world.sector.pk,
            "shortfall": 0,
        },
    )
    assert bad.status_code == 400 and not m.ShortageSignal.objects.exists()
    done = guide.post(
        "/convenanten/tekortsignalen/nieuw/",
        {
            "programme": world.programme.pk,
            "province": world.province.pk,
            "sector": world.sector.pk,
            "shortfall": 4,
            "message": "Dringend",
        },
    )
    signal = m.ShortageSignal.objects.get()
    assert (
        done.status_code == 302 and done["Location"] == f"/convenanten/tekortsignalen/{signal.pk}/"
    )
    consultant = Client()
    consultant.force_login(world.consultant)
    assert "Ruwbouw duaal" in consultant.get("/").content.decode()  # on the sector's home page
    detail = consultant.get(f"/convenanten/tekortsignalen/{signal.pk}/")
    assert "Antwoord versturen" in detail.content.decode()
    answered = consultant.post(
        f"/convenanten/tekortsignalen/{signal.pk}/",
        {"answer": "Twee bedrijven gevonden.", "places_found": 2},
    )
    assert answered.status_code == 302
    covenant_page = consultant.get(f"/convenanten/{world.covenant.pk}/").content.decode()
    assert "Tekortsignalen aan de sector" in covenant_page and "<strong>2</strong>" in covenant_page
    # The signaller reads the answer but cannot answer.
    assert (
        "Antwoord versturen"
        not in guide.get(f"/convenanten/tekortsignalen/{signal.pk}/").content.decode()
    )
    assert (
        guide.post(
            f"/convenanten/tekortsignalen/{signal.pk}/", {"answer": "x", "places_found": 9}
        ).status_code
        == 403
    )


def test_outsiders_see_nothing(world: World) -> None:
    signal = _signal(world)
    for role in ("company_contact", "learner"):
        client = Client()
        client.force_login(user_with_role(role))
        assert client.get("/convenanten/tekortsignalen/").status_code == 403
        assert client.get(f"/convenanten/tekortsignalen/{signal.pk}/").status_code == 404
        assert client.get("/convenanten/tekortsignalen/nieuw/").status_code == 403
    stranger = Client()
    stranger.force_login(user_with_role("guide"))  # another school: sees only its own
    assert stranger.get(f"/convenanten/tekortsignalen/{signal.pk}/").status_code == 404
    other = Client()
    other.force_login(world.other_consultant)
    assert other.get(f"/convenanten/tekortsignalen/{signal.pk}/").status_code == 404
    anonymous = Client().get("/convenanten/tekortsignalen/")
    assert anonymous.status_code == 302


def test_api_signal_answer_and_bad_input(world: World) -> None:
    guide = APIClient(raise_request_exception=False)
    guide.force_authenticate(world.guide)
    body = {
        "programme": world.programme.pk,
        "province": world.province.pk,
        "sector": world.sector.pk,
        "shortfall": 4,
    }
    for bad in ({**body, "sector": world.other_sector.pk}, {**body, "programme": 2_000_000_000}):
        response = guide.post("/api/covenants/shortage-signals/", bad, format="json")
        assert response.status_code == 400, response.content
        assert response.json()["detail_nl"] and response.json()["detail_en"]
    created = guide.post("/api/covenants/shortage-signals/", body, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    consultant = APIClient(raise_request_exception=False)
    consultant.force_authenticate(world.consultant)
    answered = consultant.post(
        f"/api/covenants/shortage-signals/{pk}/answer/",
        {"answer": "Plaatsen gevonden", "places_found": 2},
        format="json",
    )
    assert answered.status_code == 200 and answered.json()["places_found"] == 2
    other = APIClient(raise_request_exception=False)
    other.force_authenticate(world.other_consultant)
    assert other.get(f"/api/covenants/shortage-signals/{pk}/").status_code == 404
    assert (
        other.post(
            f"/api/covenants/shortage-signals/{pk}/answer/",
            {"answer": "x", "places_found": 1},
            format="json",
        ).status_code
        == 404
    )


def test_query_budget_of_the_lists(world: World) -> None:
    department = user_with_role("department_work")
    client = Client()
    client.force_login(department)
    api = APIClient()
    api.force_authenticate(department)
    _signal(world)

    def count() -> tuple[int, int]:
        out = []
        for c, url in (
            (client, "/convenanten/tekortsignalen/"),
            (api, "/api/covenants/shortage-signals/"),
        ):
            with CaptureQueriesContext(connection) as ctx:
                assert c.get(url).status_code == 200
            out.append(len(ctx.captured_queries))
        return out[0], out[1]

    count()
    few = count()
    for i in range(6):
        province = ProvinceFactory(nis_code=f"8{i:04d}", name_nl=f"P{i}", name_en=f"P{i}")
        _signal(world, province=province)
    assert count() == few
