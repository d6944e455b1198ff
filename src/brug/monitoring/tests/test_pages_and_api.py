"""Every page and endpoint: who gets in, who is refused, and what an outsider sees."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from brug.accounts.tests.factories import user_with_role

TODAY = date.today()
OUTSIDERS = (
    "company_contact",
    "guide",
    "teacher",
    "learner",
    "reviewer",
    "support_staff",
    "vdab_staff",
)


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_open_data_page_is_public_and_shows_only_suppressed_aggregates(world) -> None:
    response = Client().get(reverse("monitoring:open-data"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Ruwbouw duaal" in html
    assert "demogegevens" in html or "demo" in html  # settings_test keeps BRUG_DEMO on
    assert "L-" not in html  # no pseudonym of any learner
    # Every learner figure of the world is below k=5 or recomputable: nothing but x.
    for value in (">1<", ">4<"):
        assert value not in html.replace(" ", "")


def test_open_data_csv_and_xlsx(world) -> None:
    response = Client().get(reverse("monitoring:open-data-export", args=["csv"]))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    header, *lines = text.strip().splitlines()
    assert header.startswith("Peildatum;Schooljaar;Opleidingscode")
    assert lines
    client = Client()
    client.cookies["django_language"] = "en"
    english = client.get(reverse("monitoring:open-data-export", args=["csv"]))
    assert english.content.decode("utf-8-sig").startswith(
        "Reference date;School year;Programme code"
    )
    response = Client().get(reverse("monitoring:open-data-export", args=["xlsx"]))
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_open_data_api_is_public_and_documented(world) -> None:
    response = Client().get("/api/monitoring/open-data/")
    assert response.status_code == 200
    body = response.json()
    assert body["reference_date"] == TODAY.isoformat()
    assert body["small_cell_threshold"] == 5
    assert "Brug" in body["computed_from"]
    for cell in body["cells"]:
        for key in ("learners", "placed", "without_place", "capacity", "free_places"):
            assert cell[key] is None or cell[key] == 0 or cell[key] >= 5
    schema = Client().get("/api/schema/").content.decode()
    assert "/api/monitoring/open-data/" in schema
    assert "/api/monitoring/shortage/" in schema


@pytest.mark.parametrize("role", ["department_work", "department_education", "platform_admin"])
def test_shortage_page_and_export_for_departments(world, role: str) -> None:
    client = _client(user_with_role(role))
    response = client.get(reverse("monitoring:shortage"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Constructiv" in html and "RTC Antwerpen" in html
    partial = client.get(reverse("monitoring:shortage"), {"by": "rtc"}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and "<h1" not in partial.content.decode()
    export = client.get(reverse("monitoring:shortage-export", args=["csv"]))
    assert export.status_code == 200
    lines = export.content.decode("utf-8-sig").strip().splitlines()
    assert lines[1].split(";")[1:11] == [
        "Ruwbouw duaal",
        "STEM",
        "Antwerpen",
        "5",
        "1",
        "4",
        "3",
        "1",
        "2",
        "2",
    ]
    detail = client.get(reverse("monitoring:shortage-detail", args=[world.x.pk, world.p1.pk]))
    assert detail.status_code == 200
    assert client.get(reverse("monitoring:dashboard")).status_code == 200


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_get_no_shortage_page_export_drilldown_or_api(world, role: str) -> None:
    client = _client(user_with_role(role))
    assert client.get(reverse("monitoring:shortage")).status_code == 403
    assert client.get(reverse("monitoring:shortage-export", args=["csv"])).status_code == 403
    assert (
        client.get(
            reverse("monitoring:shortage-detail", args=[world.x.pk, world.p1.pk])
        ).status_code
        == 403
    )
    assert client.get(reverse("monitoring:dashboard")).status_code == 403
    assert client.post(reverse("monitoring:snapshot-start")).status_code == 403
    assert client.get("/api/monitoring/shortage/").status_code == 403
    assert client.get(f"/api/monitoring/shortage/{world.x.pk}/{world.p1.pk}/").status_code == 403
    assert client.get("/api/monitoring/snapshots/").status_code == 403


def test_anonymous_visitor_is_sent_to_login_or_refused(world) -> None:
    client = Client()
    # The full radar is not for the public: it reads the public radar instead of a login page.
    response = client.get(reverse("monitoring:shortage"))
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:shortage-public")
    assert (
        client.get(
            reverse("monitoring:shortage-detail", args=[world.x.pk, world.p1.pk])
        ).status_code
        == 302
    )
    assert client.get("/api/monitoring/shortage/").status_code in (401, 403)
    assert client.get("/api/monitoring/snapshots/").status_code in (401, 403)


def test_consultant_api_sees_its_sector_and_may_drill_down(world) -> None:
    client = _client(user_with_role("consultant", organisation=world.fund))
    rows = client.get("/api/monitoring/shortage/").json()
    assert {r["programme"] for r in rows} == {"Ruwbouw duaal"}
    assert rows[0]["gap"] == 2 and rows[0]["sector_funds"] == ["Constructiv"]
    detail = client.get(f"/api/monitoring/shortage/{world.x.pk}/{world.p1.pk}/")
    assert detail.status_code == 200
    assert detail.json()["schools"][0]["n"] == 4
    # Z has no sector: not this consultant's to see.
    assert client.get(f"/api/monitoring/shortage/{world.z.pk}/{world.p1.pk}/").status_code == 403
    assert client.get(f"/api/monitoring/shortage/{world.x.pk}/999999/").status_code == 404


def test_rtc_page_shows_only_its_province(world) -> None:
    client = _client(user_with_role("rtc_staff", organisation=world.rtc))
    html = client.get(reverse("monitoring:shortage")).content.decode()
    assert "Antwerpen" in html and "Limburg" not in html.split("<tbody>", 2)[-1]


def test_home_panel_for_department(world) -> None:
    client = _client(user_with_role("department_work"))
    html = client.get("/").content.decode()
    assert "Werkplekleren in Vlaanderen" in html
    company = _client(user_with_role("company_contact"))
    assert "Werkplekleren in Vlaanderen" not in company.get("/").content.decode()


def test_menu_shows_figures_to_everyone_and_shortages_to_authorised(world) -> None:
    public = Client().get("/").content.decode()
    assert reverse("monitoring:open-data") in public
    assert reverse("monitoring:shortage") not in public
    work = _client(user_with_role("department_work")).get("/").content.decode()
    assert reverse("monitoring:shortage") in work
