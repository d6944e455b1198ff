from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from brug.accounts.tests.factories import user_with_role
from brug.core.errors import NotAllowed, ServiceError
from brug.innovet import materials
from brug.innovet.models import Material, MaterialStatus, MaterialVersion
from brug.innovet.selectors import materials_visible_to
from brug.innovet.tests import factories as f

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% test\n"


def _pdf(name: str = "les.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _author():  # type: ignore[no-untyped-def]
    school = f.school()
    return user_with_role("teacher", organisation=school), school


def test_upload_of_a_wrong_type_is_refused_and_nothing_is_written() -> None:
    user, school = _author()
    for upload, code in (
        (SimpleUploadedFile("virus.exe", b"MZ\x90\x00"), "file_type"),
        (SimpleUploadedFile("fake.pdf", b"MZ\x90\x00 not a pdf"), "file_type"),
    ):
        with pytest.raises(ServiceError) as exc:
            materials.material_create(
                actor=user, provider=school, title="Les", licence="cc_by", upload=upload
            )
        assert exc.value.code == code and exc.value.field == "upload"
    assert not Material.objects.exists() and not MaterialVersion.objects.exists()


def test_upload_that_is_too_large_is_refused() -> None:
    user, school = _author()
    big = _pdf(content=PDF + b"0" * materials.MAX_UPLOAD_BYTES)
    with pytest.raises(ServiceError) as exc:
        materials.material_create(
            actor=user, provider=school, title="Les", licence="cc_by", upload=big
        )
    assert exc.value.code == "file_size"
    assert "20 MB" in exc.value.text.resolve("nl")
    assert not Material.objects.exists()


def test_review_workflow_versions_and_counted_downloads() -> None:
    user, school = _author()
    material = materials.material_create(
        actor=user, provider=school, title="Slimme fabriek", licence="cc_by_sa", upload=_pdf()
    )
    assert material.status == MaterialStatus.DRAFT
    assert not materials_visible_to(None).filter(pk=material.pk).exists()
    materials.material_submit(actor=user, material=material)
    support = f.OrganisationFactory(kind="support_service")
    reviewer = user_with_role("support_staff", organisation=support)
    with pytest.raises(NotAllowed):  # the author cannot approve their own material
        materials.material_review(actor=user, material=material, reviewer=support, approve=True)
    with pytest.raises(ServiceError):  # changes requested needs a reason
        materials.material_review(
            actor=reviewer, material=material, reviewer=support, approve=False
        )
    materials.material_review(
        actor=reviewer, material=material, reviewer=support, approve=False, note="Bronnen?"
    )
    assert not materials_visible_to(None).filter(pk=material.pk).exists()
    materials.material_version_add(actor=user, material=material, upload=_pdf("v2.pdf"))
    materials.material_submit(actor=user, material=material)
    materials.material_review(actor=reviewer, material=material, reviewer=support, approve=True)
    assert materials_visible_to(None).filter(pk=material.pk).exists()
    version = materials.material_download(actor=None, material=material)
    assert version.number == 2 and version.original_name == "v2.pdf"
    materials.material_download(actor=None, material=material)
    material.refresh_from_db()
    assert material.download_count == 2
    assert list(material.versions.values_list("number", flat=True)) == [2, 1]


def test_public_cannot_download_material_that_is_not_approved() -> None:
    material = f.MaterialFactory(status=MaterialStatus.SUBMITTED)
    with pytest.raises(NotAllowed):
        materials.material_download(actor=None, material=material)
