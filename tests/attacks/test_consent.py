"""Consent: nothing is stored for an anonymous visitor who has not agreed."""

from __future__ import annotations

import pytest

from tests.attacks.conftest import Site
from tests.attacks.harness import CONSENT, COOKIE, browser_login

ANONYMOUS_PAGES = ["/", "/public", "/private", "/login", "/consent"]


@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_anonymous_visit_without_consent_leaves_no_session(
    site: Site, path: str
) -> None:
    before = site.store.session_count()

    response = site.http.get(path)

    assert response.status < 500
    assert response.cookie(COOKIE) is None
    assert site.store.session_count() == before


@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_anonymous_visit_with_gpc_overrides_a_consent_cookie(
    site: Site, path: str
) -> None:
    before = site.store.session_count()

    response = site.http.get(path, cookie=f"{CONSENT}=yes", headers={"Sec-GPC": "1"})

    assert response.status < 500
    assert response.cookie(COOKIE) is None
    assert site.store.session_count() == before


def test_anonymous_visit_sets_only_strictly_necessary_cookies(site: Site) -> None:
    names = set()
    for path in ANONYMOUS_PAGES:
        names |= {cookie.name for cookie in site.http.get(path).cookies}

    assert names <= {"_xsrf"}, names


def test_login_without_consent_sets_a_browser_session_cookie(site: Site) -> None:
    login = browser_login(site.http)

    issued = login.response.cookie(COOKIE)
    assert issued is not None and issued.value
    assert "expires" not in issued.attrs
    assert "max-age" not in issued.attrs
    assert {"httponly"} <= issued.flags
    assert issued.attrs.get("samesite", "").lower() == "lax"
    assert issued.attrs.get("path") == "/"


def test_login_with_gpc_sets_a_browser_session_cookie(site: Site) -> None:
    login = browser_login(site.http, cookie=f"{CONSENT}=yes", headers={"Sec-GPC": "1"})

    issued = login.response.cookie(COOKIE)
    assert issued is not None and issued.value
    assert "expires" not in issued.attrs
    assert "max-age" not in issued.attrs


def test_login_with_consent_sets_a_cookie_that_expires_with_the_session(
    site: Site,
) -> None:
    login = browser_login(site.http, cookie=f"{CONSENT}=yes")

    issued = login.response.cookie(COOKIE)
    assert issued is not None and issued.value
    assert 0 < int(issued.attrs["max-age"]) <= 3600
    assert "expires" in issued.attrs
