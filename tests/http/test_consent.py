"""Consent: anonymous sessions need it; login cookies last only without it."""

from __future__ import annotations

import email.utils

import pytest

from satr_tornado.stores.mongo import from_datetime
from tests.conftest import CLOCK_START
from tests.http.conftest import SiteFactory
from tests.http.harness import Cookie, cookie_named, set_cookies

LIFE = 3600
CONSENT = "satr_consent=yes"


def _expires(cookie: Cookie) -> float:
    return email.utils.parsedate_to_datetime(cookie.attrs["expires"]).timestamp()


@pytest.mark.gen_test
async def test_auto_create_makes_session_with_consent_cookie(site: SiteFactory) -> None:
    made = site(auto_create=True)

    response = await made.client.fetch("/public", cookie=CONSENT)

    assert response.body == b'{"user": null, "has_session": true}'
    assert cookie_named(response, "_si").value
    assert len(await made.documents()) == 1


@pytest.mark.gen_test
async def test_auto_create_makes_no_session_without_consent(site: SiteFactory) -> None:
    made = site(auto_create=True)

    response = await made.client.fetch("/public")

    assert response.body == b'{"user": null, "has_session": false}'
    assert set_cookies(response) == []
    assert made.counter.commands == []


@pytest.mark.gen_test
async def test_auto_create_makes_no_session_when_consent_is_refused(
    site: SiteFactory,
) -> None:
    made = site(auto_create=True)

    response = await made.client.fetch("/public", cookie="satr_consent=no")

    assert set_cookies(response) == []
    assert await made.documents() == []


@pytest.mark.gen_test
async def test_sec_gpc_counts_as_no_consent_even_with_consent_cookie(
    site: SiteFactory,
) -> None:
    made = site(auto_create=True)

    response = await made.client.fetch(
        "/public", cookie=CONSENT, headers={"Sec-GPC": "1"}
    )

    assert response.body == b'{"user": null, "has_session": false}'
    assert set_cookies(response) == []
    assert await made.documents() == []


@pytest.mark.gen_test
async def test_login_without_consent_sets_browser_session_cookie(
    site: SiteFactory,
) -> None:
    made = site(life=LIFE)

    response = await made.client.fetch("/login", "POST", form={"user": "alice"})

    cookie = cookie_named(response, "_si")
    assert cookie.value
    assert "expires" not in cookie.attrs
    assert "max-age" not in cookie.attrs
    assert len(await made.documents()) == 1


@pytest.mark.gen_test
async def test_login_with_sec_gpc_sets_browser_session_cookie(
    site: SiteFactory,
) -> None:
    made = site(life=LIFE)

    response = await made.client.fetch(
        "/login",
        "POST",
        form={"user": "alice"},
        cookie=CONSENT,
        headers={"Sec-GPC": "1"},
    )

    cookie = cookie_named(response, "_si")
    assert "expires" not in cookie.attrs
    assert "max-age" not in cookie.attrs


@pytest.mark.gen_test
async def test_login_with_consent_sets_expires_and_max_age_at_session_end(
    site: SiteFactory,
) -> None:
    made = site(life=LIFE)

    response = await made.client.fetch(
        "/login", "POST", form={"user": "alice"}, cookie=CONSENT
    )

    cookie = cookie_named(response, "_si")
    assert _expires(cookie) == CLOCK_START + LIFE
    assert cookie.attrs["max-age"] == str(LIFE)
    [document] = await made.documents()
    assert from_datetime(document["ends"]) == CLOCK_START + LIFE


@pytest.mark.gen_test
async def test_consented_anonymous_cookie_expires_at_session_end(
    site: SiteFactory,
) -> None:
    made = site(auto_create=True, life=LIFE)
    made.clock.advance(10)

    response = await made.client.fetch("/public", cookie=CONSENT)

    cookie = cookie_named(response, "_si")
    assert _expires(cookie) == CLOCK_START + 10 + LIFE
    assert cookie.attrs["max-age"] == str(LIFE)
