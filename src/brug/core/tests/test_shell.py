"""The UI shell: language switch, accessible structure, login/logout, deny by default."""

from __future__ import annotations

import pytest

from brug.accounts.tests.factories import user_with_role
from brug.config.env import ImproperlyConfiguredEnv, env_bool, env_int, env_list
from brug.core.i18n import by_language


@pytest.mark.django_db
def test_home_is_dutch_first_with_landmarks_and_skip_link(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/").content.decode()
    assert 'lang="nl-BE"' in html
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html and "<nav" in html and "<header" in html and "<footer" in html
    assert "Aanmelden" in html


@pytest.mark.django_db
def test_dutch_even_when_the_browser_prefers_english(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="nl-BE"' in html and "Aanmelden" in html


@pytest.mark.django_db
def test_english_switch(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/taal/", {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert 'lang="en"' in html and "Log in" in html


@pytest.mark.django_db
def test_login_and_logout(client) -> None:  # type: ignore[no-untyped-def]
    user = user_with_role("teacher")
    response = client.post("/aanmelden/", {"username": user.username, "password": "wrong"})
    assert "Gebruikersnaam of wachtwoord klopt niet." in response.content.decode()
    response = client.post(
        "/aanmelden/", {"username": user.username, "password": "brug-test-pass"}, follow=True
    )
    assert response.context["user"].is_authenticated
    assert "Leerkracht" in response.content.decode()
    client.post("/afmelden/")
    assert not client.get("/").context["user"].is_authenticated


@pytest.mark.django_db
def test_api_denies_by_default(client) -> None:  # type: ignore[no-untyped-def]
    from rest_framework.test import APIRequestFactory
    from rest_framework.views import APIView

    class Bare(APIView):
        def get(self, request):  # type: ignore[no-untyped-def]
            return None

    response = Bare.as_view()(APIRequestFactory().get("/"))
    assert response.status_code in (401, 403)


@pytest.mark.django_db
def test_notifications_page_marks_read(client) -> None:  # type: ignore[no-untyped-def]
    from brug.core.notify import notify

    user = user_with_role("guide")
    notify(
        recipients=[user],
        subject=by_language({"nl": "Nieuwe kandidatuur", "en": "New application"}),
        body=by_language({"nl": "Tekst", "en": "Text"}),
        url="/x/",
    )
    client.force_login(user)
    assert "Nieuwe kandidatuur" in client.get("/meldingen/").content.decode()
    assert user.notifications.filter(read_at__isnull=True).count() == 0


def test_bilingual_text() -> None:
    from django.utils import translation

    text = by_language(
        {"nl": "Capaciteit {n} is te laag.", "en": "Capacity {n} is too low."}
    ).format(n=0)
    with translation.override("en"):
        assert str(text) == "Capacity 0 is too low."
    with translation.override("nl"):
        assert str(text) == "Capaciteit 0 is te laag."


def test_env_helpers(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("X_BOOL", "off")
    monkeypatch.setenv("X_INT", "12")
    monkeypatch.setenv("X_LIST", "a, b,,c")
    assert env_bool("X_BOOL", True) is False
    assert env_int("X_INT", 0) == 12
    assert env_list("X_LIST", []) == ["a", "b", "c"]
    monkeypatch.setenv("X_BOOL", "maybe")
    with pytest.raises(ImproperlyConfiguredEnv):
        env_bool("X_BOOL", True)


def test_lang_filter_picks_one_side_of_a_bilingual_label() -> None:
    from django.utils import translation

    from brug.core.templatetags.brug import lang

    with translation.override("nl"):
        assert lang("Sectorconsulent / Sector consultant") == "Sectorconsulent"
        assert lang("RTC") == "RTC"
    with translation.override("en"):
        assert lang("Sectorconsulent / Sector consultant") == "Sector consultant"
