"""Registry API: read-only, filtered, what the matrix allows."""

from __future__ import annotations

import pytest

from brug.accounts.tests.factories import user_with_role
from brug.registry import models as m
from brug.registry.tests import factories as f

ENDPOINTS = [
    "reference-lists",
    "provinces",
    "municipalities",
    "postal-codes",
    "rtc-regions",
    "networks",
    "study-domains",
    "programmes",
    "qualifications",
    "competences",
    "sectors",
    "joint-committees",
    "organisations",
    "sites",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ENDPOINTS)
def test_public_reads_every_list(client, reference, name: str) -> None:  # type: ignore[no-untyped-def]
    response = client.get(f"/api/registry/{name}/")
    assert response.status_code == 200
    assert "results" in response.json()


@pytest.mark.django_db
def test_filters_and_detail(client, reference) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/api/registry/municipalities/", {"postal_code": "9000"}).json()
    assert [r["name_nl"] for r in body["results"]] == ["Gent"]
    gent_id = body["results"][0]["id"]
    assert client.get(f"/api/registry/municipalities/{gent_id}/").json()["nis_code"] == "44021"
    body = client.get("/api/registry/municipalities/", {"province": "70000", "limit": 500}).json()
    assert body["count"] == m.Municipality.objects.filter(province__nis_code="70000").count()
    assert client.get("/api/registry/municipalities/", {"search": "Hasselt"}).json()["count"] >= 1
    body = client.get(
        "/api/registry/organisations/", {"sector": "bouw", "kind": "sector_fund"}
    ).json()
    assert [r["name"] for r in body["results"]] == ["Constructiv"]
    body = client.get(
        "/api/registry/programmes/", {"is_dual": "true", "study_domain": "stem"}
    ).json()
    assert body["count"] >= 1 and all(r["is_dual"] for r in body["results"])
    q = client.get("/api/registry/qualifications/", {"code": "bk-kapper"}).json()["results"][0]
    assert len(q["competences"]) >= 3
    assert client.get("/api/registry/reference-lists/programmes/").json()["is_partial"] is True


@pytest.mark.django_db
def test_organisation_filters_by_network_and_province(client) -> None:  # type: ignore[no-untyped-def]
    school = f.OrganisationFactory(kind="school")
    site = f.SiteFactory(organisation=school)
    other = f.OrganisationFactory(kind="company")
    body = client.get("/api/registry/organisations/", {"network": school.network.code}).json()
    assert [r["id"] for r in body["results"]] == [school.pk]
    body = client.get(
        "/api/registry/organisations/", {"province": site.municipality.province.nis_code}
    ).json()
    assert school.pk in [r["id"] for r in body["results"]] and other.pk not in [
        r["id"] for r in body["results"]
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["public", "teacher", "platform_admin"])
def test_api_is_read_only(client, role: str) -> None:  # type: ignore[no-untyped-def]
    if role != "public":
        client.force_login(user_with_role(role))
    # An anonymous caller is asked to authenticate (401), a signed-in one is refused.
    refused = {401} if role == "public" else {403, 405}
    assert (
        client.post("/api/registry/provinces/", {"nis_code": "1", "name_nl": "X"}).status_code
        in refused
    )
    org = f.OrganisationFactory()
    assert client.delete(f"/api/registry/organisations/{org.pk}/").status_code in refused
    assert m.Organisation.objects.filter(pk=org.pk).exists()
