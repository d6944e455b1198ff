"""Content-Security-Policy (django-csp): on every page, no inline script, and pages still work."""

from __future__ import annotations

from typing import Any

import pytest

from brug.accounts.tests.factories import user_with_role
from brug.core.testing.browser import assert_accessible, csp_violations, login

pytestmark = pytest.mark.django_db


def _policy(response: Any) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_every_page_sends_a_policy_without_inline_script(client) -> None:  # type: ignore[no-untyped-def]
    for url in ("/", "/aanmelden/", "/innovet/", "/register/"):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = _policy(response)
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_the_api_answers_carry_the_policy_too(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/")
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_templates_hold_no_inline_script_or_event_handler() -> None:
    """A <script> without src, or an on...= attribute, would be refused by the browser."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|javascript:|hx-on", re.I)
    offenders = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in root.rglob("templates/**/*.html")
        for match in inline.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_api_docs_load_their_script_from_a_url_not_inline(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>" not in html
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "script-src 'self'" in page["Content-Security-Policy"]


def test_the_policy_built_once_is_the_one_django_csp_builds(client) -> None:  # type: ignore[no-untyped-def]
    """`brug.core.middleware.CSPMiddleware` keeps the settings' policy per process: the header
    is exactly django-csp's, for a page and for an API answer, asked twice."""
    from csp.utils import build_policy

    expected = build_policy()
    for url in ("/aanmelden/", "/api/", "/aanmelden/"):
        assert client.get(url)["Content-Security-Policy"] == expected, url
    assert "Content-Security-Policy-Report-Only" not in client.get("/aanmelden/")


def test_a_view_that_changes_its_policy_still_gets_its_own(client) -> None:  # type: ignore[no-untyped-def]
    """The API docs page adds Swagger UI's inline styles (`csp_update`): its header differs
    from the kept one, and the next plain page has the plain policy again."""
    docs = client.get("/api/docs/")["Content-Security-Policy"]
    plain = client.get("/aanmelden/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in docs
    assert "style-src 'self';" in plain
    assert "'unsafe-inline'" not in plain.replace("style-src-attr 'unsafe-inline'", "")


def test_a_changed_setting_changes_the_header(client, settings) -> None:  # type: ignore[no-untyped-def]
    """The kept policy is dropped when a CSP setting changes (a test, or a new process)."""
    client.get("/aanmelden/")  # keep the current policy
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"img-src": ["'self'"]}}
    response = client.get("/aanmelden/")
    assert response["Content-Security-Policy"] == "default-src 'none'"
    report_only = response["Content-Security-Policy-Report-Only"].split("; ")
    assert sorted(report_only) == ["default-src 'self'", "img-src 'self'"]


def test_a_nonce_after_the_header_is_written_is_refused() -> None:
    """As with django-csp: a nonce asked for after the header went out would not be in it."""
    from csp.exceptions import CSPNonceError
    from django.http import HttpResponse
    from django.test import RequestFactory

    from brug.core.middleware import CSPMiddleware

    request = RequestFactory().get("/aanmelden/")
    middleware = CSPMiddleware(lambda r: HttpResponse("ok"))
    response = middleware(request)
    assert response["Content-Security-Policy"]
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)  # type: ignore[attr-defined]


def test_a_nonce_used_by_the_page_is_in_its_header(settings) -> None:  # type: ignore[no-untyped-def]
    """Brug's own policy names no nonce; a policy that does gets the request's own, not a
    kept one."""
    from csp.constants import NONCE
    from django.http import HttpResponse
    from django.test import RequestFactory

    from brug.core.middleware import CSPMiddleware

    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": ["'self'", NONCE]}}
    request = RequestFactory().get("/aanmelden/")

    def view(r):  # type: ignore[no-untyped-def]
        return HttpResponse(str(r.csp_nonce))

    response = CSPMiddleware(view)(request)
    nonce = response.content.decode()
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    assert (
        f"'nonce-{nonce}'"
        not in CSPMiddleware(view)(RequestFactory().get("/"))["Content-Security-Policy"]
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_work_in_a_browser_without_policy_violations(browser_page: Any) -> None:
    page = browser_page
    user = user_with_role("teacher")
    login(page, user.username)
    for url in ("/", "/innovet/", "/innovet/?q=bouw", "/api/docs/"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
    assert csp_violations(page) == []
    page.goto("/innovet/")
    assert_accessible(page)
    assert csp_violations(page) == []
    # The detector itself works: an inline script is refused and reported.
    with pytest.raises(Exception, match="Content Security Policy"):
        page.add_script_tag(content="document.title = 'x'")
    page.wait_for_timeout(200)
    assert any("script-src" in v for v in csp_violations(page))
