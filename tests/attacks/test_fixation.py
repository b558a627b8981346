"""Fixation: no id held before a login survives it, by cookie or by header."""

from __future__ import annotations

import secrets

from tests.attacks.conftest import Site
from tests.attacks.harness import (
    CONSENT,
    COOKIE,
    HEADER,
    OTHER_PASSWORD,
    OTHER_USERNAME,
    api_login,
    browser_login,
    private_works,
    sign,
    store_key,
)


def test_login_issues_a_new_id_and_kills_the_one_held_before(site: Site) -> None:
    before = browser_login(site.http)
    assert before.token is not None

    after = browser_login(site.http, cookie=before.cookie)

    assert after.token is not None and after.token != before.token
    assert private_works(site.http, after.token)
    assert not private_works(site.http, before.token)


def test_login_as_another_user_kills_the_previous_users_id(site: Site) -> None:
    first = browser_login(site.http, OTHER_USERNAME, OTHER_PASSWORD)
    assert first.token is not None

    second = browser_login(site.http, cookie=first.cookie)

    assert second.token is not None and second.token != first.token
    assert not private_works(site.http, first.token)
    me = site.http.get("/api/me", headers={HEADER: first.token})
    assert me.status == 401


def test_planted_signed_id_is_not_adopted_by_login(site: Site) -> None:
    planted_id = secrets.token_urlsafe(32)
    planted = sign(planted_id)

    login = browser_login(site.http, cookie=f"{COOKIE}={planted}")

    assert login.response.status in (302, 303)
    assert login.token is not None and login.token != planted
    assert not private_works(site.http, planted)
    assert site.store.holders_of([store_key(planted_id), planted_id]) == []


def test_header_login_issues_a_new_id_and_kills_the_one_held_before(
    site: Site,
) -> None:
    _, before = api_login(site.http)
    assert before is not None

    response = site.http.post_json(
        "/api/login",
        {"username": OTHER_USERNAME, "password": OTHER_PASSWORD},
        headers={HEADER: before},
    )
    after = response.header(HEADER)

    assert response.status == 200
    assert after is not None and after != before
    assert private_works(site.http, after, via="header")
    assert not private_works(site.http, before, via="header")


def test_login_kills_the_session_a_consenting_visitor_was_given(site: Site) -> None:
    visit = site.http.get("/public", cookie=f"{CONSENT}=yes")
    given = visit.cookie(COOKIE)
    assert given is not None and given.value
    visitor = given.value
    assert site.store.session_doc(visitor) is not None

    login = browser_login(site.http, cookie=f"{CONSENT}=yes; {COOKIE}={visitor}")
    again = site.http.get("/public", cookie=f"{CONSENT}=yes; {COOKIE}={visitor}")

    assert login.token is not None and login.token != visitor
    assert private_works(site.http, login.token)
    assert site.store.session_doc(visitor) is None
    replaced = again.cookie(COOKIE)
    assert replaced is not None and replaced.value not in ("", visitor)
    assert not private_works(site.http, visitor)
