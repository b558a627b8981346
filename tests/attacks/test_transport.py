"""Transport: Secure follows real HTTPS only; odd Cookie headers break nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.attacks.conftest import Launch, Site
from tests.attacks.harness import COOKIE, HEADER, Demo, browser_login, private_works

HTTPS = {"X-Forwarded-Proto": "https"}


@pytest.fixture(scope="module")
def proxied(launch: Launch) -> Iterator[Demo]:
    demo = launch(xheaders=True)
    yield demo
    demo.stop()


def test_cookie_is_secure_behind_a_tls_proxy_with_xheaders(proxied: Demo) -> None:
    login = browser_login(proxied.http, headers=HTTPS)

    issued = login.response.cookie(COOKIE)
    assert issued is not None and issued.value
    assert "secure" in issued.flags


def test_cookie_is_not_secure_over_plain_http_behind_the_proxy(proxied: Demo) -> None:
    login = browser_login(proxied.http, headers={"X-Forwarded-Proto": "http"})

    issued = login.response.cookie(COOKIE)
    assert issued is not None and "secure" not in issued.flags


def test_forged_forwarded_proto_is_ignored_without_xheaders(site: Site) -> None:
    login = browser_login(site.http, headers=HTTPS)

    issued = login.response.cookie(COOKIE)
    assert issued is not None and issued.value
    assert "secure" not in issued.flags


def test_several_session_cookies_use_the_signed_one(site: Site) -> None:
    login = browser_login(site.http)
    assert login.token is not None
    jar = f"{COOKIE}=planted-by-a-sibling-domain; {COOKIE}={login.token}; {COOKIE}=x"

    response = site.http.get("/private", cookie=jar)

    assert response.status == 200


def test_several_unsigned_session_cookies_give_no_5xx(site: Site) -> None:
    jar = "; ".join(f"{COOKIE}=v{i}" for i in range(50))

    response = site.http.get("/private", cookie=jar)

    assert response.status in (302, 303)


def test_sixteen_kilobyte_cookie_header_keeps_the_session(site: Site) -> None:
    login = browser_login(site.http)
    assert login.token is not None
    filler = "; ".join(f"pad{i}={'p' * 150}" for i in range(105))
    jar = f"{filler}; {COOKIE}={login.token}"
    assert len(jar) >= 16 * 1024

    response = site.http.get("/private", cookie=jar)

    assert response.status == 200


def test_sixteen_kilobyte_session_cookie_gives_no_5xx(site: Site) -> None:
    response = site.http.get("/private", cookie=f"{COOKIE}={'z' * 16 * 1024}")

    assert response.status in (302, 303)


@pytest.mark.parametrize("name", [HEADER.lower(), HEADER.upper(), "x-SESSION-id"])
def test_session_header_name_is_case_insensitive(site: Site, name: str) -> None:
    response = site.http.post_json(
        "/api/login",
        {"username": "alice", "password": "correct horse battery staple 42"},
    )
    token = response.header(HEADER)
    assert token is not None

    me = site.http.get("/api/me", headers={name: token})

    assert me.status == 200
    assert private_works(site.http, token, via="header")
