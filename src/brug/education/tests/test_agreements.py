from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from brug.accounts.tests.factories import user_with_role
from brug.core.errors import NotAllowed, ServiceError
from brug.core.models import AuditEntry
from brug.covenants.tests import factories as cf
from brug.education import models as m
from brug.education import services
from brug.education.tests import factories as f
from brug.registry import models as rm
from brug.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 5, 15)


@dataclass
class Parties:
    covenant: Any
    fund: Any
    networks: list[Any]
    federations: list[Any]
    consultant: Any
    network_user: Any
    other_network_user: Any
    outsider: Any


@pytest.fixture
def parties() -> Parties:
    covenant = cf.CovenantFactory()
    networks = [
        OrganisationFactory(kind=rm.OrganisationKind.EDUCATION_NETWORK, sectors=[])
        for _ in range(2)
    ]
    federations = [
        OrganisationFactory(kind=rm.OrganisationKind.FEDERATION, sectors=[]) for _ in range(2)
    ]
    return Parties(
        covenant=covenant,
        fund=covenant.sector_fund,
        networks=networks,
        federations=federations,
        consultant=user_with_role("consultant", organisation=covenant.sector_fund),
        network_user=user_with_role("network_staff", organisation=networks[0]),
        other_network_user=user_with_role("network_staff", organisation=networks[1]),
        outsider=user_with_role("network_staff"),
    )


def _education_covenant(p: Parties, actor: Any = None, **kwargs: Any) -> m.Agreement:
    values: dict[str, Any] = {
        "kind": "education_covenant",
        "title": "Onderwijsconvenant bouw",
        "starts_on": dt.date(2025, 1, 1),
        "ends_on": dt.date(2026, 12, 31),
        "parties": [p.fund, p.networks[0]],
        "covenants": [p.covenant],
    }
    values.update(kwargs)
    return services.agreement_create(actor=actor or p.consultant, **values)


def test_a_sector_records_an_education_covenant_with_engagements_and_evaluations(
    parties: Parties,
) -> None:
    agreement = _education_covenant(parties)
    assert set(agreement.parties.all()) == {parties.fund, parties.networks[0]}
    assert list(agreement.covenants.all()) == [parties.covenant]
    theme = services.theme_add(
        actor=parties.network_user,
        agreement=agreement,
        title="Werkplekleren",
        expectations_of_policy="Eén aanspreekpunt per regio.",
    )
    engagement = services.engagement_add(
        actor=parties.consultant,
        theme=theme,
        side="education",
        description="Scholen melden hun stageplaatsen tijdig.",
        owner=parties.networks[0],
    )
    # Only the owner evaluates its engagement, once per quarter (again: replaced).
    with pytest.raises(NotAllowed):
        services.engagement_evaluate(
            actor=parties.consultant,
            engagement=engagement,
            year=2025,
            quarter=1,
            status="on_track",
            today=TODAY,
        )
    services.engagement_evaluate(
        actor=parties.network_user,
        engagement=engagement,
        year=2025,
        quarter=1,
        status="at_risk",
        note="Te weinig plaatsen",
        today=TODAY,
    )
    services.engagement_evaluate(
        actor=parties.network_user,
        engagement=engagement,
        year=2025,
        quarter=1,
        status="on_track",
        today=TODAY,
    )
    assert list(engagement.evaluations.values_list("quarter", "status")) == [(1, "on_track")]
    assert AuditEntry.objects.filter(verb="education.engagement_evaluated").count() == 2


