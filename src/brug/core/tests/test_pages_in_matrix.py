"""Deny by default for pages: every named page has a row in `permission_matrix.PAGES` (the
matrix resource that decides who may open it, or why it is open), and "all sections"
(/onderdelen/) lists only what the matrix opens to the person — the outsider included."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from brug.accounts.tests.factories import UserFactory, user_with_role
from brug.core import policy
from brug.core.navigation import _ENTRIES
from brug.permission_matrix import MATRIX, OPEN, PAGES


def _named_pages(
    patterns: list[URLPattern | URLResolver], namespace: str = "", prefix: str = ""
) -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace or ""
            yield from _named_pages(
                pattern.url_patterns, inner or namespace, prefix + str(pattern.pattern)
            )
        elif pattern.name:
            module = pattern.callback.__module__
            route = prefix + str(pattern.pattern)
            # The site's pages: Brug's own views, not the API (its viewsets are checked per
            # resource), Django's admin or the API documentation.
            site = (module.startswith("brug.") and ".api" not in module) or module.startswith(
                ("django.contrib.auth", "django.views.i18n", "mozilla_django_oidc")
            )
            if site and not route.startswith(("api/", "beheer/")):
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), module


def test_every_named_page_has_a_row_in_the_matrix() -> None:
    pages = dict(_named_pages(get_resolver().url_patterns))
    assert len(pages) > 150  # the walk found the site's pages
    missing = sorted(set(pages) - set(PAGES))
    assert not missing, f"Pages without a row in permission_matrix.PAGES: {missing}"
    assert sorted(set(PAGES) - set(pages)) == []  # no row for a page that is gone


def test_every_page_row_names_a_resource_or_why_it_is_open() -> None:
    for name, row in PAGES.items():
        if row.startswith(f"{OPEN}:"):
            assert len(row) > len(OPEN) + 10, f"{name}: say why the page is open"
        else:
            assert row in MATRIX, f"{name}: {row} is not a resource of the matrix"


def _section_links(client: Client) -> set[str]:
    response = client.get(reverse("all-sections"))
    assert response.status_code == 200
    main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    return set(re.findall(r'href="(/[^"#?]*)"', main))


def _allowed_links(user: object) -> set[str]:
    links = set()
    for entry in _ENTRIES:
        if policy.can_any(user, entry.action, entry.resource):  # type: ignore[arg-type]
            links.add(reverse(entry.url_name))
    return links


@pytest.mark.django_db
def test_all_sections_shows_the_outsider_only_what_the_public_may_open(client: Client) -> None:
    public = _section_links(client)
    outsider = UserFactory()  # signed in, but no role for any organisation
    client.force_login(outsider)
    assert _section_links(client) == public
    assert public  # the public sections are there (offers, figures, the register)
    assert public <= _allowed_links(outsider)
    # Pages of a role are not listed for the outsider (deny by default).
    assert reverse("workplace:learners") not in public
    assert reverse("accounts:my_members") not in public


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["guide", "company_contact", "department_work", "learner"])
def test_all_sections_lists_exactly_what_the_matrix_opens_to_a_role(
    client: Client, role: str
) -> None:
    user = user_with_role(role)
    client.force_login(user)
    links = _section_links(client)
    allowed = _allowed_links(user)
    public = _allowed_links(UserFactory())
    assert links <= allowed
    assert links - public  # a role sees more than the outsider


def _argument_free_pages() -> list[tuple[str, str]]:
    found = []
    for name, row in sorted(PAGES.items()):
        if row.startswith(f"{OPEN}:"):
            continue
        try:
            found.append((name, reverse(name)))
        except NoReverseMatch:  # a page of one object: not here
            continue
    return found


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url"), _argument_free_pages())
def test_the_outsider_opens_no_page_the_matrix_does_not_grant(
    client: Client, name: str, url: str
) -> None:
    """A signed-in person without any role (the outsider) is refused every page whose resource
    the matrix opens to no one (public); a page of a public resource may still refuse an action
    (creating an offer), so there only "no server error" is checked."""
    outsider = UserFactory()
    client.force_login(outsider)
    resource = PAGES[name]
    granted = any(
        policy.can_any(outsider, action, resource) for action in policy.matrix_actions(resource)
    )
    status = client.get(url).status_code
    assert status < 500, (name, status)
    if not granted:
        # Nothing of this resource is open to anyone: the page is refused (or sends the
        # person elsewhere), never shown.
        assert status in (302, 403, 404, 405), (name, status)
