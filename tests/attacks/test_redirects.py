"""Redirect targets: no ``next`` value takes a user off the site after login."""

from __future__ import annotations

import html
import re
import urllib.parse

import pytest

from tests.attacks.conftest import Site
from tests.attacks.harness import (
    CONSENT,
    COOKIE,
    browser_login,
    session_id_of,
    xsrf_token,
)

#: Open-redirect payloads, grouped by the trick they use.
PAYLOADS = [
    # scheme-relative and absolute
    "//evil.example",
    "///evil.example",
    "////evil.example/x",
    "https://evil.example",
    "HTTP://evil.example",
    "https:evil.example",
    "http:/evil.example",
    # backslashes
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\\/evil.example",
    # tab, newline and other controls
    "/\t/evil.example",
    "/\n/evil.example",
    "\t//evil.example",
    " //evil.example",
    "/\r\n//evil.example",
    "/\x00//evil.example",
    # percent-encoded
    "%2F%2Fevil.example",
    "/%2F%2Fevil.example",
    "/%5Cevil.example",
    "%5C%5Cevil.example",
    "/%09/evil.example",
    "/%252F%252Fevil.example",
    "//%65vil.example",
    # userinfo
    "//evil.example@127.0.0.1",
    "https://127.0.0.1@evil.example",
    "//user:pass@evil.example",
    # numeric and odd hosts
    "//2130706433",
    "//0x7f000001",
    "http://0177.0.0.1",
    "//[::1]:80",
    "//evil\u3002example",
    # scripts and data
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
]


def _browser_target(location: str, base: str) -> urllib.parse.SplitResult:
    """Resolve ``location`` the way a lenient browser would."""
    cleaned = re.sub(r"[\t\n\r]", "", location).strip("\x00 ").replace("\\", "/")
    return urllib.parse.urlsplit(urllib.parse.urljoin(base, cleaned))


def test_there_are_at_least_thirty_payloads() -> None:
    assert len(set(PAYLOADS)) >= 30


@pytest.mark.parametrize("payload", PAYLOADS, ids=[repr(p) for p in PAYLOADS])
def test_login_next_never_leaves_the_site(site: Site, payload: str) -> None:
    base = f"http://127.0.0.1:{site.demo.port}/login"

    login = browser_login(site.http, next_target=payload)

    assert login.response.status in (302, 303)
    location = login.response.location
    assert location is not None
    target = _browser_target(location, base)
    assert (target.scheme, target.netloc) == ("http", f"127.0.0.1:{site.demo.port}")


#: Paths a link may be crafted with; the page answered carries them in its forms.
HOSTILE_PATHS = [
    "//evil.example",
    "//evil.example/private",
    "/\\evil.example",
    "/%2F%2Fevil.example",
    "/%5Cevil.example",
    "/%2F%252Fevil.example",
    "/..//evil.example",
]

#: Headers that name another host, as a proxy or an attacker might send them.
HOSTILE_HOSTS = [
    {"Host": "evil.example"},
    {"X-Forwarded-Host": "evil.example"},
    {"Forwarded": "host=evil.example;proto=https"},
    {"X-Original-URL": "//evil.example/"},
    {"X-Rewrite-URL": "//evil.example/"},
]


def _form_targets(page: str) -> list[str]:
    """The ``next`` values a page carries: hidden fields and consent links."""
    hidden = re.findall(r'<input type="hidden" name="next" value="([^"]*)"', page)
    linked = re.findall(r'href="/consent\?next=([^"]*)"', page)
    return [html.unescape(v) for v in hidden] + [
        urllib.parse.unquote(html.unescape(v)) for v in linked
    ]


def _on_site(target: str, port: int) -> bool:
    found = _browser_target(target, f"http://127.0.0.1:{port}/")
    return (found.scheme, found.netloc) == ("http", f"127.0.0.1:{port}")


@pytest.mark.parametrize("payload", PAYLOADS, ids=[repr(p) for p in PAYLOADS])
def test_login_form_carries_only_a_local_next(site: Site, payload: str) -> None:
    query = urllib.parse.urlencode({"next": payload})

    page = site.http.get(f"/login?{query}")

    assert page.status == 200
    targets = _form_targets(page.text)
    assert targets, "the login form carries no next field"
    assert [t for t in targets if not _on_site(t, site.demo.port)] == []


@pytest.mark.parametrize("payload", PAYLOADS, ids=[repr(p) for p in PAYLOADS])
def test_consent_form_carries_only_a_local_next(site: Site, payload: str) -> None:
    query = urllib.parse.urlencode({"next": payload})

    page = site.http.get(f"/consent?{query}")

    assert page.status == 200
    targets = _form_targets(page.text)
    assert targets, "the consent form carries no next field"
    assert [t for t in targets if not _on_site(t, site.demo.port)] == []


@pytest.mark.parametrize("payload", PAYLOADS, ids=[repr(p) for p in PAYLOADS])
def test_consent_choice_never_redirects_off_the_site(site: Site, payload: str) -> None:
    xsrf = xsrf_token(site.http)
    form = {"choice": "decline", "next": payload, "_xsrf": xsrf}

    response = site.http.post_form("/consent", form, cookie=f"_xsrf={xsrf}")

    assert response.status == 303
    assert response.location is not None
    assert _on_site(response.location, site.demo.port), response.location


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_page_at_a_hostile_path_carries_only_a_local_next(
    site: Site, path: str
) -> None:
    page = site.http.get(path)

    assert page.status == 404
    targets = _form_targets(page.text)
    assert targets, "the error page carries no consent banner"
    assert [t for t in targets if not _on_site(t, site.demo.port)] == []


@pytest.mark.parametrize("headers", HOSTILE_HOSTS, ids=lambda h: next(iter(h)))
def test_login_redirect_ignores_headers_naming_another_host(
    site: Site, headers: dict[str, str]
) -> None:
    response = site.http.get("/private?page=2", headers=headers)

    assert response.status in (302, 303)
    location = response.location
    assert location is not None and _on_site(location, site.demo.port), location
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)
    assert query.get("next") == ["/private?page=2"]


def test_no_redirect_carries_the_session_id(site: Site) -> None:
    visit = site.http.get("/public", cookie=f"{CONSENT}=yes")
    given = visit.cookie(COOKIE)
    assert given is not None and given.value
    jar = f"{CONSENT}=yes; {COOKIE}={given.value}"

    denied = site.http.get("/private", cookie=jar)
    login = browser_login(site.http, cookie=jar, next_target="/private")

    assert login.token is not None
    locations = [denied.location or "", login.response.location or ""]
    assert all(locations), locations
    for token in (given.value, login.token):
        secrets = {token, session_id_of(token), urllib.parse.quote(token, safe="")}
        assert [s for s in secrets for loc in locations if s in loc] == []
