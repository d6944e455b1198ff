from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from brug.covenants.tests import factories as cf
from brug.education import models as m
from brug.education.tests.factories import AdviceFactory, RoundFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_department_opens_a_round_through_the_page(table) -> None:
    client = _client(table.department)
    page = client.get("/onderwijsoverleg/nieuw/")
    assert page.status_code == 200
    closes_on = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    response = client.post(
        "/onderwijsoverleg/nieuw/",
        {"covenant": table.covenant.pk, "closes_on": closes_on, "note": "Graag advies"},
    )
    rnd = m.ConsultationRound.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/onderwijsoverleg/{rnd.pk}/"
    assert [str(x) for x in get_messages(response.wsgi_request)] == [
        "De onderwijsacties liggen voor advies voor."
    ]
    # The message is in the visitor's language.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    rnd.delete()
    response = client.post(
        "/onderwijsoverleg/nieuw/",
        {"covenant": table.covenant.pk, "closes_on": closes_on, "note": ""},
    )
    assert response.status_code == 302
    # (The first message has not been shown yet: it is still waiting in front of this one.)
    assert [str(x) for x in get_messages(response.wsgi_request)][-1] == (
        "The education actions are open for advice."
    )


def test_bad_closing_date_shows_the_error_and_changes_nothing(table) -> None:
    client = _client(table.department)
    too_late = (timezone.localdate() + dt.timedelta(days=400)).isoformat()
    response = client.post(
        "/onderwijsoverleg/nieuw/", {"covenant": table.covenant.pk, "closes_on": too_late}
    )
    assert response.status_code == 200
    assert "einddatum" in response.content.decode()
    for bad in ("morgen", "2026-13-45", ""):
        response = client.post(
            "/onderwijsoverleg/nieuw/", {"covenant": table.covenant.pk, "closes_on": bad}
        )
        assert response.status_code == 200
    response = client.post("/onderwijsoverleg/nieuw/", {"covenant": "999999", "closes_on": "x"})
    assert response.status_code == 200
    assert not m.ConsultationRound.objects.exists()


def test_adviser_advises_and_department_and_sector_see_it(table) -> None:
    rnd = RoundFactory(covenant=table.covenant)
    action = table.actions[0]
    client = _client(table.network_user)
    page = client.get(f"/onderwijsoverleg/{rnd.pk}/").content.decode()
    assert action.title in page and table.other_action.title not in page
    assert "Advies bewaren" in page
    client.post(
        f"/onderwijsoverleg/{rnd.pk}/advies/{action.pk}/",
        {f"a{action.pk}-position": "concerns", f"a{action.pk}-text": "Meer aandacht voor buso"},
    )
    advice = m.Advice.objects.get()
    assert advice.organisation == table.network and advice.position == "concerns"
    for viewer in (table.department, table.consultant, table.council_user):
        page = _client(viewer).get(f"/onderwijsoverleg/{rnd.pk}/").content.decode()
        assert "Meer aandacht voor buso" in page, viewer
    # The consultant reads but cannot advise or close.
    page = _client(table.consultant).get(f"/onderwijsoverleg/{rnd.pk}/").content.decode()
    assert "Advies bewaren" not in page and "Ronde afsluiten" not in page


def test_bad_advice_through_the_page_is_refused(table) -> None:
    rnd = RoundFactory(covenant=table.covenant)
    action = table.actions[0]
    client = _client(table.council_user)
    for data in (
        {f"a{action.pk}-position": "nonsense"},
        {f"a{action.pk}-position": "concerns", f"a{action.pk}-text": ""},
        {f"a{action.pk}-position": "supports", f"a{action.pk}-text": "x" * 5000},
    ):
        response = client.post(f"/onderwijsoverleg/{rnd.pk}/advies/{action.pk}/", data)
        assert response.status_code == 302
    response = client.post(
        f"/onderwijsoverleg/{rnd.pk}/advies/{table.other_action.pk}/",
        {f"a{table.other_action.pk}-position": "supports"},
    )
    assert response.status_code == 302
    assert not m.Advice.objects.exists()


def test_outsiders_get_nothing(table) -> None:
    rnd = RoundFactory(covenant=table.covenant)
    action = table.actions[0]
    outsider = _client(table.outsider)
    for url in ("/onderwijsoverleg/", "/onderwijsoverleg/nieuw/", "/onderwijsoverleg/rapport/"):
        assert outsider.get(url).status_code == 403, url
    assert outsider.get(f"/onderwijsoverleg/{rnd.pk}/").status_code == 404
    assert outsider.post(f"/onderwijsoverleg/{rnd.pk}/afsluiten/").status_code == 404
    response = outsider.post(
        f"/onderwijsoverleg/{rnd.pk}/advies/{action.pk}/", {f"a{action.pk}-position": "supports"}
    )
    assert response.status_code == 404
    anonymous = Client().get("/onderwijsoverleg/")
    assert anonymous.status_code == 302 and "/aanmelden/" in anonymous["Location"]
    # A consultant of another sector fund does not see the round either.
    from brug.accounts.tests.factories import user_with_role

    other = _client(user_with_role("consultant"))
    assert other.get(f"/onderwijsoverleg/{rnd.pk}/").status_code == 404
    assert m.ConsultationRound.objects.get().is_open and not m.Advice.objects.exists()


def test_department_closes_the_round(table) -> None:
    rnd = RoundFactory(covenant=table.covenant)
    _client(table.network_user).post(f"/onderwijsoverleg/{rnd.pk}/afsluiten/")
    assert m.ConsultationRound.objects.get().is_open
    _client(table.department).post(f"/onderwijsoverleg/{rnd.pk}/afsluiten/")
    assert not m.ConsultationRound.objects.get().is_open


def _list_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/onderwijsoverleg/").status_code == 200
    return len(ctx.captured_queries)


def test_round_list_query_budget_and_paging(table) -> None:
    client = _client(table.department)
    RoundFactory(covenant=table.covenant)
    few = _list_queries(client)
    for _ in range(12):
        AdviceFactory(round=RoundFactory())
    many = _list_queries(client)
    assert few == many
    assert many <= 12


def test_round_page_query_budget(table) -> None:
    rnd = RoundFactory(covenant=table.covenant)
    client = _client(table.department)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/onderwijsoverleg/{rnd.pk}/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(10):
        action = cf.ActionFactory(covenant=table.covenant, category="informing", title=f"A{i}")
        AdviceFactory(round=rnd, action=action)
    assert count() == few


def test_list_is_paged(table, monkeypatch) -> None:
    from brug.education import views

    monkeypatch.setattr(views, "ROUNDS_PER_PAGE", 2)
    for _ in range(3):
        RoundFactory()
    client = _client(table.department)
    first = client.get("/onderwijsoverleg/").content.decode()
    assert "Pagina 1 / 2" in first
    assert "Pagina 2 / 2" in client.get("/onderwijsoverleg/?page=2").content.decode()
    assert client.get("/onderwijsoverleg/?page=abc").status_code == 200
