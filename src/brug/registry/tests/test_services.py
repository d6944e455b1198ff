"""Registry services: permission first, validation before any write, audit after."""

from __future__ import annotations

import pytest

from brug.accounts.tests.factories import user_with_role
from brug.core.audit import history_of
from brug.core.errors import NotAllowed, ServiceError
from brug.registry import models as m
from brug.registry import services as s
from brug.registry.tests import factories as f

VALID = "0403.170.701"  # 04031707 -> check digits 01


@pytest.fixture
def gent(db):  # type: ignore[no-untyped-def]
    mun = f.MunicipalityFactory(nis_code="44021", name_nl="Gent", latitude=51.05, longitude=3.71667)
    f.PostalCodeFactory(code="9000", locality="Gent", municipality=mun)
    return mun


@pytest.mark.django_db
def test_organisation_create_normalises_and_audits(admin_user) -> None:  # type: ignore[no-untyped-def]
    org = s.organisation_create(
        actor=admin_user,
        data=s.OrganisationData(kind="company", name=" Bouw NV ", enterprise_number=VALID),
    )
    assert org.enterprise_number == "0403170701" and org.name == "Bouw NV"
    assert history_of(org).filter(verb="registry.organisation.create").exists()


@pytest.mark.django_db
def test_organisation_create_refuses_bad_enterprise_number_and_writes_nothing(admin_user) -> None:  # type: ignore[no-untyped-def]
    before = m.Organisation.objects.count()
    with pytest.raises(ServiceError) as caught:
        s.organisation_create(
            actor=admin_user,
            data=s.OrganisationData(kind="company", name="X", enterprise_number="0403.170.702"),
        )
    assert caught.value.field == "enterprise_number"
    assert m.Organisation.objects.count() == before


@pytest.mark.django_db
def test_duplicate_enterprise_number_is_a_clear_error(admin_user) -> None:  # type: ignore[no-untyped-def]
    s.organisation_create(
        actor=admin_user, data=s.OrganisationData(kind="company", name="A", enterprise_number=VALID)
    )
    with pytest.raises(ServiceError) as caught:
        s.organisation_create(
            actor=admin_user,
            data=s.OrganisationData(kind="company", name="B", enterprise_number=VALID),
        )
    assert caught.value.code == "enterprise_number_taken"


@pytest.mark.django_db
def test_network_only_for_schools(admin_user) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError) as caught:
        s.organisation_create(
            actor=admin_user,
            data=s.OrganisationData(kind="company", name="X", network=f.EducationNetworkFactory()),
        )
    assert caught.value.field == "network"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["company_contact", "consultant", "teacher", "learner", "public"])
def test_only_admins_create_organisations(role: str) -> None:
    with pytest.raises(NotAllowed):
        s.organisation_create(
            actor=user_with_role(role), data=s.OrganisationData(kind="company", name="X")
        )


@pytest.mark.django_db
def test_company_contact_changes_own_organisation_but_not_another() -> None:
    user = user_with_role("company_contact")
    own = user.memberships.get().organisation
    s.organisation_update(
        actor=user, organisation=own, data=s.OrganisationData(kind="company", name="Nieuwe naam")
    )
    own.refresh_from_db()
    assert own.name == "Nieuwe naam"
    assert history_of(own).filter(verb="registry.organisation.change").exists()
    with pytest.raises(NotAllowed):
        s.organisation_update(
            actor=user,
            organisation=f.OrganisationFactory(),
            data=s.OrganisationData(kind="company", name="Y"),
        )


@pytest.mark.django_db
def test_site_coordinates_default_from_municipality(gent) -> None:  # type: ignore[no-untyped-def]
    user = user_with_role("company_contact")
    org = user.memberships.get().organisation
    site = s.site_create(
        actor=user,
        organisation=org,
        data=s.SiteData(name="Werf", municipality_nis="44021", postal_code="9000"),
    )
    assert (site.latitude, site.longitude) == (51.05, 3.71667)
    assert site.postal_code.code == "9000"
    assert history_of(site).filter(verb="registry.site.create").exists()


