"""Logout: POST only with the XSRF token; GET shows a button."""

from __future__ import annotations

import re

from tests.attacks.harness import COOKIE, Http, browser_login, browser_logout


def test_logout_get_shows_a_button_that_posts(http: Http) -> None:
    login = browser_login(http)

    page = http.get("/logout", cookie=login.cookie)

    assert page.status == 200
    assert re.search(r'<form action="/logout" method="post">', page.text)
    assert http.get("/private", cookie=login.cookie).status == 200


def test_logout_post_without_xsrf_token_is_refused(http: Http) -> None:
    login = browser_login(http)

    response = http.post_form("/logout", {}, cookie=login.cookie)

    assert response.status == 403
    assert http.get("/private", cookie=login.cookie).status == 200


def test_logout_redirects_to_public_and_clears_the_cookie(http: Http) -> None:
    login = browser_login(http)

    response = browser_logout(http, login)

    assert response.status == 303
    assert response.location == "/public"
    cleared = response.cookie(COOKIE)
    assert cleared is not None and cleared.cleared
    assert cleared.attrs["path"] == "/"
    assert http.get("/private", cookie=login.cookie).status == 302
