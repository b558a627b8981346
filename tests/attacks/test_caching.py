"""Caching: responses that set or depend on the session are never stored."""

from __future__ import annotations

from tests.attacks.conftest import Site
from tests.attacks.harness import COOKIE, HEADER, Response, api_login, browser_login


def _uncacheable(response: Response) -> None:
    directives = {
        d.strip().lower() for d in (response.header("Cache-Control") or "").split(",")
    }
    assert {"private", "no-store"} <= directives, response.header("Cache-Control")
    vary = {v.strip().lower() for v in (response.header("Vary") or "").split(",")}
    assert "cookie" in vary, response.header("Vary")


def test_login_response_is_private_no_store(site: Site) -> None:
    login = browser_login(site.http)

    _uncacheable(login.response)


def test_private_page_is_private_no_store(site: Site) -> None:
    login = browser_login(site.http)

    response = site.http.get("/private", cookie=login.cookie)

    assert response.status == 200
    _uncacheable(response)


def test_public_page_read_with_a_session_is_private_no_store(site: Site) -> None:
    login = browser_login(site.http)

    response = site.http.get("/public", cookie=login.cookie)

    assert response.status == 200
    _uncacheable(response)


def test_logout_response_is_private_no_store(site: Site) -> None:
    login = browser_login(site.http)

    response = site.http.post_form(
        "/logout", {"_xsrf": login.xsrf}, cookie=f"_xsrf={login.xsrf}; {login.cookie}"
    )

    _uncacheable(response)


def test_redirect_for_a_dead_cookie_is_private_no_store(site: Site) -> None:
    response = site.http.get("/private", cookie=f"{COOKIE}=dead")

    _uncacheable(response)


def test_api_responses_vary_on_the_session_header(site: Site) -> None:
    response, token = api_login(site.http)
    assert token is not None
    me = site.http.get("/api/me", headers={HEADER: token})

    for answer in (response, me):
        _uncacheable(answer)
        vary = {v.strip().lower() for v in (answer.header("Vary") or "").split(",")}
        assert HEADER.lower() in vary
