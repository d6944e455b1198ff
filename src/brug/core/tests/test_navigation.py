"""The main menu per role: at most six items, grouped, one active, the rest on "all sections"."""

from __future__ import annotations

import re
from typing import Any

import pytest

from brug.accounts.models import Membership
from brug.accounts.roles import Role
from brug.accounts.tests.factories import user_with_role
from brug.core.i18n import by_language
from brug.core.navigation import MAX_TOP_LEVEL, NavEntry, nav_register


def _top_level(nav: dict[str, Any]) -> int:
    return 1 + len(nav["items"]) + (1 if nav["all_sections"] else 0)


def _labels(nav: dict[str, Any]) -> set[str]:
    labels = set()
    for item in nav["items"]:
        labels.add(item["label"])
        labels.update(child["label"] for child in item.get("children", []))
    return labels


def _menu_html(html: str) -> str:
    return html[html.index('<nav class="main-nav"') : html.index("</nav>")]


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_every_role_has_at_most_six_top_level_items(client: Any, role: str) -> None:
    user = user_with_role(role)
    Membership.objects.filter(user=user).update(is_org_admin=role != "learner")
    client.force_login(user)
    nav = client.get("/").context["nav"]
    assert _top_level(nav) <= MAX_TOP_LEVEL
    for item in nav["items"]:
        # A group only when it has more than one entry; otherwise the entry is the item.
        assert "url" in item or len(item["children"]) > 1


@pytest.mark.django_db
def test_learner_menu_has_no_covenant_analysis_or_registry_but_all_sections_has(
    client: Any,
) -> None:
    client.force_login(user_with_role("learner"))
    nav = client.get("/").context["nav"]
    labels = _labels(nav)
    assert "Mijn traject" in labels
    assert not labels & {"Convenanten: analyse", "Register", "Sectorconvenanten", "Cijfers"}
    html = client.get("/onderdelen/").content.decode()
    assert "Convenanten: analyse" in html and "Register" in html


@pytest.mark.django_db
def test_one_item_active_at_a_time(client: Any) -> None:
    client.force_login(user_with_role("consultant"))
    html = client.get("/convenanten/analyse/").content.decode()
    menu = _menu_html(html)
    current = re.findall(r'<a href="([^"]+)"\s+aria-current="page"', menu)
    assert current == ["/convenanten/analyse/"]
    # Its group is marked (visually) as the active one.
    assert 'class="nav-group is-active"' in menu
    home = _menu_html(client.get("/").content.decode())
    assert re.findall(r'<a href="([^"]+)"\s+aria-current="page"', home) == ["/"]


@pytest.mark.django_db
def test_menu_folds_behind_a_disclosure_button(client: Any) -> None:
    menu = _menu_html(client.get("/").content.decode())
    assert (
        '<button type="button" class="nav-toggle" aria-expanded="false" aria-controls="main-menu" hidden>'
        in menu
    )
    assert '<ul id="main-menu"' in menu
    assert "<script" not in menu  # CSP: the behaviour is in brug.js


@pytest.mark.django_db
def test_all_sections_shows_an_outsider_only_what_the_matrix_allows(client: Any) -> None:
    html = client.get("/onderdelen/").content.decode()
    main = html[html.index("<main") :]
    assert "InnoVET-aanbod" in main and "Cijfers" in main
    for private in ("Collega's", "Leeslog", "API-tokens", "Blokkades", "Mijn traject", "Veldwerk"):
        assert private not in main
    client.force_login(user_with_role("teacher"))
    main = client.get("/onderdelen/").content.decode()
    main = main[main.index("<main") :]
    assert "Mijn inschrijvingen" in main and "Organisatie aan boord" not in main


def test_an_entry_names_a_known_group() -> None:
    with pytest.raises(ValueError, match="Unknown navigation group"):
        nav_register(
            NavEntry("home", by_language({"nl": "x", "en": "x"}), "core.job", group="nowhere")
        )
