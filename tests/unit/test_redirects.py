"""safe_redirect_target: only same-site relative paths pass."""

from __future__ import annotations

import pytest
from ada_url import join_url

from satr_tornado.redirects import safe_redirect_target

FALLBACK = "/fallback"
SITE = "https://site.example/login"

_OPEN_REDIRECTS = [
    # scheme-relative and absolute
    "//evil.example",
    "//evil.example/path",
    "///evil.example",
    "////evil.example",
    "https://evil.example",
    "http://evil.example/",
    "HTTPS://evil.example",
    "ftp://evil.example",
    "evil.example",
    "evil.example/path",
    # backslashes
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\\/evil.example",
    "/path\\..\\..\\\\evil.example",
    # tab, newline and other whitespace that browsers strip
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    " //evil.example",
    "/ /evil.example",
    "\t//evil.example",
    # percent-encoded, once and twice
    "/%2Fevil.example",
    "/%2f%2fevil.example",
    "%2F%2Fevil.example",
    "/%5Cevil.example",
    "/%5cevil.example",
    "/%09/evil.example",
    "/%0a/evil.example",
    "/%252Fevil.example",
    "/%255Cevil.example",
    "/%25252F%25252Fevil.example",
    "/%00",
    # userinfo and numeric hosts
    "//user@evil.example",
    "https://site.example@evil.example",
    "//site.example%40evil.example",
    "http://2130706433/",
    "//0x7f.1",
    "//127.0.0.1",
    "//[::1]/",
    # script and data schemes
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "java\tscript:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    # control characters
    "/\x00evil",
    "/\x7fevil",
    "/\x1b[31m",
    "/path\x0b",
    "/\u2028/evil.example",
    "/\u00a0/evil.example",
    # empty and odd
    "",
    "?next=//evil.example",
    "#//evil.example",
    ".",
    "../evil",
]


@pytest.mark.parametrize("target", _OPEN_REDIRECTS)
def test_open_redirect_payload_gives_the_fallback(target: str) -> None:
    assert safe_redirect_target(target, FALLBACK) == FALLBACK


@pytest.mark.parametrize(
    "target",
    [
        "/",
        "/account",
        "/account/settings?tab=security",
        "/search?q=a%20b&page=2",
        "/path#section",
        "/a/b/c.html?x=1&y=%2F",
        "/caf%C3%A9",
        "/items/42?sort=-date",
    ],
)
def test_same_site_relative_path_passes_unchanged(target: str) -> None:
    assert safe_redirect_target(target, FALLBACK) == target


@pytest.mark.parametrize("target", ["/", "/account?tab=1", "/search?q=a%20b"])
def test_passed_path_resolves_on_the_same_site(target: str) -> None:
    resolved = join_url(SITE, safe_redirect_target(target, FALLBACK))

    assert resolved.startswith("https://site.example/")


def test_none_gives_the_fallback() -> None:
    assert safe_redirect_target(None, FALLBACK) == FALLBACK


def test_default_fallback_is_the_root() -> None:
    assert safe_redirect_target("//evil.example") == "/"


def test_overlong_target_gives_the_fallback() -> None:
    assert safe_redirect_target("/" + "a" * 5000, FALLBACK) == FALLBACK
