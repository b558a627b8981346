"""Issued ids: 256 random bits each, never repeated, small enough to keep."""

from __future__ import annotations

import re

from tests.attacks.conftest import Site
from tests.attacks.harness import COOKIE, api_login, browser_login, session_id_of

LOGINS = 6


def test_issued_ids_are_43_url_safe_characters_and_all_distinct(site: Site) -> None:
    tokens = [browser_login(site.http).token for _ in range(LOGINS)]
    tokens += [api_login(site.http)[1] for _ in range(LOGINS)]

    ids = [session_id_of(t) for t in tokens if t is not None]

    assert len(ids) == 2 * LOGINS
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{43}", i) for i in ids), ids
    assert len(set(ids)) == len(ids)


def test_session_cookie_name_and_value_fit_in_4096_bytes(site: Site) -> None:
    login = browser_login(site.http)

    issued = login.response.cookie(COOKIE)
    assert issued is not None
    assert len(issued.name.encode()) + len(issued.value.encode()) < 4096


def test_pages_behind_login_offer_a_logout_button(site: Site) -> None:
    login = browser_login(site.http)

    page = site.http.get("/private", cookie=login.cookie)

    assert page.status == 200
    assert re.search(
        r"<form[^>]*action=\"/logout\"[^>]*method=\"post\"", page.text, re.I
    ) or re.search(r"<form[^>]*method=\"post\"[^>]*action=\"/logout\"", page.text, re.I)
