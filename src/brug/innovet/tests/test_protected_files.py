"""Uploaded files go out only through a view that asks the policy (issue 11 §7)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from brug.accounts.tests.factories import user_with_role
from brug.innovet import materials
from brug.innovet.tests import factories as f

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% draft lesson\n"


@pytest.fixture
def draft():  # type: ignore[no-untyped-def]
    school = f.school()
    author = user_with_role("teacher", organisation=school)
    material = materials.material_create(
        actor=author,
        provider=school,
        title="Ontwerp",
        licence="cc_by",
        upload=SimpleUploadedFile("les.pdf", PDF, content_type="application/pdf"),
    )
    return author, material


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_guessable_media_path_is_not_served_to_anyone(draft) -> None:  # type: ignore[no-untyped-def]
    author, material = draft
    name = material.current_version.file.name
    assert material.current_version.file.read() == PDF
    outsider = user_with_role("teacher", organisation=f.school())
    for user in (None, outsider, author):
        assert _client(user).get("/media/" + name).status_code == 404


def test_anonymous_and_outsider_get_404_and_the_owner_gets_the_draft(draft) -> None:  # type: ignore[no-untyped-def]
    author, material = draft
    url = reverse("innovet:material-download", args=[material.pk])
    outsider = user_with_role("teacher", organisation=f.school())
    assert _client(None).get(url).status_code == 404
    assert _client(outsider).get(url).status_code == 404
    response = _client(author).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert 'filename="les.pdf"' in response["Content-Disposition"]


def test_production_hands_the_file_to_nginx_after_the_policy_check(draft, settings) -> None:  # type: ignore[no-untyped-def]
    author, material = draft
    settings.BRUG_MEDIA_ACCEL_PREFIX = "/protected-media/"
    url = reverse("innovet:material-download", args=[material.pk])
    assert _client(None).get(url).status_code == 404
    assert "X-Accel-Redirect" not in _client(None).get(url)
    response = _client(author).get(url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/protected-media/" + material.current_version.file.name
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]


def test_a_path_outside_media_root_is_never_sent(settings, tmp_path: Path) -> None:
    from django.http import Http404

    from brug.core.files import file_response

    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media").mkdir()
    (tmp_path / "secret.txt").write_text("x")
    for name in ("../secret.txt", "/etc/passwd", "a/../../secret.txt", ""):
        with pytest.raises(Http404):
            file_response(name=name, filename="s.txt")
    with pytest.raises(Http404):
        file_response(name=str(tmp_path / "secret.txt"), filename="s.txt")