def test_a_multi_party_agreement_needs_several_of_each_side(parties: Parties) -> None:
    dept = user_with_role("department_education")
    kwargs: dict[str, Any] = {
        "kind": "multi_party",
        "title": "Blauwdruk dubbele finaliteit",
        "covenants": [],
    }
    with pytest.raises(ServiceError) as exc:
        _education_covenant(
            parties, dept, parties=[*parties.federations, parties.networks[0]], **kwargs
        )
    assert exc.value.code == "too_few_parties"
    agreement = _education_covenant(
        parties, dept, parties=[*parties.federations, *parties.networks], **kwargs
    )
    assert agreement.kind == "multi_party" and agreement.parties.count() == 4


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"kind": "treaty"}, "bad_kind"),
        ({"title": "  "}, "required"),
        ({"title": "x" * 201}, "too_long"),
        ({"ends_on": dt.date(2024, 1, 1)}, "bad_period"),
        ({"ends_on": dt.date(2099, 1, 1)}, "bad_period"),
        ({"starts_on": dt.date(1900, 1, 1)}, "bad_period"),
        ({"covenants": []}, "no_covenant"),
        ({"parties": [None]}, "bad_party"),
        ({"parties": [None, None]}, "too_few_parties"),
    ],
)
def test_bad_agreements_change_nothing(
    parties: Parties, changes: dict[str, Any], code: str
) -> None:
    if changes.get("parties") == [None]:
        changes["parties"] = [parties.fund, parties.networks[0], OrganisationFactory(kind="school")]
    elif changes.get("parties") == [None, None]:
        changes["parties"] = [parties.fund]
    with pytest.raises(ServiceError) as exc:
        _education_covenant(parties, **changes)
    assert exc.value.code == code
    assert not m.Agreement.objects.exists()


def test_only_a_party_records_an_agreement_and_the_covenants_fund_is_a_party(
    parties: Parties,
) -> None:
    with pytest.raises(NotAllowed):
        _education_covenant(parties, parties.outsider)
    with pytest.raises(ServiceError) as exc:
        _education_covenant(
            parties,
            parties.network_user,
            parties=[parties.networks[0], OrganisationFactory(kind="sector_fund")],
        )
    assert exc.value.code == "covenant_not_a_party"
    with pytest.raises(NotAllowed):
        _education_covenant(parties, user_with_role("company_contact"))
    assert not m.Agreement.objects.exists()


def test_engagement_owner_is_a_party_on_its_side(parties: Parties) -> None:
    agreement = _education_covenant(parties)
    theme = services.theme_add(actor=parties.consultant, agreement=agreement, title="T")
    for side, owner in (
        ("education", parties.fund),
        ("sectors", parties.networks[0]),
        ("education", parties.networks[1]),  # not a party
    ):
        with pytest.raises(ServiceError) as exc:
            services.engagement_add(
                actor=parties.consultant, theme=theme, side=side, description="x", owner=owner
            )
        assert exc.value.code == "bad_owner"
    with pytest.raises(ServiceError):
        services.engagement_add(
            actor=parties.consultant, theme=theme, side="both", description="x", owner=parties.fund
        )
    with pytest.raises(NotAllowed):
        services.engagement_add(
            actor=parties.other_network_user,
            theme=theme,
            side="education",
            description="x",
            owner=parties.networks[0],
        )
    assert not m.Engagement.objects.exists()


@pytest.mark.parametrize(
    ("year", "quarter", "status", "note", "code"),
    [
        (2025, 0, "on_track", "", "bad_quarter"),
        (2025, 5, "on_track", "", "bad_quarter"),
        (2024, 4, "on_track", "", "quarter_out_of_period"),  # before the agreement
        (2025, 3, "on_track", "", "quarter_out_of_period"),  # not started yet
        (1800, 1, "on_track", "", "bad_year"),
        (2025, 1, "fine", "", "bad_status"),
        (2025, 1, "behind", "", "note_required"),
        (2025, 1, "done", "x" * 1001, "too_long"),
    ],
)
def test_bad_evaluations_change_nothing(
    parties: Parties, year: int, quarter: int, status: str, note: str, code: str
) -> None:
    theme = f.ThemeFactory(agreement=_education_covenant(parties))
    engagement = f.EngagementFactory(theme=theme, owner=parties.networks[0])
    with pytest.raises(ServiceError) as exc:
        services.engagement_evaluate(
            actor=parties.network_user,
            engagement=engagement,
            year=year,
            quarter=quarter,
            status=status,
            note=note,
            today=TODAY,
        )
    assert exc.value.code == code
    assert not m.EngagementEvaluation.objects.exists()