@pytest.mark.django_db
def test_site_refuses_unknown_nis_and_foreign_postcode(gent) -> None:  # type: ignore[no-untyped-def]
    user = user_with_role("company_contact")
    org = user.memberships.get().organisation
    with pytest.raises(ServiceError) as caught:
        s.site_create(
            actor=user, organisation=org, data=s.SiteData(name="W", municipality_nis="99999")
        )
    assert caught.value.code == "nis_unknown"
    f.PostalCodeFactory(
        code="2000", locality="Antwerpen", municipality=f.MunicipalityFactory(nis_code="11002")
    )
    with pytest.raises(ServiceError) as caught:
        s.site_create(
            actor=user,
            organisation=org,
            data=s.SiteData(name="W", municipality_nis="44021", postal_code="2000"),
        )
    assert caught.value.code == "postcode_mismatch" and "Gent" in caught.value.text.resolve("nl")
    with pytest.raises(ServiceError) as caught:
        s.site_create(
            actor=user,
            organisation=org,
            data=s.SiteData(name="W", municipality_nis="44021", latitude=3.7, longitude=51.0),
        )
    assert caught.value.code == "coordinates_outside"
    assert not m.Site.objects.filter(organisation=org).exists()


@pytest.mark.django_db
def test_site_of_another_organisation_is_refused(gent) -> None:  # type: ignore[no-untyped-def]
    user = user_with_role("company_contact")
    with pytest.raises(NotAllowed):
        s.site_create(
            actor=user,
            organisation=f.OrganisationFactory(),
            data=s.SiteData(name="W", municipality_nis="44021"),
        )


@pytest.mark.django_db
def test_site_update_and_delete(gent) -> None:  # type: ignore[no-untyped-def]
    user = user_with_role("company_contact")
    org = user.memberships.get().organisation
    site = s.site_create(
        actor=user, organisation=org, data=s.SiteData(name="W", municipality_nis="44021")
    )
    s.site_update(
        actor=user,
        site=site,
        data=s.SiteData(name="W2", municipality_nis="44021", latitude=51.1, longitude=3.8),
    )
    site.refresh_from_db()
    assert (site.name, site.latitude) == ("W2", 51.1)
    s.site_delete(actor=user, site=site)
    assert not m.Site.objects.filter(pk=site.pk).exists()


@pytest.mark.django_db
def test_programme_save_validates_references(admin_user) -> None:  # type: ignore[no-untyped-def]
    f.StudyDomainFactory()
    q = f.QualificationFactory(code="bk-x")
    programme, outcome = s.programme_save(
        actor=admin_user,
        code="p1",
        name="P",
        finality="D/A",
        grade="3",
        study_domain="stem",
        is_dual=True,
        qualification_codes=["bk-x"],
    )
    assert (
        outcome == "created"
        and programme.finality == "DA"
        and list(programme.qualifications.all()) == [q]
    )
    _, outcome = s.programme_save(
        actor=admin_user,
        code="p1",
        name="P",
        finality="DA",
        grade="3",
        study_domain="stem",
        is_dual=True,
        qualification_codes=["bk-x"],
    )
    assert outcome == "unchanged"
    with pytest.raises(ServiceError) as caught:
        s.programme_save(
            actor=admin_user,
            code="p2",
            name="P",
            finality="Z",
            grade="3",
            study_domain="stem",
            is_dual=False,
        )
    assert caught.value.field == "finality"
    with pytest.raises(ServiceError) as caught:
        s.programme_save(
            actor=admin_user,
            code="p2",
            name="P",
            finality="A",
            grade="3",
            study_domain="stem",
            is_dual=False,
            qualification_codes=["nope"],
        )
    assert caught.value.field == "qualifications"


@pytest.mark.django_db
def test_department_education_may_edit_qualifications_but_a_teacher_may_not() -> None:
    s.qualification_save(
        actor=user_with_role("department_education"), code="bk-1", name="Q", level="4"
    )
    with pytest.raises(NotAllowed):
        s.qualification_save(actor=user_with_role("teacher"), code="bk-2", name="Q", level="4")
    with pytest.raises(ServiceError):
        s.qualification_save(
            actor=user_with_role("department_education"), code="bk-3", name="Q", level="9"
        )
