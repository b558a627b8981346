"""Logout replay: nothing a client kept from before a logout works after it."""

from __future__ import annotations

from tests.attacks.conftest import Site
from tests.attacks.harness import (
    COOKIE,
    HEADER,
    Http,
    api_login,
    browser_login,
    browser_logout,
    private_works,
)


def test_old_cookie_is_dead_after_logout(site: Site) -> None:
    login = browser_login(site.http)
    assert login.token is not None and private_works(site.http, login.token)

    logout = browser_logout(site.http, login)

    assert logout.status in (302, 303)
    cleared = logout.cookie(COOKIE)
    assert cleared is not None and cleared.cleared
    assert not private_works(site.http, login.token)


def test_copy_of_cookie_taken_before_logout_is_dead_on_another_client(
    site: Site,
) -> None:
    login = browser_login(site.http)
    assert login.token is not None
    copy = str(login.token)
    thief = Http(site.demo.port)

    browser_logout(site.http, login)

    assert not private_works(thief, copy)
    assert not private_works(thief, copy, via="header")


def test_old_header_id_is_dead_after_api_logout(site: Site) -> None:
    _, token = api_login(site.http)
    assert token is not None and private_works(site.http, token, via="header")

    logout = site.http.request("POST", "/api/logout", headers={HEADER: token})

    assert logout.status in (200, 204)
    assert not private_works(site.http, token, via="header")


def test_logout_deletes_the_store_record(site: Site) -> None:
    login = browser_login(site.http)
    assert login.token is not None
    assert site.store.session_doc(login.token) is not None

    browser_logout(site.http, login)

    assert site.store.session_doc(login.token) is None
