"""Teaching material in an S3-compatible object store (issue 18): upload through the page,
download through the page after the policy check, nothing for an outsider."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from brug.accounts.tests.factories import user_with_role
from brug.core.testing.object_store import ObjectStore
from brug.innovet.models import Material
from brug.innovet.tests import factories as f

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% lesson in the object store\n"


def test_material_upload_and_download_through_s3(s3_storage: ObjectStore, settings) -> None:  # type: ignore[no-untyped-def]
    settings.BRUG_MEDIA_ACCEL_PREFIX = "/protected-media/"  # production: still streamed
    school = f.school()
    author = user_with_role("teacher", organisation=school)
    client = Client()
    client.force_login(author)
    response = client.post(
        reverse("innovet:material-create"),
        {
            "title": "Les in de bucket",
            "licence": "cc_by",
            "upload": SimpleUploadedFile("les.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302, response.content[:500]
    material = Material.objects.get(title="Les in de bucket")
    version = material.current_version
    assert version is not None
    name = version.file.name
    assert s3_storage.names() == [name]
    stored = s3_storage.client.get_object(Bucket=s3_storage.bucket, Key=name)["Body"].read()
    assert stored == PDF

    url = reverse("innovet:material-download", args=[material.pk])
    download = client.get(url)
    assert download.status_code == 200
    assert "X-Accel-Redirect" not in download
    assert download.getvalue() == PDF
    assert 'filename="les.pdf"' in download["Content-Disposition"]

    outsider = Client()
    outsider.force_login(user_with_role("teacher", organisation=f.school()))
    refused = outsider.get(url)
    assert refused.status_code == 404
    assert PDF not in refused.content
    assert Client().get(url).status_code == 404
