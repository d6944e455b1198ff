"""The admin (/beheer/) speaks the reader's language: every Brug model and app has a translated
name, and the fields the admin shows have translated names (issue 12)."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.test import Client
from django.utils.functional import Promise

from brug.accounts.tests.factories import user_with_role
from brug.registry.tests.factories import OrganisationFactory

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def _brug_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("brug.")]


def _dutch() -> dict[tuple[str | None, str], str]:
    return {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(CATALOGUE)) if not e.obsolete}


def _untranslated(text: object, dutch: dict[tuple[str | None, str], str]) -> bool:
    """True unless `text` is a lazy translation whose message has a Dutch translation."""
    if not isinstance(text, Promise) or not hasattr(text, "msgid"):
        return True
    return not dutch.get((getattr(text, "context", None), text.msgid))


def test_every_brug_model_has_an_explicit_translated_name() -> None:
    dutch = _dutch()
    missing = [
        f"{model._meta.label}.{attr}"
        for model in _brug_models()
        for attr in ("verbose_name", "verbose_name_plural")
        if _untranslated(model._meta.original_attrs.get(attr), dutch)
    ]
    assert len(_brug_models()) > 90
    assert missing == [], "give these a gettext_lazy name with a Dutch translation"


def test_every_brug_app_has_a_translated_name() -> None:
    dutch = _dutch()
    configs = [c for c in apps.get_app_configs() if c.name.startswith("brug.")]
    assert [c.label for c in configs if _untranslated(c.verbose_name, dutch)] == []


def test_every_field_the_admin_shows_has_a_translated_name() -> None:
    dutch = _dutch()
    missing = []
    for model in admin.site._registry:
        if not model.__module__.startswith("brug."):
            continue
        for field in model._meta.get_fields():
            if field.auto_created or not (field.concrete or field.many_to_many):
                continue
            verbose = field.verbose_name  # type: ignore[union-attr]
            if _untranslated(verbose, dutch) and verbose not in _DJANGO_TRANSLATED:
                missing.append(f"{model._meta.label}.{field.name}")
    assert missing == []


# The fields accounts.User inherits from Django's AbstractUser: Django translates them itself.
_DJANGO_TRANSLATED = {
    str(f.verbose_name)
    for f in apps.get_model("auth", "User")._meta.get_fields()
    if getattr(f, "verbose_name", None)
}


def _admin_client(language: str) -> Client:
    person = user_with_role("platform_admin")
    person.is_staff = person.is_superuser = True
    person.save()
    client = Client()
    client.force_login(person)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.django_db
def test_the_admin_index_names_the_models_in_dutch() -> None:
    html = _admin_client("nl").get("/beheer/").content.decode()
    for dutch in ("Auditregels", "Organisaties", "Gemeenten", "Paritaire comités", "Gebruikers"):
        assert dutch in html
    for english in ("Audit entries", "Organisations", "Municipalities", "Joint committees"):
        assert english not in html
    assert "Referentieregister" in html and "Reference registry" not in html
    assert "Beheer van Brug" in html and "Django" not in html


@pytest.mark.django_db
def test_a_changelist_in_dutch_has_dutch_model_and_column_names() -> None:
    OrganisationFactory(name="Bouwbedrijf Peeters", enterprise_number="0123456749")
    html = _admin_client("nl").get("/beheer/registry/organisation/").content.decode()
    assert "Bouwbedrijf Peeters" in html
    for dutch in (
        "Selecteer organisatie om te wijzigen",
        "Ondernemingsnummer",
        "Onderwijsnet",
        "Soort",
    ):
        assert dutch in html
    for english in ("Select organisation to change", "Enterprise number", "Education network"):
        assert english not in html


@pytest.mark.django_db
def test_the_admin_in_english_keeps_the_english_names() -> None:
    client = _admin_client("en")
    assert "Organisations" in client.get("/beheer/").content.decode()
    html = client.get("/beheer/registry/organisation/").content.decode()
    assert "Enterprise number" in html and "Ondernemingsnummer" not in html
