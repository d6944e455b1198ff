"""The partnership register: search (text, facets, distance), pages and API, who may do what,
bad input and the query budget of the lists."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from brug.accounts.tests.factories import user_with_role
from brug.core.errors import NotAllowed, ServiceError
from brug.innovet.models import MaterialStatus, OfferStatus
from brug.innovet.tests.factories import MaterialFactory, OfferFactory
from brug.partnerships import services
from brug.partnerships.models import Partnership, PartnershipKind
from brug.partnerships.search import PartnershipQuery, partnerships_search
from brug.partnerships.selectors import register_base
from brug.registry import models as rm
from brug.registry.tests import factories as rf

TODAY = date.today()


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    antwerp = rf.ProvinceFactory(nis_code="10000", name_nl="Antwerpen")
    limburg = rf.ProvinceFactory(nis_code="70000", name_nl="Limburg")
    near = rf.MunicipalityFactory(
        province=antwerp, name_nl="Mechelen", latitude=51.03, longitude=4.48
    )
    far = rf.MunicipalityFactory(province=limburg, name_nl="Genk", latitude=50.97, longitude=5.50)
    rf.PostalCodeFactory(code="2800", municipality=near, locality="Mechelen")
    school = rf.OrganisationFactory(kind=rm.OrganisationKind.SCHOOL, name="Technisch Instituut")
    rf.SiteFactory(organisation=school, municipality=near, latitude=51.03, longitude=4.48)
    company = rf.OrganisationFactory(
        kind=rm.OrganisationKind.COMPANY, name="Installatiebedrijf Noord"
    )
    rf.SiteFactory(organisation=company, municipality=far, latitude=50.97, longitude=5.50)
    energy = rf.StudyDomainFactory(name="Energie")
    guide = user_with_role("guide", school)
    company_user = user_with_role("company_contact", company)
    welding = services.partnership_create(
        actor=guide,
        owner=school,
        kind=PartnershipKind.SCHOOL_COMPANY,
        title="Lassers van morgen",
        goal="Leerlingen leren lassen in het bedrijf",
        theme="Lassen",
        start=TODAY - timedelta(days=300),
        province=antwerp,
        study_domains=[energy],
        publish=True,
    )
    heat = services.partnership_create(
        actor=company_user,
        owner=company,
        kind=PartnershipKind.LEARNING_NETWORK,
        title="Netwerk warmtepompen",
        goal="Leerkrachten en installateurs delen kennis over warmtepompen",
        theme="Hernieuwbare energie",
        start=TODAY - timedelta(days=900),
        end=TODAY - timedelta(days=30),
        province=limburg,
        publish=True,
    )
    draft = services.partnership_create(
        actor=guide,
        owner=school,
        kind=PartnershipKind.RTC_PROJECT,
        title="Geheim ontwerp lassen",
        goal="Nog niet openbaar",
        theme="Lassen",
        start=TODAY,
    )
    return {
        "school": school,
        "company": company,
        "guide": guide,
        "company_user": company_user,
        "welding": welding,
        "heat": heat,
        "draft": draft,
        "energy": energy,
        "antwerp": antwerp,
    }


def _titles(result: Any) -> set[str]:
    return {p.title for p in result.partnerships}


# ---------------------------------------------------------------------------- search


def test_text_search_finds_stems_on_both_databases(world: dict[str, Any]) -> None:
    from django.contrib.auth.models import AnonymousUser

    base = register_base(AnonymousUser())
    assert _titles(partnerships_search(base, PartnershipQuery(text="lassen"))) == {
        "Lassers van morgen"
    }
    assert _titles(partnerships_search(base, PartnershipQuery(text="warmtepomp"))) == {
        "Netwerk warmtepompen"
    }
    # A partner's name finds the partnership too.
    assert _titles(partnerships_search(base, PartnershipQuery(text="Technisch Instituut"))) == {
        "Lassers van morgen"
    }
    only_stopwords = partnerships_search(base, PartnershipQuery(text="de het een"))
    assert only_stopwords.text_ignored and only_stopwords.total == 2


def test_facets_count_the_choices_next_to_their_own(world: dict[str, Any]) -> None:
    from django.contrib.auth.models import AnonymousUser

    base = register_base(AnonymousUser())
    result = partnerships_search(base, PartnershipQuery(kinds=("school_company",)))
    assert result.total == 1
    kinds = {f.key: f.count for f in result.facets["kind"]}
    assert kinds == {"learning_network": 1, "school_company": 1}
    assert {f.label: f.count for f in result.facets["province"]} == {"Antwerpen": 1}
    assert {f.label for f in result.facets["study_domain"]} == {"Energie"}
    assert result.facets["running"][0].count == 1
    running = partnerships_search(base, PartnershipQuery(running=True))
    assert _titles(running) == {"Lassers van morgen"}
    by_theme = partnerships_search(base, PartnershipQuery(themes=("Hernieuwbare energie",)))
    assert _titles(by_theme) == {"Netwerk warmtepompen"}


def test_distance_filter_and_sort(world: dict[str, Any]) -> None:
    from django.contrib.auth.models import AnonymousUser

    base = register_base(AnonymousUser())
    mechelen = (51.03, 4.48)
    near = partnerships_search(base, PartnershipQuery(origin=mechelen, within_km=20))
    assert _titles(near) == {"Lassers van morgen"}
    assert near.distances[world["welding"].pk] == 0.0
    ordered = partnerships_search(base, PartnershipQuery(origin=mechelen, sort="distance"))
    assert [p.title for p in ordered.partnerships] == ["Lassers van morgen", "Netwerk warmtepompen"]
    assert 60 < ordered.distances[world["heat"].pk] < 90


# ---------------------------------------------------------------------------- pages


def test_register_page_is_public_and_hides_drafts(world: dict[str, Any]) -> None:
    html = Client().get(reverse("partnerships:register"), {"q": "lassen"}).content.decode()
    assert "Lassers van morgen" in html and "Geheim ontwerp" not in html
    html = (
        Client()
        .get(reverse("partnerships:register"), {"place": "2800", "km": "20"})
        .content.decode()
    )
    assert "Lassers van morgen" in html and "Netwerk warmtepompen" not in html
    unknown = Client().get(reverse("partnerships:register"), {"place": "9999", "km": "5"})
    assert unknown.status_code == 200 and "9999" in unknown.content.decode()
    assert (
        Client().get(reverse("partnerships:detail", args=[world["welding"].pk])).status_code == 200
    )
    assert Client().get(reverse("partnerships:detail", args=[world["draft"].pk])).status_code == 404


@pytest.mark.parametrize(
    "role", ["teacher", "learner", "company_contact", "rtc_staff", "consultant"]
)
def test_outsiders_do_not_see_or_change_a_draft(world: dict[str, Any], role: str) -> None:
    client = Client()
    client.force_login(user_with_role(role))
    draft = world["draft"]
    assert client.get(reverse("partnerships:detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("partnerships:change", args=[draft.pk])).status_code == 404
    api = APIClient()
    api.force_authenticate(user_with_role(role))
    assert api.get(f"/api/partnerships/partnerships/{draft.pk}/").status_code == 404
    body = api.get("/api/partnerships/partnerships/").json()
    assert "Geheim ontwerp lassen" not in {r["title"] for r in body["results"]}
    # A published entry of someone else: visible, not changeable.
    welding = world["welding"]
    assert client.get(reverse("partnerships:change", args=[welding.pk])).status_code == 403
    response = api.post(
        f"/api/partnerships/partnerships/{welding.pk}/members/",
        {"organisation": world["company"].pk},
    )
    assert response.status_code == 403
    assert welding.members.count() == 1


def test_teacher_and_learner_may_not_register(world: dict[str, Any]) -> None:
    for role in ("teacher", "learner"):
        client = Client()
        client.force_login(user_with_role(role))
        assert client.get(reverse("partnerships:create")).status_code == 403
    assert Client().get(reverse("partnerships:create")).status_code == 302


def test_member_of_a_draft_sees_it(world: dict[str, Any]) -> None:
    services.partnership_member_add(
        actor=world["guide"],
        partnership=world["draft"],
        organisation=world["company"],
        role="partner",
    )
    client = Client()
    client.force_login(world["company_user"])
    html = client.get(reverse("partnerships:detail", args=[world["draft"].pk])).content.decode()
    assert "Installatiebedrijf Noord" in html and "Technisch Instituut" in html


def test_create_change_and_partners_through_the_pages(world: dict[str, Any]) -> None:
    client = Client()
    client.force_login(world["guide"])
    form = {
        "kind": "learning_network",
        "title": "Netwerk zorgtechnologie",
        "goal": "Samen lesmateriaal maken",
        "theme": "Zorg",
        "start": (TODAY - timedelta(days=10)).isoformat(),
        "end": "",
        "study_domains": [world["energy"].pk],
        "is_published": "on",
    }
    bad = client.post(
        reverse("partnerships:create"), form | {"end": (TODAY - timedelta(days=20)).isoformat()}
    )
    assert bad.status_code == 400 and "voor de start" in bad.content.decode()
    assert not Partnership.objects.filter(title="Netwerk zorgtechnologie").exists()
    ok = client.post(reverse("partnerships:create"), form)
    assert ok.status_code == 302
    created = Partnership.objects.get(title="Netwerk zorgtechnologie")
    assert ok["Location"] == reverse("partnerships:detail", args=[created.pk])
    assert created.owner == world["school"] and created.members.count() == 1
    add = client.post(
        reverse("partnerships:member-add", args=[created.pk]),
        {"organisation": "installatiebedrijf noord", "role": "gastspreker"},
    )
    assert add.status_code == 302
    assert created.members.filter(organisation=world["company"], side="work").exists()
    unknown = client.post(
        reverse("partnerships:member-add", args=[created.pk]), {"organisation": "Bestaat Niet"}
    )
    assert unknown.status_code == 400 and "Geen organisatie gevonden" in unknown.content.decode()
    change = client.post(
        reverse("partnerships:change", args=[created.pk]), form | {"title": "Netwerk zorg"}
    )
    assert change.status_code == 302
    assert change["Location"] == reverse("partnerships:detail", args=[created.pk])
    created.refresh_from_db()
    assert created.title == "Netwerk zorg"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"title": ""}, "required"),
        ({"title": "x" * 201}, "too_long"),
        ({"goal": "  "}, "required"),
        ({"theme": "t" * 101}, "too_long"),
        ({"kind": "friendship"}, "bad_kind"),
        ({"url": "ftp://example.org"}, "bad_url"),
        ({"start": None}, "required"),
        ({"start": date(1800, 1, 1)}, "date_out_of_range"),
        ({"end": TODAY + timedelta(days=365 * 30)}, "date_out_of_range"),
        ({"end": TODAY - timedelta(days=400)}, "end_before_start"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    world: dict[str, Any], changes: dict[str, Any], code: str
) -> None:
    fields = {
        "kind": "school_company",
        "title": "Nieuw",
        "goal": "Doel",
        "theme": "Thema",
        "start": TODAY - timedelta(days=10),
    } | changes
    before = Partnership.objects.count()
    with pytest.raises(ServiceError) as refused:
        services.partnership_create(actor=world["guide"], owner=world["school"], **fields)
    assert refused.value.code == code
    assert Partnership.objects.count() == before


def test_decisions_only_for_a_sectoral_partnership(world: dict[str, Any]) -> None:
    body = rf.OrganisationFactory(kind=rm.OrganisationKind.PARTNERSHIP, name="Partnerschap Bouw")
    reviewer = user_with_role("reviewer", body)
    dual = services.partnership_create(
        actor=reviewer,
        owner=body,
        body=body,
        kind=PartnershipKind.DUAL_SECTORAL,
        title="Sectoraal partnerschap bouw",
        goal="Erkenning van leerwerkplekken",
        theme="Duaal leren",
        start=TODAY - timedelta(days=100),
        publish=True,
    )
    services.partnership_member_add(actor=reviewer, partnership=dual, organisation=world["school"])
    services.partnership_member_add(actor=reviewer, partnership=dual, organisation=world["company"])
    services.partnership_decision_add(
        actor=reviewer,
        partnership=dual,
        decided_on=TODAY - timedelta(days=5),
        subject="Erkenningscriteria",
        decision="Goedgekeurd",
    )
    with pytest.raises(ServiceError):
        services.partnership_decision_add(
            actor=reviewer,
            partnership=dual,
            decided_on=TODAY + timedelta(days=5),
            subject="x",
            decision="y",
        )
    with pytest.raises(ServiceError):
        services.partnership_decision_add(
            actor=world["guide"],
            partnership=world["welding"],
            decided_on=TODAY,
            subject="x",
            decision="y",
        )
    with pytest.raises(NotAllowed):
        services.partnership_decision_add(
            actor=world["guide"], partnership=dual, decided_on=TODAY, subject="x", decision="y"
        )
    html = Client().get(reverse("partnerships:detail", args=[dual.pk])).content.decode()
    assert "Erkenningscriteria" in html
    assert "Onderwijs" in html and "Werk" in html  # members from education and from work


def test_offers_link_to_the_partnership_they_came_from(world: dict[str, Any]) -> None:
    published = OfferFactory(
        provider=world["school"], status=OfferStatus.PUBLISHED, title="Lascursus"
    )
    draft = OfferFactory(provider=world["company"], status=OfferStatus.DRAFT, title="Ontwerp")
    api = APIClient()
    api.force_authenticate(world["guide"])
    url = f"/api/partnerships/partnerships/{world['welding'].pk}/link/"
    assert api.post(url, {"offers": [published.pk]}, format="json").status_code == 200
    refused = api.post(url, {"offers": [draft.pk]}, format="json")
    assert refused.status_code == 400
    assert list(world["welding"].offers.all()) == [published]
    assert list(published.partnerships.all()) == [world["welding"]]
    html = Client().get(reverse("partnerships:detail", args=[world["welding"].pk])).content.decode()
    assert "Lascursus" in html


def test_api_create_and_search(world: dict[str, Any]) -> None:
    api = APIClient()
    api.force_authenticate(world["company_user"])
    response = api.post(
        "/api/partnerships/partnerships/",
        {
            "kind": "sector_project",
            "title": "Opleidingscentrum lassen",
            "goal": "Infrastructuur delen",
            "theme": "Lassen",
            "start": TODAY.isoformat(),
            "owner": world["company"].pk,
            "publish": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    other = api.post(
        "/api/partnerships/partnerships/",
        {
            "kind": "sector_project",
            "title": "X",
            "goal": "Y",
            "theme": "Z",
            "start": TODAY.isoformat(),
            "owner": world["school"].pk,
        },
        format="json",
    )
    assert other.status_code == 403
    bad = api.post(
        "/api/partnerships/partnerships/",
        {
            "kind": "sector_project",
            "title": "",
            "goal": "Y",
            "theme": "Z",
            "start": "2025-02-30",
            "owner": world["company"].pk,
        },
        format="json",
    )
    assert bad.status_code == 400
    body = APIClient().get("/api/partnerships/partnerships/", {"q": "lassen", "limit": 1}).json()
    assert body["count"] == 2 and len(body["results"]) == 1
    near = APIClient().get("/api/partnerships/partnerships/", {"place": "2800", "km": 20}).json()
    assert {r["title"] for r in near["results"]} == {"Lassers van morgen"}


# ---------------------------------------------------------------------------- query budget


def test_register_page_and_api_query_count_does_not_grow(world: dict[str, Any]) -> None:
    client = Client()
    client.force_login(world["guide"])

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    urls = (reverse("partnerships:register"), "/api/partnerships/partnerships/?q=lassen")
    count(urls[0])
    few = tuple(count(u) for u in urls)
    domain = rf.StudyDomainFactory()
    for i in range(8):
        p = services.partnership_create(
            actor=world["guide"],
            owner=world["school"],
            kind=PartnershipKind.SCHOOL_COMPANY,
            title=f"Lassen extra {i}",
            goal="Lassen",
            theme=f"Thema {i % 3}",
            start=TODAY - timedelta(days=i),
            province=world["antwerp"],
            study_domains=[domain],
            publish=True,
        )
        services.partnership_member_add(
            actor=world["guide"], partnership=p, organisation=world["company"]
        )
    assert tuple(count(u) for u in urls) == few


# ---------------------------------------------------------------------------- links between offers, materials and partnerships


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _partnership(world: dict[str, Any], title: str, *, publish: bool = True) -> Any:
    return services.partnership_create(
        actor=world["guide"],
        owner=world["school"],
        kind=PartnershipKind.SCHOOL_COMPANY,
        title=title,
        goal="Samen lassen",
        theme="Lassen",
        start=TODAY - timedelta(days=10),
        publish=publish,
    )


def test_offer_and_material_pages_link_to_their_visible_partnerships(
    world: dict[str, Any],
) -> None:
    offer = OfferFactory(provider=world["school"], status=OfferStatus.PUBLISHED, title="Lascursus")
    material = MaterialFactory(
        provider=world["school"], status=MaterialStatus.APPROVED, title="Lesmap lassen"
    )
    hidden = _partnership(world, "Nog niet gepubliceerd", publish=False)
    for partnership in (world["welding"], hidden):
        services.partnership_link(
            actor=world["guide"], partnership=partnership, offers=[offer], materials=[material]
        )
    welding_url = reverse("partnerships:detail", args=[world["welding"].pk])
    hidden_url = reverse("partnerships:detail", args=[hidden.pk])
    for url in (
        reverse("innovet:offer-detail", args=[offer.pk]),
        reverse("innovet:material-detail", args=[material.pk]),
    ):
        # The public sees the published partnership only; its owner sees both.
        html = Client().get(url).content.decode()
        assert "Maakt deel uit van deze partnerschappen" in html
        assert welding_url in html and hidden_url not in html
        owner = Client()
        owner.force_login(world["guide"])
        html = owner.get(url).content.decode()
        assert welding_url in html and hidden_url in html
    page = Client().get(welding_url).content.decode()
    assert reverse("innovet:offer-detail", args=[offer.pk]) in page
    assert reverse("innovet:material-detail", args=[material.pk]) in page


def test_a_draft_material_is_not_listed_on_the_partnership_page(world: dict[str, Any]) -> None:
    material = MaterialFactory(provider=world["school"], status=MaterialStatus.APPROVED)
    services.partnership_link(
        actor=world["guide"], partnership=world["welding"], materials=[material]
    )
    material.status = MaterialStatus.DRAFT
    material.save(update_fields=["status"])
    page = Client().get(reverse("partnerships:detail", args=[world["welding"].pk]))
    assert reverse("innovet:material-detail", args=[material.pk]) not in page.content.decode()


def test_link_pages_query_count_does_not_grow(world: dict[str, Any]) -> None:
    client = Client()
    client.force_login(world["guide"])
    offer = OfferFactory(provider=world["school"], status=OfferStatus.PUBLISHED)
    material = MaterialFactory(provider=world["school"], status=MaterialStatus.APPROVED)
    services.partnership_link(
        actor=world["guide"], partnership=world["welding"], offers=[offer], materials=[material]
    )
    urls = (
        reverse("partnerships:detail", args=[world["welding"].pk]),
        reverse("innovet:offer-detail", args=[offer.pk]),
        reverse("innovet:material-detail", args=[material.pk]),
    )
    _queries(client, urls[0])  # warm-up: roles and sessions
    few = tuple(_queries(client, u) for u in urls)
    offers = [
        OfferFactory(provider=world["school"], status=OfferStatus.PUBLISHED) for _ in range(5)
    ]
    materials = [
        MaterialFactory(provider=world["school"], status=MaterialStatus.APPROVED) for _ in range(5)
    ]
    services.partnership_link(
        actor=world["guide"], partnership=world["welding"], offers=offers, materials=materials
    )
    for i in range(5):
        services.partnership_link(
            actor=world["guide"],
            partnership=_partnership(world, f"Extra {i}"),
            offers=[offer],
            materials=[material],
        )
    assert tuple(_queries(client, u) for u in urls) == few