def test_pages_from_list_to_evaluation(parties: Parties) -> None:
    client = Client()
    client.force_login(parties.consultant)
    assert client.get("/onderwijsoverleg/akkoorden/nieuw/").status_code == 200
    response = client.post(
        "/onderwijsoverleg/akkoorden/nieuw/",
        {
            "kind": "education_covenant",
            "title": "Onderwijsconvenant bouw",
            "starts_on": "2025-01-01",
            "ends_on": "2026-12-31",
            "parties": [parties.fund.pk, parties.networks[0].pk],
            "covenants": [parties.covenant.pk],
        },
    )
    agreement = m.Agreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/onderwijsoverleg/akkoorden/{agreement.pk}/"
    client.post(
        f"/onderwijsoverleg/akkoorden/{agreement.pk}/",
        {"title": "Stages", "expectations_of_policy": "Meer middelen"},
    )
    theme = agreement.themes.get()
    client.post(
        f"/onderwijsoverleg/akkoorden/{agreement.pk}/thema/{theme.pk}/engagement/",
        {
            f"t{theme.pk}-side": "sectors",
            f"t{theme.pk}-description": "Bedrijven werven",
            f"t{theme.pk}-owner": parties.fund.pk,
        },
    )
    engagement = m.Engagement.objects.get()
    page = client.get(f"/onderwijsoverleg/akkoorden/{agreement.pk}/").content.decode()
    assert "Meer middelen" in page and "Bedrijven werven" in page
    assert "Kwartaal evalueren" in page
    year = dt.date.today().year
    client.post(
        f"/onderwijsoverleg/engagementen/{engagement.pk}/evaluatie/",
        {"year": year, "quarter": (dt.date.today().month - 1) // 3 + 1, "status": "done"},
    )
    assert engagement.evaluations.get().status == "done"
    # Bad input through the page: nothing changes, no 500.
    for data in ({"year": "abc", "quarter": 1, "status": "done"}, {"year": year, "quarter": 9}):
        response = client.post(f"/onderwijsoverleg/engagementen/{engagement.pk}/evaluatie/", data)
        assert response.status_code == 302
    response = client.post(f"/onderwijsoverleg/akkoorden/{agreement.pk}/", {"title": ""})
    assert response.status_code == 400
    assert engagement.evaluations.count() == 1 and agreement.themes.count() == 1


def test_outsiders_get_nothing(parties: Parties) -> None:
    agreement = _education_covenant(parties)
    theme = f.ThemeFactory(agreement=agreement)
    engagement = f.EngagementFactory(theme=theme, owner=parties.networks[0])
    client = Client()
    client.force_login(parties.outsider)
    assert client.get("/onderwijsoverleg/akkoorden/").status_code == 200
    assert agreement.title not in client.get("/onderwijsoverleg/akkoorden/").content.decode()
    assert client.get(f"/onderwijsoverleg/akkoorden/{agreement.pk}/").status_code == 404
    assert (
        client.post(f"/onderwijsoverleg/akkoorden/{agreement.pk}/", {"title": "x"}).status_code
        == 404
    )
    url = f"/onderwijsoverleg/engagementen/{engagement.pk}/evaluatie/"
    assert client.post(url, {"year": 2025, "quarter": 1, "status": "done"}).status_code == 404
    company = Client()
    company.force_login(user_with_role("company_contact"))
    assert company.get("/onderwijsoverleg/akkoorden/").status_code == 403
    api = APIClient()
    api.force_authenticate(parties.outsider)
    assert api.get(f"/api/education/agreements/{agreement.pk}/").status_code == 404
    assert api.post(f"/api/education/engagements/{engagement.pk}/evaluate/", {}).status_code == 404
    assert APIClient().get("/api/education/agreements/").status_code in (401, 403)
    assert not m.EngagementEvaluation.objects.exists() and agreement.themes.count() == 1


def test_api_end_to_end_and_bad_input(parties: Parties) -> None:
    api = APIClient()
    api.force_authenticate(parties.consultant)
    body = {
        "kind": "education_covenant",
        "title": "Onderwijsconvenant",
        "starts_on": "2025-01-01",
        "ends_on": "2026-12-31",
        "parties": [parties.fund.pk, parties.networks[0].pk],
        "covenants": [parties.covenant.pk],
    }
    for bad in (
        {"parties": [999999]},
        {"covenants": [999999]},
        {"ends_on": "2020-01-01"},
        {"kind": "x"},
        {"parties": "abc"},
    ):
        response = api.post("/api/education/agreements/", {**body, **bad}, format="json")
        assert response.status_code == 400, (bad, response.content)
    assert not m.Agreement.objects.exists()
    response = api.post("/api/education/agreements/", body, format="json")
    assert response.status_code == 201, response.content
    agreement_id = response.json()["id"]
    response = api.post(
        f"/api/education/agreements/{agreement_id}/themes/", {"title": "Stages"}, format="json"
    )
    assert response.status_code == 201
    theme_id = response.json()["id"]
    response = api.post(
        "/api/education/engagements/",
        {
            "theme": theme_id,
            "side": "education",
            "description": "x",
            "owner": parties.networks[0].pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    engagement_id = response.json()["id"]
    response = api.post(
        "/api/education/engagements/",
        {"theme": theme_id, "side": "education", "description": "x", "owner": 999999},
        format="json",
    )
    assert response.status_code == 400
    owner = APIClient()
    owner.force_authenticate(parties.network_user)
    year = dt.date.today().year
    quarter = (dt.date.today().month - 1) // 3 + 1
    response = owner.post(
        f"/api/education/engagements/{engagement_id}/evaluate/",
        {"year": year, "quarter": quarter, "status": "on_track"},
        format="json",
    )
    assert response.status_code == 200, response.content
    response = owner.post(
        f"/api/education/engagements/{engagement_id}/evaluate/",
        {"year": year, "quarter": 7, "status": "on_track"},
        format="json",
    )
    assert response.status_code == 400
    response = api.post(
        f"/api/education/engagements/{engagement_id}/evaluate/",
        {"year": year, "quarter": quarter, "status": "on_track"},
        format="json",
    )
    assert response.status_code == 403  # the sector is a party but not the owner
    rows = owner.get("/api/education/engagements/").json()["results"]
    assert [len(r["evaluations"]) for r in rows] == [1]


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_budgets(parties: Parties) -> None:
    agreement = _education_covenant(parties)
    client = Client()
    client.force_login(parties.consultant)
    api = APIClient()
    api.force_authenticate(parties.consultant)
    detail = f"/onderwijsoverleg/akkoorden/{agreement.pk}/"
    urls = ["/onderwijsoverleg/akkoorden/", detail]
    first = f.EngagementFactory(theme=f.ThemeFactory(agreement=agreement), owner=parties.fund)
    m.EngagementEvaluation.objects.create(
        engagement=first, year=2025, quarter=1, status="done", evaluated_at=dt.datetime.now(dt.UTC)
    )
    _count(client, urls[0])
    _count(api, "/api/education/agreements/")
    few = [_count(client, u) for u in urls] + [
        _count(api, "/api/education/agreements/"),
        _count(api, "/api/education/engagements/"),
    ]
    for _ in range(5):
        other = f.AgreementFactory(parties=[parties.fund, parties.networks[1]])
        other.covenants.set([parties.covenant])
        theme = f.ThemeFactory(agreement=agreement)
        for _ in range(2):
            e = f.EngagementFactory(theme=theme, owner=parties.networks[0])
            m.EngagementEvaluation.objects.create(
                engagement=e,
                year=2025,
                quarter=1,
                status="done",
                evaluated_at=dt.datetime.now(dt.UTC),
            )
    many = [_count(client, u) for u in urls] + [
        _count(api, "/api/education/agreements/"),
        _count(api, "/api/education/engagements/"),
    ]
    # The detail page checks `create`/`evaluate` per theme and engagement in memory, but each
    # theme costs one party lookup for its engagement form.
    assert many[0] == few[0] and many[2:] == few[2:]
    assert many[1] <= few[1] + 5 * 2
