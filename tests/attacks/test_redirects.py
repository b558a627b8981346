"""Redirect targets: no ``next`` value takes a user off the site after login."""

from __future__ import annotations

import re
import urllib.parse

import pytest

from tests.attacks.conftest import Site
from tests.attacks.harness import browser_login

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


@pytest.mark.parametrize("payload", PAYLOADS, ids=[repr(p) for p in PAYLOADS])
def test_login_redirect_carries_only_a_local_next(site: Site, payload: str) -> None:
    base = f"http://127.0.0.1:{site.demo.port}/"
    path = "/private?" + urllib.parse.urlencode({"x": payload})

    response = site.http.get(path)

    assert response.status in (302, 303)
    location = response.location
    assert location is not None
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)
    for carried in query.get("next", []):
        target = _browser_target(carried, base)
        assert (target.scheme, target.netloc) == ("http", f"127.0.0.1:{site.demo.port}")
